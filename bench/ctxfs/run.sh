#!/usr/bin/env bash
# Builds ctxfs (Release) and the benchmark client, then compares direct HTTP
# POSTs with requests through a ctxfs mount. Usage: bench/ctxfs/run.sh [requests]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${CTXFS_BENCH_BUILD:-$root/build/bench-ctxfs}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLF_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target ctxfs >/dev/null
g++ -std=c++20 -O2 -pthread -o "$build/ctxfs_bench" "$root/bench/ctxfs/bench_client.cpp"
"$build/ctxfs_bench" "$build/cortexfs/daemon/ctxfs" "${1:-1000}"
