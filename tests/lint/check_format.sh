#!/usr/bin/env bash
# Fails when a C++ file under libs, apps, cortexfs or tests differs from what
# clang-format (the repository's .clang-format) would write.
set -u
root=${1:?usage: check_format.sh <source-dir> <clang-format>}
tool=${2:-clang-format}
cd "$root" || exit 2
if [[ ! -x $tool ]] && ! command -v "$tool" >/dev/null; then
  echo "clang-format not found; scripts/setup-debian.sh installs it"
  exit 1
fi
files=$(git ls-files -co --exclude-standard -- 'libs/*.cpp' 'libs/*.hpp' 'apps/*.cpp' 'apps/*.hpp' \
  'cortexfs/*.cpp' 'cortexfs/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'assets/*.cpp' 'bench/*.cpp' 2>/dev/null)
[[ -z $files ]] && { echo "format: no files"; exit 0; }
bad=$(echo "$files" | xargs "$tool" --dry-run --Werror 2>&1 | grep -E '^[^ ].*: (error|warning):' | cut -d: -f1 | sort -u)
if [[ -n $bad ]]; then
  echo "clang-format would change:"
  echo "$bad" | sed 's/^/  /'
  echo "run: clang-format -i <files>"
  exit 1
fi
echo "format: ok ($(echo "$files" | wc -l) files)"
