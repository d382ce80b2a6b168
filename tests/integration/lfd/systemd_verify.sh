#!/usr/bin/env bash
# Installs the build into a temporary prefix and checks the systemd units it
# installs with systemd-analyze verify. Exits 77 (skipped) without systemd-analyze.
set -euo pipefail
build=${1:?usage: systemd_verify.sh <build-dir>}
command -v systemd-analyze >/dev/null || exit 77
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
units=("$prefix"/lib/systemd/system/{ctxfs.service,lfd.service,lfd.socket})
for unit in "${units[@]}"; do
  [[ -f $unit ]] || { echo "missing $unit"; exit 1; }
done
grep -q "ExecStart=$prefix/bin/lfd" "$prefix/lib/systemd/system/lfd.service"
# verify prints problems on stderr and exits non-zero for errors.
output=$(systemd-analyze verify "${units[@]}" 2>&1) || { echo "$output"; exit 1; }
# Warnings about the units themselves count as failures too.
if grep -E "(ctxfs|lfd)\.(service|socket)" <<<"$output"; then
  exit 1
fi
echo "systemd units: ok"
