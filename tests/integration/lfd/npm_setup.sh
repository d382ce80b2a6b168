#!/usr/bin/env bash
# Installs the npm tools the lfd contract test runs into <dir>/node_modules:
# Redocly CLI (OpenAPI lint), ajv + ajv-formats (JSON Schema 2020-12) and
# swagger-parser (resolves the document's $refs). Idempotent; exits 77 when
# node or npm is missing so the test is reported as skipped.
set -euo pipefail
dir=${1:?usage: npm_setup.sh <dir>}
command -v node >/dev/null && command -v npm >/dev/null || exit 77
# The contract tests may start side by side: one installs, the others wait for
# it instead of running against a half-written node_modules.
mkdir -p "$(dirname "$dir")"
exec 9>"$dir.lock"
flock 9
if [[ -x $dir/node_modules/.bin/redocly && -d $dir/node_modules/ajv-formats \
      && -d $dir/node_modules/@apidevtools/swagger-parser ]]; then
  exit 0
fi
mkdir -p "$dir"
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
  @redocly/cli@2 ajv@8 ajv-formats@3 @apidevtools/swagger-parser@12 >/dev/null
