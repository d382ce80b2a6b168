#!/usr/bin/env bash
# Tests check_layering.sh itself: a clean tree passes, and each rule catches the
# include it exists for. Every case builds a small tree in a temp directory.
set -u
script=${1:?usage: check_layering_test.sh <check_layering.sh>}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# tree <name> <file>=<include line>...: a fresh tree with one file per pair.
tree() {
  local dir="$work/$1"
  shift
  mkdir -p "$dir"
  for pair in "$@"; do
    local file=${pair%%=*}
    mkdir -p "$dir/$(dirname "$file")"
    printf '%s\n' "${pair#*=}" >>"$dir/$file"
  done
  echo "$dir"
}

expect() {
  local want=$1 name=$2
  shift 2
  local dir
  dir=$(tree "$name" "$@")
  "$script" "$dir" >"$work/$name.out" 2>&1
  local got=$?
  if [[ $want == pass && $got -ne 0 ]] || [[ $want == fail && $got -eq 0 ]]; then
    echo "FAIL: $name: expected $want, exit $got"
    sed 's/^/  /' "$work/$name.out"
    failures=$((failures + 1))
  fi
}

clean=(
  'libs/base/src/error.cpp=#include <lightflow/base/error.hpp>'
  'cortexfs/abi/src/ids.cpp=#include <lightflow/base/result.hpp>'
  'libs/core/src/service.cpp=#include <lightflow/cortex/commit.hpp>'
  'libs/stream/src/frames.cpp=#include <lightflow/core/service.hpp>'
  'libs/stream/src/frames.cpp=#include <flatbuffers/flatbuffers.h>'
  'libs/stream/src/frames.cpp=#include <sys/uio.h>'
  'apps/lf/cli.cpp=#include <lightflow/core/service.hpp>'
  'apps/lfd/listener.cpp=#include <boost/asio/ip/tcp.hpp>'
  'apps/lfd/router.cpp=#include <boost/beast/http.hpp>'
  'apps/lf-mcp/dispatch.cpp=#include <lightflow/stream/frames.hpp>'
  'apps/lf-mcp/main.cpp=#include <lf_mcp/server.hpp>'
  'apps/lfd/routes_mcp.cpp=#include <lf_mcp/server.hpp>'
  'cortexfs/daemon/src/main.cpp=#include <lightflow/ctxabi/layout.hpp>'
)
expect pass clean "${clean[@]}"
expect fail base_reaches_up "${clean[@]}" 'libs/base/src/x.cpp=#include <lightflow/ctxabi/ids.hpp>'
expect fail base_uses_boost "${clean[@]}" 'libs/base/src/x.cpp=#include <boost/json.hpp>'
expect fail ctxabi_reaches_up "${clean[@]}" 'cortexfs/abi/src/x.cpp=#include <lightflow/cortex/commit.hpp>'
expect fail cortex_includes_core "${clean[@]}" 'libs/cortex/src/x.cpp=#include <lightflow/core/service.hpp>'
expect fail core_includes_stream "${clean[@]}" 'libs/core/src/x.cpp=#include <lightflow/stream/frames.hpp>'
expect fail stream_includes_assets "${clean[@]}" 'libs/stream/src/x.cpp=#include <lightflow/assets/asset.hpp>'
expect fail stream_uses_beast "${clean[@]}" 'libs/stream/src/x.cpp=#include <boost/beast/core.hpp>'
expect fail stream_uses_asio "${clean[@]}" 'libs/stream/include/lightflow/stream/x.hpp=#include <boost/asio.hpp>'
expect fail lib_uses_fuse "${clean[@]}" 'libs/core/src/x.cpp=#include <fuse_lowlevel.h>'
expect fail lib_includes_app "${clean[@]}" 'libs/core/src/x.cpp=#include "../../apps/lf/cli.hpp"'
expect fail daemon_includes_app "${clean[@]}" 'cortexfs/daemon/src/x.cpp=#include <apps/lfd/router.hpp>'
expect fail app_skips_core "${clean[@]}" 'apps/lfd/x.cpp=#include <lightflow/cortex/commit.hpp>'
expect fail lf_uses_asio "${clean[@]}" 'apps/lf/x.cpp=#include <boost/asio.hpp>'
expect fail mcp_uses_beast "${clean[@]}" 'apps/lf-mcp/x.cpp=#include <boost/beast/http.hpp>'
expect fail lf_uses_mcp_library "${clean[@]}" 'apps/lf/x.cpp=#include <lf_mcp/server.hpp>'
expect fail app_reaches_other_app "${clean[@]}" 'apps/lf/x.cpp=#include "../lfd/router.hpp"'
expect fail app_does_file_io "${clean[@]}" 'apps/lfd/router.cpp=#include <fstream>'
expect pass main_may_use_filesystem "${clean[@]}" 'apps/lfd/main.cpp=#include <filesystem>'
expect fail daemon_includes_core "${clean[@]}" 'cortexfs/daemon/src/x.cpp=#include <lightflow/core/service.hpp>'

if [[ $failures -eq 0 ]]; then
  echo "check_layering_test: ok"
fi
exit $((failures > 0))
