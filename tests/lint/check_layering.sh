#!/usr/bin/env bash
# Fails when code reaches across the written layering (docs/architecture.md):
# - lf::assets and lf::cortex never include lf::core;
# - nothing under libs/ includes Beast, Asio or libfuse;
# - lf::core's public headers include no transport;
# - apps/ do no file I/O of their own (<fstream>, <filesystem>), main.cpp aside.
set -u
root=${1:?usage: check_layering.sh <source-dir>}
cd "$root" || exit 2
status=0

report() {
  echo "layering: $1"
  echo "$2" | sed 's/^/  /'
  status=1
}

hits=$(grep -rnE '#include <lightflow/core/' libs/assets libs/cortex 2>/dev/null)
[[ -n $hits ]] && report "lf::assets and lf::cortex must not include lf::core" "$hits"

hits=$(grep -rnE '#include <(boost/beast|boost/asio|fuse|fuse3)[/.>]|#include <fuse_lowlevel.h>' libs 2>/dev/null)
[[ -n $hits ]] && report "libs/ must not include Beast, Asio or libfuse" "$hits"

hits=$(grep -rnE '#include <(fstream|filesystem)>' apps 2>/dev/null | grep -v '/main\.cpp:')
[[ -n $hits ]] && report "apps/ parse, call the Service and print; file I/O belongs in the libraries" "$hits"

hits=$(grep -rnE '#include <lightflow/(assets|cortex|ctxabi)/' apps/lfd 2>/dev/null)
[[ -n $hits ]] && report "lfd talks to the Service (lf::core) only" "$hits"

hits=$(grep -rnE '#include <lightflow/(core|assets|cortex|stream)/' cortexfs 2>/dev/null)
[[ -n $hits ]] && report "cortexfs/ shares only the ABI library with LightFlow" "$hits"

[[ $status -eq 0 ]] && echo "layering: ok"
exit $status
