#!/usr/bin/env bash
# The main job: mount CortexFS (ctxfs) on a temporary directory with the
# built-in offline provider, send a request through LightFlow, wait for the
# answer without polling, print it, and unmount.
#
# usage: scripts/demo.sh [build-dir]      (default: build/release)
set -euo pipefail

build=${1:-build/release}
lf="$build/apps/lf/lf"
ctxfs="$build/cortexfs/daemon/ctxfs"
for binary in "$lf" "$ctxfs"; do
  [[ -x $binary ]] || { echo "demo: $binary is missing; build first (see README)" >&2; exit 1; }
done

work=$(mktemp -d /tmp/lightflow-demo.XXXXXX)
mount_dir="$work/ctx"
mkdir -p "$mount_dir"
daemon_pid=""
cleanup() {
  if mountpoint -q "$mount_dir" 2>/dev/null; then
    fusermount3 -u "$mount_dir" 2>/dev/null || fusermount3 -uz "$mount_dir" 2>/dev/null || true
  fi
  if [[ -n $daemon_pid ]]; then
    kill "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# No provider is configured, so every format routes to the offline provider.
env -u CORTEXFS_OPENAI_BASE_URL "$ctxfs" mount "$mount_dir" \
  --state-dir "$work/ctxfs-state" --config-dir "$work/ctxfs-config" 2>"$work/ctxfs.log" &
daemon_pid=$!
for _ in $(seq 1 100); do
  [[ $(cat "$mount_dir/status" 2>/dev/null) == ready ]] && break
  sleep 0.05
done
[[ $(cat "$mount_dir/status" 2>/dev/null) == ready ]] || {
  echo "demo: ctxfs did not come up:" >&2; cat "$work/ctxfs.log" >&2; exit 1; }

export LIGHTFLOW_CTX_MOUNT="$mount_dir"
export XDG_STATE_HOME="$work/state"
run_id="demo-$(date +%s)"
echo "== CortexFS mounted at $mount_dir ($("$lf" ctx abi | grep -c kernel_tree) ABI record)"
echo "== route for openai.chat: $(cat "$mount_dir/home/$(id -u)/route/openai.chat/provider") /" \
  "$(cat "$mount_dir/home/$(id -u)/route/openai.chat/model")"

request='{"messages":[{"role":"user","content":"Write a three-step plan to migrate a service to Debian bookworm."}]}'
echo "== committing request $run_id.draft"
printf '%s' "$request" | "$lf" ctx commit api openai.chat draft - --run-id "$run_id" >/dev/null

wait_file=$("$lf" ctx api openai.chat draft --run-id "$run_id" | sed -n 's/.*"wait": "\(.*\)".*/\1/p')
echo "== waiting on $(basename "$wait_file"): $(cat "$wait_file")"
echo "== outcome"
"$lf" ctx outcome api openai.chat draft --run-id "$run_id"
