#!/usr/bin/env bash
# Builds lf and the run-store benchmark (Release) and runs it:
#  1. 1,000 creates of workflow.outline_draft_review through the Service
#     versus a loop writing the same bytes with temp+fsync+rename+dir fsync;
#  2. `lf run list` over 10,000 runs.
# Usage: bench/runs/run.sh [creates] [listed-runs]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${RUNS_BENCH_BUILD:-$root/build/bench-runs}
cmake -S "$root/bench/runs" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target runs_bench lf >/dev/null
"$build/runs_bench" "$root" "$build/lightflow/apps/lf/lf" "${1:-1000}" "${2:-10000}"
