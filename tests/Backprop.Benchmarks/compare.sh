#!/usr/bin/env bash
# Runs Backprop's benchmarks (BenchmarkDotNet) and the peers' (pure Python, numpy, scikit-learn, PyTorch, from the
# shared peer harness) in one go, then prints the time per update side by side with the ratios, float64 and float32
# beside the peers of the same dtype, GFLOP/s against the harness's measured FMA peaks, issue 15's targets, the final
# losses against the peers' and W5's peak working set in both precisions (compare_report.py).
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

# Final losses (one process, every update of each workload, both precisions) and W5's peak working set (a fresh
# process per precision).
dotnet run -c Release --no-build -- final-loss > BenchmarkDotNet.Artifacts/results/final-losses.jsonl
for precision in float64 float32; do
  dotnet run -c Release --no-build -- peak-memory "$precision"
done > BenchmarkDotNet.Artifacts/results/peak-memory.jsonl

python3 "$here/compare_report.py" "$peer_results/results.jsonl" BenchmarkDotNet.Artifacts/results \
  BenchmarkDotNet.Artifacts/results/final-losses.jsonl BenchmarkDotNet.Artifacts/results/peak-memory.jsonl

# The bar chart of the ratios (the README's picture).
dotnet run -c Release --no-build -- chart BenchmarkDotNet.Artifacts/results/ratios.csv BenchmarkDotNet.Artifacts/results/ratios.png >&2
echo "chart: $here/BenchmarkDotNet.Artifacts/results/ratios.png" >&2
