#!/usr/bin/env bash
# Execution benchmark: a 1,000-step DAG (10 independent chains, so 10 steps are
# ready at any time) on the offline provider through a real ctxfs mount.
# Reports the first run's total time and per-step cost, then a rerun with
# nothing changed (every step served from the step cache) as a ratio of it.
#
# usage: bench/exec/run.sh [build-dir] [steps] [width]   (default: build/release 1000 10)
set -euo pipefail

build=${1:-build/release}
steps=${2:-1000}
width=${3:-10}
root=$(cd "$(dirname "$0")/../.." && pwd)
lf="$root/$build/apps/lf/lf"
ctxfs="$root/$build/cortexfs/daemon/ctxfs"
for binary in "$lf" "$ctxfs"; do
  [[ -x $binary ]] || { echo "bench: $binary is missing; build $build first" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/lightflow-exec-bench.XXXXXX")
mkdir -p "$work/ctx" "$work/project/assets/workflows" "$work/project/assets/nodes" \
  "$work/project/assets/models"
daemon=""
cleanup() {
  fusermount3 -u "$work/ctx" 2>/dev/null || fusermount3 -uz "$work/ctx" 2>/dev/null || true
  [[ -n $daemon ]] && { kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

cp "$root/assets/nodes/llm_prompt.cpp" "$work/project/assets/nodes/"
cp "$root/assets/models/llm_planner.cpp" "$work/project/assets/models/"
python3 - "$steps" "$width" > "$work/project/assets/workflows/dag.cpp" <<'PY'
import sys
steps, width = int(sys.argv[1]), int(sys.argv[2])
print('#include <lightflow/asset.hpp>')
print('using namespace lightflow::asset;')
print('inline constexpr AssetMeta META{.id = "workflow.bench_dag", .version = "0.1.0",')
print('    .title = "Benchmark DAG", .kind = Kind::workflow,')
print('    .description = "Independent chains of openai.chat steps.", .stability = Stability::draft};')
print('inline auto define() {')
print('  return workflow(META.id)')
print('      .required_model("llm.planner")')
for i in range(steps):
    print(f'      .api_step("s{i}", "node.llm_prompt", "openai.chat")')
    if i >= width:
        print(f'      .after("s{i - width}")')
    print('      .openai_chat("llm.planner")')
    print(f'      .user("step {i}"){";" if i == steps - 1 else ""}')
print('}')
PY

env -u CORTEXFS_OPENAI_BASE_URL "$ctxfs" mount "$work/ctx" --state-dir "$work/ctxfs-state" \
  --config-dir "$work/ctxfs-config" 2>"$work/ctxfs.log" &
daemon=$!
for _ in $(seq 1 100); do
  [[ $(cat "$work/ctx/status" 2>/dev/null) == ready ]] && break
  sleep 0.05
done

export LIGHTFLOW_CTX_MOUNT="$work/ctx" XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache"
export LIGHTFLOW_PROJECT="$work/project"

# date, not a python3 start-up (tens of ms) inside the measured interval.
seconds() { date +%s.%N; }
t0=$(seconds)
"$lf" run exec workflow.bench_dag --id first --parallel "$width" --json > "$work/first.jsonl"
t1=$(seconds)
"$lf" run rerun first --id second --parallel "$width" --json > "$work/second.jsonl"
t2=$(seconds)

python3 - "$t0" "$t1" "$t2" "$steps" "$work" <<'PY'
import json, sys
t0, t1, t2, steps, work = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
def count(path, name):
    return sum(1 for line in open(path) if json.loads(line).get("event") == name)
first, rerun = t1 - t0, t2 - t1
print(f"steps                    {steps}")
print(f"first run                {first:.3f} s   ({count(work + '/first.jsonl', 'step.succeeded')} committed)")
print(f"per-step cost            {first / steps * 1000:.2f} ms   (goal <= 2 ms)")
print(f"rerun, nothing changed   {rerun:.3f} s   ({count(work + '/second.jsonl', 'step.cached')} from cache)")
print(f"rerun / first            {rerun / first:.1%}   (goal <= 10%)")
PY
