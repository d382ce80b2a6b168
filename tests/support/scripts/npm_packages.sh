#!/usr/bin/env bash
# Installs pinned npm packages into <dir>/node_modules for the tests that drive
# LightFlow with independent tools from npm. Idempotent: the list installed is
# recorded, and a different list installs again. Tests may start side by side:
# one installs, the others wait for it instead of reading a half-written
# node_modules. Exits 77 (the test is reported as skipped) when node, at least
# <min-node-major>, or npm is missing.
set -euo pipefail
dir=${1:?usage: npm_packages.sh <dir> <min-node-major> <package@version>...}
min_node=${2:?usage: npm_packages.sh <dir> <min-node-major> <package@version>...}
shift 2
command -v node >/dev/null && command -v npm >/dev/null || exit 77
(( $(node -p 'process.versions.node.split(".")[0]') >= min_node )) || exit 77
mkdir -p "$(dirname "$dir")"
exec 9>"$dir.lock"
flock 9
wanted="$*"
if [[ -f $dir/.installed && $(<"$dir/.installed") == "$wanted" ]]; then
  exit 0
fi
mkdir -p "$dir"
# The test scripts are ES modules that resolve their imports from this folder.
printf '{"name":"lightflow-test-tools","private":true,"type":"module"}\n' >"$dir/package.json"
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "$@" >/dev/null
printf '%s' "$wanted" >"$dir/.installed"
