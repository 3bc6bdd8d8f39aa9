#!/usr/bin/python3
# Writes optimizers.json: the weights and biases of a small float64 network after 50 steps of each torch.optim
# configuration below, for TorchTrajectoryTests.cs.
#
# Run from this folder with Debian's PyTorch (package python3-torch, with python3-numpy):
#     apt-get install -y --no-install-recommends python3-torch python3-numpy
#     /usr/bin/python3 make_optimizer_fixtures.py
#
# The network is 3 inputs -> 4 tanh (with bias) -> 2 sigmoid (with bias); torch.nn.Linear's weight is
# outputs x inputs, as Backprop's DenseLayer. The loss is Backprop's half-squared-error with LossReduction.Mean:
# the mean over the batch of sum_j 1/2 (t_j - out_j)^2 per sample. Biases are given to the optimizer in a group of
# their own with weight_decay 0, since Backprop never decays biases.
#
# Debian bookworm ships torch 1.13, whose single-tensor NAdam computed the next running product of the momentum
# schedule as mu_product * mu * mu_next (mu counted twice); PyTorch 2.0 fixed it to mu_product * mu_next
# (pytorch/pytorch#92699). On torch < 2 this script swaps in the 1.13 function with that one line fixed, so the
# NAdam trajectory is that of current PyTorch. Every other rule is torch.optim's own code.
import json
import math

import torch

torch.set_default_dtype(torch.float64)  # also the dtype of the optimizers' scalar state (step, mu_product)

STEPS = 50

HIDDEN_W = [[0.15, -0.25, 0.35], [-0.4, 0.2, 0.1], [0.3, 0.45, -0.2], [-0.1, -0.35, 0.5]]
HIDDEN_B = [0.05, -0.1, 0.2, 0.0]
OUTPUT_W = [[0.4, -0.3, 0.25, 0.6], [-0.5, 0.35, -0.15, 0.2]]
OUTPUT_B = [0.1, -0.05]
INPUTS = [[0.5, -1.0, 0.25], [1.5, 0.3, -0.7], [-0.2, 0.8, 1.1], [0.9, -0.6, 0.4], [-1.3, 0.1, -0.5]]
TARGETS = [[0.9, 0.1], [0.2, 0.8], [0.7, 0.3], [0.4, 0.6], [0.1, 0.95]]


def fixed_nadam_1_13(params, grads, exp_avgs, exp_avg_sqs, mu_products, state_steps, *, beta1, beta2, lr,
                     weight_decay, momentum_decay, eps):
    # torch 1.13's _single_tensor_nadam with mu_product_next = mu_product * mu_next (as in PyTorch >= 2.0).
    for i, param in enumerate(params):
        grad = grads[i]
        exp_avg = exp_avgs[i]
        exp_avg_sq = exp_avg_sqs[i]
        mu_product = mu_products[i]
        step_t = state_steps[i]
        step_t += 1
        step = step_t.item()
        bias_correction2 = 1 - beta2 ** step
        if weight_decay != 0:
            grad = grad.add(param, alpha=weight_decay)
        mu = beta1 * (1. - 0.5 * (0.96 ** (step * momentum_decay)))
        mu_next = beta1 * (1. - 0.5 * (0.96 ** ((step + 1) * momentum_decay)))
        mu_product *= mu
        mu_product_next = mu_product * mu_next
        exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        denom = exp_avg_sq.div(bias_correction2).sqrt().add_(eps)
        param.addcdiv_(grad, denom, value=-lr * (1. - mu) / (1. - mu_product.item()))
        param.addcdiv_(exp_avg, denom, value=-lr * mu_next / (1. - mu_product_next.item()))


if int(torch.__version__.split('.')[0]) < 2:
    import importlib
    importlib.import_module("torch.optim.nadam")._single_tensor_nadam = fixed_nadam_1_13

# name, Backprop class, Backprop settings (constructor argument names), torch factory of (weights, biases)
CONFIGURATIONS = [
    ("rmsprop", "RmsProp",
     {"learningRate": 0.005, "alpha": 0.95, "epsilon": 1e-6, "weightDecay": 0.01},
     lambda w, b: torch.optim.RMSprop([{"params": w, "weight_decay": 0.01}, {"params": b, "weight_decay": 0.0}],
                                      lr=0.005, alpha=0.95, eps=1e-6)),
    ("rmsprop-centered-momentum", "RmsProp",
     {"learningRate": 0.003, "alpha": 0.9, "epsilon": 1e-8, "momentum": 0.8, "centered": True},
     lambda w, b: torch.optim.RMSprop(w + b, lr=0.003, alpha=0.9, eps=1e-8, momentum=0.8, centered=True)),
    ("adagrad", "AdaGrad",
     {"learningRate": 0.1, "epsilon": 1e-10, "initialAccumulator": 0.1, "weightDecay": 0.005},
     lambda w, b: torch.optim.Adagrad([{"params": w, "weight_decay": 0.005}, {"params": b, "weight_decay": 0.0}],
                                      lr=0.1, eps=1e-10, initial_accumulator_value=0.1)),
    ("adamw", "AdamW",
     {"learningRate": 0.01, "beta1": 0.85, "beta2": 0.995, "epsilon": 1e-7, "weightDecay": 0.1},
     lambda w, b: torch.optim.AdamW([{"params": w, "weight_decay": 0.1}, {"params": b, "weight_decay": 0.0}],
                                    lr=0.01, betas=(0.85, 0.995), eps=1e-7)),
    ("nadam", "Nadam",
     {"learningRate": 0.01, "beta1": 0.9, "beta2": 0.99, "epsilon": 1e-8, "momentumDecay": 0.01,
      "weightDecay": 0.001},
     lambda w, b: torch.optim.NAdam([{"params": w, "weight_decay": 0.001}, {"params": b, "weight_decay": 0.0}],
                                    lr=0.01, betas=(0.9, 0.99), eps=1e-8, momentum_decay=0.01)),
    ("rprop", "Rprop",
     {"learningRate": 0.02, "etaMinus": 0.4, "etaPlus": 1.3, "minStep": 1e-4, "maxStep": 0.05},
     lambda w, b: torch.optim.Rprop(w + b, lr=0.02, etas=(0.4, 1.3), step_sizes=(1e-4, 0.05))),
]


def run(factory):
    hidden = torch.nn.Linear(3, 4)
    output = torch.nn.Linear(4, 2)
    with torch.no_grad():
        hidden.weight.copy_(torch.tensor(HIDDEN_W))
        hidden.bias.copy_(torch.tensor(HIDDEN_B))
        output.weight.copy_(torch.tensor(OUTPUT_W))
        output.bias.copy_(torch.tensor(OUTPUT_B))
    x = torch.tensor(INPUTS)
    t = torch.tensor(TARGETS)
    optimizer = factory([hidden.weight, output.weight], [hidden.bias, output.bias])
    for _ in range(STEPS):
        optimizer.zero_grad()
        out = torch.sigmoid(output(torch.tanh(hidden(x))))
        loss = (0.5 * (t - out) ** 2).sum(dim=1).mean()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        out = torch.sigmoid(output(torch.tanh(hidden(x))))
        final_loss = (0.5 * (t - out) ** 2).sum(dim=1).mean().item()

    def layer(linear):
        return {"weights": [[float(v) for v in row] for row in linear.weight.tolist()],
                "bias": [float(v) for v in linear.bias.tolist()]}

    return {"hidden": layer(hidden), "output": layer(output), "loss": final_loss}


def main():
    result = {
        "source": f"torch {torch.__version__} (Debian python3-torch), float64; written by make_optimizer_fixtures.py",
        "steps": STEPS,
        "loss": "mean over the batch of sum_j 1/2 (t_j - out_j)^2",
        "initial": {"hidden": {"weights": HIDDEN_W, "bias": HIDDEN_B},
                    "output": {"weights": OUTPUT_W, "bias": OUTPUT_B}},
        "inputs": INPUTS,
        "targets": TARGETS,
        "configurations": [],
    }
    for name, rule, settings, factory in CONFIGURATIONS:
        entry = {"name": name, "optimizer": rule, "settings": settings}
        entry.update(run(factory))
        result["configurations"].append(entry)
    # json writes floats with repr, the shortest string that reads back to the same double.
    with open("optimizers.json", "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    for c in result["configurations"]:
        print(c["name"], "loss after", STEPS, "steps:", repr(c["loss"]))


if __name__ == "__main__":
    main()
