"""compare.sh's report: Backprop's BenchmarkDotNet results beside the peers' (results.jsonl), per workload and
precision, the ratios, GFLOP/s against the measured FMA peaks, the targets, the final losses and W5's peak memory.

  python3 compare_report.py PEERS/results.jsonl BenchmarkDotNet.Artifacts/results FINAL_LOSSES.jsonl PEAK_MEMORY.jsonl
"""
import csv
import glob
import json
import os
import re
import sys

peers_file, bdn_dir, losses_file, memory_file = sys.argv[1:5]
UNIT = {"ns": 1e-9, "us": 1e-6, "μs": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0}
LOSS_TOLERANCE = 1e-6  # issue 15: the float32 final losses agree with torch float32's to 1e-6 relative
WORKLOADS = ["W1", "W2", "W3", "W4", "W5"]
DTYPES = ["float64", "float32"]


def seconds(text):
    m = re.match(r"\s*([\d.,]+)\s*(\S+)", text)
    return float(m.group(1).replace(",", "")) * UNIT[m.group(2)]


def size(text):
    m = re.match(r"\s*([\d.,]+)\s*(\S+)", text or "-")
    if not m:
        return 0.0
    return float(m.group(1).replace(",", "")) * {"B": 1, "KB": 1024, "MB": 1024 ** 2}[m.group(2)]


def fmt(s):
    return f"{s*1e9:.0f} ns" if s < 1e-6 else f"{s*1e6:.1f} µs" if s < 1e-3 else f"{s*1e3:.2f} ms"


def thr(threads):
    return f" ({threads} thread{'s' if threads > 1 else ''})" if threads else ""


def peer_label(p):
    blas = f", BLAS {p['blas_threads']}" if p.get("blas_threads", p["threads"]) != p["threads"] else ""
    return f"{p['impl']} {p['threads']} thr{blas}"


# ---- Backprop's rows: (workload, dtype, threads) -> (median, allocated, min)
ours, scaling = {}, []
for path in glob.glob(os.path.join(bdn_dir, "*-report.csv")):
    for row in csv.DictReader(open(path, encoding="utf-8")):
        name = row["Method"]
        if name.startswith("W3_one_epoch"):
            scaling.append((int(row["DataCopies"]), int(row["Hidden"]), seconds(row.get("Median") or row["Mean"])))
            continue
        dtype = "float32" if row.get("Precision") == "Float32" else "float64"
        ours[(name[:2], dtype, int(row.get("Threads") or 0))] = (
            seconds(row.get("Median") or row["Mean"]), size(row.get("Allocated", "0 B")),
            seconds(row.get("Min") or row.get("Median") or row["Mean"]))

records = [json.loads(line) for line in open(peers_file) if line.strip()]
peers = [p for p in records if p.get("kind") == "bench" and "step_med_us" in p]
fma = next((p for p in records if p.get("kind") == "fma_peak"), None)


def candidates(wl, dtype, threads):
    """The peers of a row: same workload and dtype; on a thread count, those whose own threads match (torch with
    its BLAS on two threads counts as one thread); W1-W4 (threads 0) against every run."""
    return [p for p in peers if p["wl"] == wl and p["dtype"] == dtype and (threads == 0 or p["threads"] == threads)]


def per_update(p):
    return p["step_med_us"] * 1e-6


def rows_of():
    for wl in WORKLOADS:
        for dtype in DTYPES:
            for threads in ([0] if wl != "W5" else [1, 2]):
                if (wl, dtype, threads) in ours:
                    yield wl, dtype, threads


# ---- the medians
chart = open(os.path.join(bdn_dir, "ratios.csv"), "w")
print("| workload | precision | Backprop per update | allocated per update | fastest peer of that dtype | its per update "
      "| ratio | numpy (float64) / torch (float32) per update | ratio | own float64 ÷ float32 |")
print("|---|---|---|---|---|---|---|---|---|---|")
mins = []
for wl, dtype, threads in rows_of():
    t, alloc, t_min = ours[(wl, dtype, threads)]
    cand = candidates(wl, dtype, threads)
    if not cand:
        continue
    best = min(cand, key=per_update)
    ref_impl = "numpy" if dtype == "float64" else "torch"
    ref = [p for p in cand if p["impl"] == ref_impl]
    ref_t = min(map(per_update, ref)) if ref else None
    own = ours.get((wl, "float64", threads))
    own_ratio = f"{own[0] / t:.2f}×" if dtype == "float32" and own else "-"
    if dtype == "float64" and ref_t:
        chart.write(f"{wl}{' ' + str(threads) + 't' if threads else ''},{per_update(best)/t},{ref_t/t}\n")
    print(f"| {wl}{thr(threads)} | {dtype} | {fmt(t)} | {alloc:.0f} B | {peer_label(best)} | {fmt(per_update(best))} | "
          f"{per_update(best)/t:.2f}× | {fmt(ref_t) if ref_t else '-'} | {f'{ref_t/t:.2f}×' if ref_t else '-'} | {own_ratio} |")
    # The fastest run of each side: on a noisy machine the least disturbed runs are the steadiest comparison.
    peer_min = min(per_update(p) * p["t_min_s"] / p["t_med_s"] for p in cand)
    mins.append(f"| {wl}{thr(threads)} | {dtype} | {fmt(t_min)} | {fmt(peer_min)} | {peer_min / t_min:.2f}× |")
chart.close()
print()
print("| workload | precision | Backprop fastest iteration | fastest peer's fastest run | ratio |")
print("|---|---|---|---|---|")
for line in mins:
    print(line)

# ---- GFLOP/s against the measured register FMA peaks
def flop(sizes, batch):  # the peers' count: forward, both backward products (none into the inputs), update
    w = sum(a * b for a, b in zip(sizes, sizes[1:])); first = sizes[0] * sizes[1]
    return batch * (6 * w - 2 * first) + 2 * w


def peak(dtype, threads):
    key = f"fma_{dtype}_{max(threads, 1)}t_gflops"
    return fma[key] if fma and key in fma else (50 if dtype == "float64" else 100) * max(threads, 1)


print()
print(f"FMA peaks (the harness's fma_peak line{'' if fma else ' missing: nominal figures'}): "
      + ", ".join(f"{d} {n} thread{'s' if n > 1 else ''} {peak(d, n):.0f} GFLOP/s" for d in DTYPES for n in (1, 2)))
gflops = {}
for wl, sizes, batch in [("W4", [64, 128, 10], 32), ("W5", [784, 256, 256, 10], 64)]:
    for dtype in DTYPES:
        for threads in ([0] if wl == "W4" else [1, 2]):
            if (wl, dtype, threads) in ours:
                gf = gflops[(wl, dtype, threads)] = flop(sizes, batch) / ours[(wl, dtype, threads)][0] / 1e9
                p = peak(dtype, threads)
                print(f"{wl}{thr(threads)} {dtype}: {gf:.1f} GFLOP/s ({100 * gf / p:.0f} % of the "
                      f"{p:.0f} GFLOP/s {dtype} FMA peak{' of one core' if threads == 0 else ''})")

# ---- issue 15's targets, each with its figures
def peer_time(wl, dtype, pred):
    c = [p for p in peers if p["wl"] == wl and p["dtype"] == dtype and pred(p)]
    return (min(map(per_update, c)), peer_label(min(c, key=per_update))) if c else (None, "no peer row")


def target(text, ours_key, peer, at_least):
    mine = ours.get(ours_key)
    their, label = peer
    if not mine or their is None:
        print(f"- {text}: not measured ({label if their is None else 'no Backprop row'})")
        return
    ratio = their / mine[0]
    print(f"- {text}: {ratio:.2f}× ({fmt(mine[0])} against {label} {fmt(their)}) — {'met' if ratio >= at_least else 'MISSED'}")


one_blas = lambda p: p["threads"] == 1 and p.get("blas_threads", 1) == 1
print()
print("Targets (ratios of the medians in this run):")
target("W5 float32 1 thread ≥ 1.1× torch float32 1 thread", ("W5", "float32", 1), peer_time("W5", "float32", one_blas), 1.1)
target("W5 float32 2 threads ahead of torch float32 with its BLAS on two threads", ("W5", "float32", 2),
       peer_time("W5", "float32", lambda p: p["impl"] == "torch" and p["threads"] == 1 and p.get("blas_threads") == 2), 1.0)
target("W5 float32 2 threads ≥ 2× torch float32 2 threads", ("W5", "float32", 2),
       peer_time("W5", "float32", lambda p: p["impl"] == "torch" and p["threads"] == 2), 2.0)
for threads in (1, 2):
    if ("W5", "float32", threads) in gflops:
        print(f"- W5 float32 {threads} thread{'s' if threads > 1 else ''}: {gflops[('W5', 'float32', threads)]:.1f} GFLOP/s "
              f"against the {peak('float32', threads):.0f} GFLOP/s peak ({100 * gflops[('W5', 'float32', threads)] / peak('float32', threads):.0f} %)")
if ("W4", "float32", 0) in ours and ("W4", "float64", 0) in ours:
    r = ours[("W4", "float64", 0)][0] / ours[("W4", "float32", 0)][0]
    print(f"- W4 float32 ≥ 2× own float64: {r:.2f}× ({fmt(ours[('W4', 'float32', 0)][0])} against "
          f"{fmt(ours[('W4', 'float64', 0)][0])}) — {'met' if r >= 2 else 'MISSED'}")
target("W4 float32 ≥ 5× torch float32 (its fastest run)", ("W4", "float32", 0),
       peer_time("W4", "float32", lambda p: p["impl"] == "torch"), 5.0)
target("W5 float64 1 thread ≥ 1.0× fastest float64 peer on one thread", ("W5", "float64", 1),
       peer_time("W5", "float64", one_blas), 1.0)
# torch at one thread of its own but its BLAS on two uses both cores: beside the target, not as it.
target("W5 float64 1 thread beside torch float64 with its BLAS on two threads (both cores)", ("W5", "float64", 1),
       peer_time("W5", "float64", lambda p: p["impl"] == "torch" and p["threads"] == 1 and p.get("blas_threads") == 2), 1.0)
target("W4 float64 ≥ 2.5× numpy", ("W4", "float64", 0), peer_time("W4", "float64", lambda p: p["impl"] == "numpy"), 2.5)
for wl in ("W1", "W2"):
    target(f"{wl} float64 ≥ 50× pure Python", (wl, "float64", 0),
           peer_time(wl, "float64", lambda p: p["impl"] == "pure"), 50.0)

# ---- final losses: Backprop's one-process run beside the peers' (both evaluated in float64, see bench.py)
if os.path.exists(losses_file):
    mine = {(r["wl"], r["precision"]): r for r in map(json.loads, filter(str.strip, open(losses_file)))}
    print()
    print("Final losses (the mean loss per sample over the data set after every update of the run, evaluated in "
          "float64), relative differences |ours − theirs| / |theirs|:")
    print()
    print("| workload | updates | Backprop float64 | numpy float64 | rel. diff | Backprop float32 | torch float32 1 thr "
          "| rel. diff | rel. diff to every torch float32 run (OpenBLAS) |")
    print("|---|---|---|---|---|---|---|---|---|")
    rel = lambda a, b: abs(a - b) / abs(b)
    for wl in WORKLOADS:
        if (wl, "float64") not in mine:
            continue
        d, f = mine[(wl, "float64")], mine.get((wl, "float32"))
        numpy = next((p for p in peers if p["wl"] == wl and p["impl"] == "numpy" and p.get("final_loss") is not None), None)
        torch = [p for p in peers if p["wl"] == wl and p["impl"] == "torch" and p["dtype"] == "float32"
                 and p.get("blas") == "openblas" and p.get("final_loss") is not None]
        t1 = next((p for p in torch if one_blas(p)), None)
        spread = [rel(f["final_loss"], p["final_loss"]) for p in torch] if f else []
        ok = f"{min(spread):.1e} – {max(spread):.1e} ({'within' if max(spread) <= LOSS_TOLERANCE else 'BEYOND'} 1e-6)" if spread else "-"
        row = f"| {wl} | {d['updates']} | {d['final_loss']:.15g} | "
        row += f"{numpy['final_loss']:.15g} | {rel(d['final_loss'], numpy['final_loss']):.1e} | " if numpy else "- | - | "
        row += (f"{f['final_loss']:.15g} | {t1['final_loss']:.15g} | {rel(f['final_loss'], t1['final_loss']):.1e} | {ok} |"
                if f and t1 else "- | - | - | - |")
        print(row)

# ---- W5's peak working set in both precisions
if os.path.exists(memory_file):
    print()
    for r in map(json.loads, filter(str.strip, open(memory_file))):
        mb = 1024 ** 2
        print(f"W5 {r['precision']}, {r['updates']} updates in a fresh process: peak working set "
              f"{r['peak_working_set_bytes'] / mb:.1f} MB (data and runtime before training {r['working_set_before_training_bytes'] / mb:.1f} MB; "
              f"the training allocated {r['allocated_in_training_bytes'] / mb:.2f} MB, its workspaces)")

if scaling:
    print()
    print("| W3 epoch (online, float64) | hidden 32 | hidden 64 | hidden 128 |")
    print("|---|---|---|---|")
    for copies in sorted({c for c, _, _ in scaling}):
        cells = {h: t for c, h, t in scaling if c == copies}
        print(f"| {copies}× data ({1797*copies} samples) | " + " | ".join(fmt(cells[h]) for h in sorted(cells)) + " |")
