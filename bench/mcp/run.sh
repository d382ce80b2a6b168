#!/usr/bin/env bash
# Benchmark: lf-mcp over stdio. The median and p99 latency of 1,000
# tools/call round trips of a cheap tool (lf_ctx_abi) over one session, and
# lf-mcp's start-to-initialized time, each next to the same measurement of a
# line echo process (cat) as the pipe baseline. Goals: median round trip under
# 1 ms; startup under 50 ms.
#
# usage: bench/mcp/run.sh <path to lf-mcp> [round trips (default 1000)]
# Use an optimised lf-mcp (the release or ci preset). Needs node >= 20.
set -euo pipefail

lf_mcp=${1:?usage: run.sh <path to lf-mcp> [round trips]}
count=${2:-1000}
command -v node >/dev/null || { echo "node is missing"; exit 1; }
repo=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/lf-bench-mcp.XXXXXX")
trap 'rm -rf "$dir"' EXIT

# Its own state, the repository's assets, a CortexFS-shaped tree (the tool
# measured reads no file of it).
mkdir -p "$dir/ctx/home/1000/api/openai.chat/"{inbox,outbox} "$dir/state"
XDG_STATE_HOME=$dir/state LIGHTFLOW_CTX_MOUNT=$dir/ctx LIGHTFLOW_CTX_UID=1000 \
  LIGHTFLOW_PROJECT=$repo node "$repo/bench/mcp/roundtrip.mjs" "$lf_mcp" "$count"
