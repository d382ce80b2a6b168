#!/usr/bin/env bash
# Installs every Debian bookworm package LightFlow needs to build, test and run
# its demo. Idempotent: prints nothing and touches nothing when all are present.
set -euo pipefail

packages=(
  build-essential g++ cmake ninja-build pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev
  libflatbuffers-dev flatbuffers-compiler
  libfuse3-dev fuse3
  libssl-dev openssl
  catch2
  clang libclang-rt-14-dev clang-format
  python3 curl
  nginx wrk        # lfd's reverse-proxy test and benchmark
)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
# node and npm run lfd's contract test (Redocly CLI, ajv) and the MCP tests
# (the official MCP clients; the 2.x client needs node 20 or later, which
# NodeSource's node_20.x provides; with bookworm's node 18 those tests are
# skipped). A node that is already installed from elsewhere is kept.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
else
  sudo_cmd=()
fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
