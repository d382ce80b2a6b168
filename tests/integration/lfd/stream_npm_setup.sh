#!/usr/bin/env bash
# Installs the npm packages the runtime stream test decodes frames with into
# <dir>/node_modules, pinned: the FlatBuffers runtime, esbuild (turns
# flatc's TypeScript into a module node runs) and ws (node 20 has no
# WebSocket client). Idempotent; exits 77 when node or npm is missing so the
# test is reported as skipped.
set -euo pipefail
dir=${1:?usage: stream_npm_setup.sh <dir>}
command -v node >/dev/null && command -v npm >/dev/null || exit 77
mkdir -p "$(dirname "$dir")"
exec 9>"$dir.lock"
flock 9
if [[ -x $dir/node_modules/.bin/esbuild && -d $dir/node_modules/flatbuffers \
      && -d $dir/node_modules/ws ]]; then
  exit 0
fi
mkdir -p "$dir"
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
  flatbuffers@25.9.23 ws@8.23.0 esbuild@0.28.2 >/dev/null
