#!/usr/bin/env bash
# Builds the runtime-stream benchmark (Release) and runs it: a snapshot frame
# of a 10,000-step run encoded with lf::stream, side by side with the same
# run's manifest serialised to JSON with Boost.JSON (as the run store writes
# it). Goal: encoding costs no more than the JSON (ratio <= 1).
# Usage: bench/stream/run.sh [steps] [rounds]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${STREAM_BENCH_BUILD:-$root/build/bench-stream}
cmake -S "$root/bench/stream" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target stream_bench -j2 >/dev/null
"$build/stream_bench" "${1:-10000}" "${2:-30}"
