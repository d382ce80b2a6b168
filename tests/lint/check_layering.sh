#!/usr/bin/env bash
# Fails when code reaches across the written layering (docs/architecture.md,
# "Libraries and their dependencies"). Each rule greps the #include lines of one
# part of the tree; a folder that does not exist yet passes.
set -u
root=${1:?usage: check_layering.sh <source-dir>}
cd "$root" || exit 2
status=0

report() {
  echo "layering: $1"
  echo "$2" | sed 's/^/  /'
  status=1
}

# The #include lines of the C++ files under the given folders.
includes() {
  local dirs=()
  for dir in "$@"; do
    [[ -d $dir ]] && dirs+=("$dir")
  done
  [[ ${#dirs[@]} -eq 0 ]] && return 0
  grep -rnE --include='*.cpp' --include='*.hpp' --include='*.h' --include='*.cc' \
    '^[[:space:]]*#[[:space:]]*include' "${dirs[@]}" 2>/dev/null
}

# lf::base is the bottom: nothing of LightFlow's, no third-party library.
hits=$(includes libs/base | grep -E '<(lightflow|boost|flatbuffers)/' | grep -vE '<lightflow/base/')
[[ -n $hits ]] && report "lf::base depends on nothing of LightFlow's and no third-party library" "$hits"

# lf::ctxabi sits right above it.
hits=$(includes cortexfs/abi | grep -E '<lightflow/' | grep -vE '<lightflow/(base|ctxabi)/')
[[ -n $hits ]] && report "lf::ctxabi may include only lf::base" "$hits"

hits=$(includes libs/assets libs/cortex | grep -E '<lightflow/(core|stream)/')
[[ -n $hits ]] && report "lf::assets and lf::cortex must not include lf::core or lf::stream" "$hits"

hits=$(includes libs/core | grep -E '<lightflow/stream/')
[[ -n $hits ]] && report "lf::core must not include lf::stream (it sits above lf::core)" "$hits"

# lf::stream: lf::core, lf::base, lf::ctxabi and FlatBuffers (Boost.JSON for the
# JSON forms lf::core's types already use); no transport, no other library.
hits=$(includes libs/stream | grep -E '<[a-z0-9_]+/' |
  grep -vE '<lightflow/(core|base|ctxabi|stream)/|<flatbuffers/|<boost/json[/.]|<(sys|linux)/')
[[ -n $hits ]] && report "lf::stream may include only lf::core, lf::base, lf::ctxabi and FlatBuffers" "$hits"

hits=$(includes libs | grep -E '<(boost/beast|boost/asio|fuse|fuse3)[/.>]|<fuse_lowlevel\.h>')
[[ -n $hits ]] && report "libs/ must not include Beast, Asio or libfuse" "$hits"

# The libraries and the daemon never reach up into an app.
hits=$(includes libs cortexfs | grep -E '[<"](\.\./)*apps/|"\.\./')
[[ -n $hits ]] && report "nothing in libs/ or cortexfs/ includes apps/" "$hits"

# Apps are thin: they see the Service (lf::core), lf::base and lf::stream only,
# and only lfd speaks Beast/Asio.
hits=$(includes apps | grep -E '<lightflow/' | grep -vE '<lightflow/(core|base|stream)/')
[[ -n $hits ]] && report "apps/ use lf::core, lf::base and lf::stream, not the libraries below" "$hits"

hits=$(includes apps | grep -vE '^apps/lfd/' | grep -E '<boost/(beast|asio)[/.]')
[[ -n $hits ]] && report "only apps/lfd uses Beast and Asio" "$hits"

# The MCP protocol library of apps/lf-mcp is shared with lfd's POST /mcp; no
# other app reaches into another app's folder.
hits=$(includes apps | grep -vE '^apps/(lfd|lf-mcp)/' | grep -E '<lf_mcp/')
[[ -n $hits ]] && report "only apps/lf-mcp and apps/lfd use the MCP server library" "$hits"

hits=$(includes apps | grep -E '[<"](\.\./)+')
[[ -n $hits ]] && report "an app does not include another app's files by relative path" "$hits"

hits=$(includes apps | grep -E '<(fstream|filesystem)>' | grep -v '/main\.cpp:')
[[ -n $hits ]] && report "apps/ parse, call the Service and print; file I/O belongs in the libraries" "$hits"

hits=$(includes cortexfs | grep -E '<lightflow/(core|assets|cortex|stream)/')
[[ -n $hits ]] && report "cortexfs/ shares only lf::base and lf::ctxabi with LightFlow" "$hits"

[[ $status -eq 0 ]] && echo "layering: ok"
exit $status
