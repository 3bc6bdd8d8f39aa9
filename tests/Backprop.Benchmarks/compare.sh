#!/usr/bin/env bash
# Runs Backprop's benchmarks (BenchmarkDotNet) and the peers' (pure Python, numpy, scikit-learn, PyTorch, from the
# shared peer harness) in one go, then prints the time per update side by side with the ratios.
#
#   tests/Backprop.Benchmarks/compare.sh                 # peers' quick run (about 5 min) + Backprop (about 5 min)
#   tests/Backprop.Benchmarks/compare.sh --full-peers    # the peers' full run (about 10 min)
#   tests/Backprop.Benchmarks/compare.sh --peer-results DIR   # reuse a recorded peer run (its results.jsonl)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shared="$root/../shared"
peer_mode=quick
peer_results=""
while [ $# -gt 0 ]; do
  case "$1" in
    --full-peers) peer_mode=full ;;
    --peer-results) peer_results="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

if [ -z "$peer_results" ]; then
  [ -d "$shared/bench/peers" ] || { echo "no peer harness at $shared/bench/peers" >&2; exit 2; }
  work="$(mktemp -d)"
  cp -r "$shared" "$work/shared"              # the shared folder may be read-only
  chmod -R u+w "$work/shared"
  if [ "$peer_mode" = quick ]; then bash "$work/shared/bench/peers/run_all.sh" --quick --skip-matmul >&2
  else bash "$work/shared/bench/peers/run_all.sh" --skip-matmul >&2; fi
  peer_results="$(readlink -f "$work/shared/bench/peers/results/latest")"
fi

cd "$here"
rm -rf BenchmarkDotNet.Artifacts/results
dotnet run -c Release -- --filter '*TrainingBenchmarks*' '*W5Benchmarks*' '*ScalingBenchmarks*' --job short --iterationCount 15 --exporters csv markdown >&2

python3 - "$peer_results/results.jsonl" BenchmarkDotNet.Artifacts/results <<'PY'
import csv, glob, json, os, re, sys
peers_file, bdn_dir = sys.argv[1], sys.argv[2]
unit = {"ns": 1e-9, "us": 1e-6, "μs": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0}
def seconds(text):
    m = re.match(r"\s*([\d.,]+)\s*(\S+)", text)
    return float(m.group(1).replace(",", "")) * unit[m.group(2)]
def size(text):
    m = re.match(r"\s*([\d.,]+)\s*(\S+)", text or "-")
    if not m: return 0.0
    return float(m.group(1).replace(",", "")) * {"B": 1, "KB": 1024, "MB": 1024**2}[m.group(2)]
ours, scaling = {}, []
for path in glob.glob(os.path.join(bdn_dir, "*-report.csv")):
    for row in csv.DictReader(open(path, encoding="utf-8")):
        name = row["Method"]
        if name.startswith("W3_one_epoch"):
            scaling.append((int(row["DataCopies"]), int(row["Hidden"]), seconds(row.get("Median") or row["Mean"])))
            continue
        wl = name[:2]
        threads = int(row.get("Threads") or 0)
        ours[(wl, threads)] = (seconds(row.get("Median") or row["Mean"]), size(row.get("Allocated", "0 B")),
                               seconds(row.get("Min") or row.get("Median") or row["Mean"]))
peers = [json.loads(l) for l in open(peers_file) if '"kind": "bench"' in l]
peers = [p for p in peers if p.get("dtype") == "float64" and "step_med_us" in p]
chart = open(os.path.join(bdn_dir, "ratios.csv"), "w")
print("| workload | Backprop per update | allocated per update | fastest peer | its per update | ratio | numpy per update | ratio to numpy |")
print("|---|---|---|---|---|---|---|---|")
mins = []
def fmt(s): return f"{s*1e9:.0f} ns" if s < 1e-6 else f"{s*1e6:.1f} µs" if s < 1e-3 else f"{s*1e3:.2f} ms"
for wl in ["W1", "W2", "W3", "W4", "W5"]:
    for threads in ([0] if wl != "W5" else [1, 2]):
        if (wl, threads) not in ours: continue
        t, alloc, t_min = ours[(wl, threads)]
        cand = [p for p in peers if p["wl"] == wl and (threads == 0 or p["threads"] == threads)]
        if not cand: continue
        best = min(cand, key=lambda p: p["step_med_us"])
        numpy = [p for p in cand if p["impl"] == "numpy"]
        np_t = min(p["step_med_us"] for p in numpy) * 1e-6 if numpy else None
        label = wl + (f" ({threads} thread{'s' if threads > 1 else ''})" if threads else "")
        if np_t: chart.write(f"{wl}{' ' + str(threads) + 't' if threads else ''},{best['step_med_us']*1e-6/t},{np_t/t}\n")
        print(f"| {label} | {fmt(t)} | {alloc:.0f} B | {best['impl']} {best['threads']} thr | {fmt(best['step_med_us']*1e-6)} | "
              f"{best['step_med_us']*1e-6/t:.1f}× | {fmt(np_t) if np_t else '-'} | {np_t/t:.1f}× |" if np_t else "| - |")
        # The fastest run of each side: on a noisy machine the least disturbed runs are the steadiest comparison.
        peer_min = min(p["step_med_us"] * p["t_min_s"] / p["t_med_s"] for p in cand) * 1e-6
        mins.append(f"| {label} | {fmt(t_min)} | {fmt(peer_min)} | {peer_min / t_min:.1f}× |")
chart.close()
print()
print("| workload | Backprop fastest iteration | fastest peer's fastest run | ratio |")
print("|---|---|---|---|")
for line in mins: print(line)
def flop(sizes, batch):  # the peers' count: forward, both backward products (none into the inputs), update
    w = sum(a * b for a, b in zip(sizes, sizes[1:])); first = sizes[0] * sizes[1]
    return batch * (6 * w - 2 * first) + 2 * w
print()
for wl, sizes, batch in [("W4", [64, 128, 10], 32), ("W5", [784, 256, 256, 10], 64)]:
    for threads in ([0] if wl == "W4" else [1, 2]):
        if (wl, threads) in ours:
            gf = flop(sizes, batch) / ours[(wl, threads)][0] / 1e9
            peak = 50 * max(threads, 1)
            print(f"{wl}{f' on {threads} thread' + ('s' if threads > 1 else '') if threads else ''}: {gf:.1f} GFLOP/s "
                  f"({100 * gf / peak:.0f} % of the {peak} GFLOP/s FMA peak)")
if scaling:
    print()
    print("| W3 epoch (online) | hidden 32 | hidden 64 | hidden 128 |")
    print("|---|---|---|---|")
    for copies in sorted({c for c, _, _ in scaling}):
        cells = {h: t for c, h, t in scaling if c == copies}
        print(f"| {copies}× data ({1797*copies} samples) | " + " | ".join(fmt(cells[h]) for h in sorted(cells)) + " |")
PY

# The bar chart of the ratios (the README's picture).
dotnet run -c Release --no-build -- chart BenchmarkDotNet.Artifacts/results/ratios.csv BenchmarkDotNet.Artifacts/results/ratios.png >&2
echo "chart: $here/BenchmarkDotNet.Artifacts/results/ratios.png" >&2
