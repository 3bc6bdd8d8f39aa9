#!/usr/bin/python3
# Writes plateau.json: the learning rate that torch.optim.lr_scheduler.ReduceLROnPlateau keeps in force epoch by
# epoch for fixed sequences of monitored losses, for ReduceOnPlateauTests.cs.
#
# Run from this folder with Debian's PyTorch (package python3-torch):
#     apt-get install -y --no-install-recommends python3-torch
#     /usr/bin/python3 make_plateau_fixtures.py
#
# For each configuration an SGD optimizer over one dummy parameter starts at "lr"; before each scheduler.step(loss)
# the script records the rate in force during that epoch, and after the last step the rate in force next. Floats
# are written by json (repr: the shortest text that reads back to the same double).
import json
import math

import torch

torch.set_default_dtype(torch.float64)


def wavy(n):
    # A loss that falls, stalls and wobbles: 1/(1 + k/4) + 0.03 sin(k) + a slow rise after epoch 50.
    return [1.0 / (1.0 + k / 4.0) + 0.03 * math.sin(k) + max(0, k - 50) * 0.002 for k in range(n)]


CONFIGURATIONS = [
    # torch's defaults: factor 0.1, patience 10, threshold 1e-4 'rel', cooldown 0, min_lr 0, eps 1e-8.
    dict(name="defaults", lr=0.1, settings={}, losses=wavy(90)),
    dict(name="patience 2, cooldown 1, 1% relative", lr=1.0,
         settings=dict(factor=0.5, patience=2, threshold=0.01, cooldown=1), losses=wavy(60)),
    dict(name="absolute threshold, floor", lr=0.5,
         settings=dict(factor=0.3, patience=1, threshold=0.05, threshold_mode="abs", cooldown=2, min_lr=0.02),
         losses=wavy(60)),
    # 1.0 then exactly 1.0 * (1 - 1e-4): not below the threshold, so a bad epoch; then just below it.
    dict(name="relative threshold boundary", lr=0.01, settings=dict(patience=0),
         losses=[1.0, 1.0 * (1.0 - 1e-4), 0.9999, 0.99989, 0.99989, 0.5, 0.49995, 0.499949]),
    # Reductions of no more than eps are skipped: 1e-7 halves to 1.25e-8, and the next halving (6.25e-9) is dropped.
    dict(name="minimum decay", lr=1e-7, settings=dict(factor=0.5, patience=0), losses=[3.0, 3.0, 3.0, 3.0, 3.0, 3.0]),
    # Patience 0 and a long cooldown: every epoch after a cooldown is a reduction until the loss improves.
    dict(name="patience 0, cooldown 3", lr=0.2, settings=dict(factor=0.5, patience=0, cooldown=3),
         losses=[1.0, 1.1, 1.2, 0.9, 1.3, 1.3, 1.3, 1.3, 0.8, 0.8, 0.8, 0.8, 0.8]),
]


def run(configuration):
    parameter = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([parameter], lr=configuration["lr"])
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", **configuration["settings"])
    rates = []
    for loss in configuration["losses"]:
        rates.append(optimizer.param_groups[0]["lr"])
        scheduler.step(loss)
    rates.append(optimizer.param_groups[0]["lr"])
    return rates


def main():
    out = {
        "torch": torch.__version__,
        "note": "rates[e] is the learning rate in force during epoch e (the last entry: after the last loss)",
        "configurations": [],
    }
    for c in CONFIGURATIONS:
        settings = dict(factor=0.1, patience=10, threshold=1e-4, threshold_mode="rel", cooldown=0, min_lr=0.0, eps=1e-8)
        settings.update(c["settings"])
        out["configurations"].append(dict(name=c["name"], lr=c["lr"], settings=settings, losses=c["losses"], rates=run(c)))
    with open("plateau.json", "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
