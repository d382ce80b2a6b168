#!/usr/bin/env bash
# Installs the official MCP TypeScript clients the lf-mcp tests drive into
# <dir>/node_modules, at pinned versions: the legacy-era SDK 1.x and the
# dual-era client 2.x, plus ajv to check structuredContent against each tool's
# outputSchema. Idempotent; exits 77 when node (20 or later) or npm is missing
# so the test is reported as skipped.
set -euo pipefail
dir=${1:?usage: npm_setup.sh <dir>}
command -v node >/dev/null && command -v npm >/dev/null || exit 77
# @modelcontextprotocol/client 2.x needs node 20 or later (bookworm's is 18).
(( $(node -p 'process.versions.node.split(".")[0]') >= 20 )) || exit 77
# Several tests may start side by side: one installs, the others wait for it
# instead of running against a half-written node_modules.
mkdir -p "$(dirname "$dir")"
exec 9>"$dir.lock"
flock 9
if [[ -f $dir/node_modules/@modelcontextprotocol/sdk/package.json \
      && -f $dir/node_modules/@modelcontextprotocol/client/package.json \
      && -d $dir/node_modules/ajv ]]; then
  exit 0
fi
mkdir -p "$dir"
# The scripts are ES modules resolved from this folder.
printf '{"name":"lf-mcp-tests","private":true,"type":"module"}\n' >"$dir/package.json"
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
  @modelcontextprotocol/sdk@1.32.2 @modelcontextprotocol/client@2.4.0 ajv@8.20.0 >/dev/null
