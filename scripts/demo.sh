#!/usr/bin/env bash
# The main job: mount CortexFS (ctxfs) on a temporary directory with the
# built-in offline provider, run the demo workflow end to end with
# `lf run exec`, print its result, show that a re-run with one changed input
# recomputes only what depends on it, and unmount.
#
# usage: scripts/demo.sh [build-dir]      (default: build/release)
set -euo pipefail

build=${1:-build/release}
root=$(cd "$(dirname "$0")/.." && pwd)
[[ $build == /* ]] || build="$root/$build"
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

# Without CORTEXFS_OPENAI_BASE_URL every format routes to the offline provider:
# a deterministic test and demo backend, not a model. With it (and
# CORTEXFS_OPENAI_MODEL, CORTEXFS_OPENAI_API_KEY), ctxfs calls that
# OpenAI-compatible server instead (see README).
"$ctxfs" mount "$mount_dir" \
  --state-dir "$work/ctxfs-state" --config-dir "$work/ctxfs-config" 2>"$work/ctxfs.log" &
daemon_pid=$!
for _ in $(seq 1 100); do
  [[ $(cat "$mount_dir/status" 2>/dev/null) == ready ]] && break
  sleep 0.05
done
[[ $(cat "$mount_dir/status" 2>/dev/null) == ready ]] || {
  echo "demo: ctxfs did not come up:" >&2; cat "$work/ctxfs.log" >&2; exit 1; }

export LIGHTFLOW_CTX_MOUNT="$mount_dir"
export LIGHTFLOW_PROJECT="$root"
export XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache"
home="$mount_dir/home/$(id -u)"
echo "== CortexFS mounted at $mount_dir; openai.chat routes to" \
  "$(cat "$home/route/openai.chat/provider")/$(cat "$home/route/openai.chat/model")"

echo "== lf run exec workflow.outline_draft_review"
"$lf" run exec workflow.outline_draft_review --id demo \
  --inputs '{"topic":"running AI pipelines as code","words":300}'

echo
echo "== lf run rerun demo --inputs '{\"words\":150}'   (the outline is served from cache)"
"$lf" run rerun demo --id demo-shorter --inputs '{"words":150}' --json |
  sed -n 's/.*"event":"\(step\.[a-z_]*\)","run_id":"[^"]*","step_id":"\([^"]*\)".*/   \1 \2/p'

echo
echo "== lf run diff demo demo-shorter"
# The inputs that differ and the steps whose request or answer changed.
"$lf" run diff demo demo-shorter | sed -n '/"inputs"/,/"steps"/p' | sed '$d'
