#!/usr/bin/env bash
# Installs the build into a temporary prefix and uses the installed lf as a new
# user would, from a project outside the source tree: it lists the built-in
# assets from <prefix>/share/lightflow/assets and `lf assets check` compiles
# against <prefix>/include/lightflow/asset.hpp.
#
# usage: install_test.sh <cmake> <build-dir>
set -euo pipefail
cmake=${1:?usage: install_test.sh <cmake> <build-dir>}
build=${2:?usage: install_test.sh <cmake> <build-dir>}
work=$(mktemp -d /tmp/lf-install-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"

fail() {
  echo "install_test: $*" >&2
  exit 1
}

"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log" || {
  cat "$work/install.log" >&2
  fail "cmake --install failed"
}

for file in bin/lf bin/ctxfs \
  share/lightflow/assets/nodes/chat.cpp \
  share/lightflow/docs/authoring-assets.md \
  include/lightflow/asset.hpp; do
  [[ -e $prefix/$file ]] || fail "$file is not installed"
done

# A project of its own, far from the source tree, and no variable that would
# point lf back at the build.
project="$work/project"
mkdir -p "$project/assets/nodes"
sed -e 's/"node.chat"/"node.my_chat"/' "$prefix/share/lightflow/assets/nodes/chat.cpp" \
  >"$project/assets/nodes/my_chat.cpp"
lf() {
  (cd "$project" && env -u LIGHTFLOW_BUILTIN_ASSETS -u LIGHTFLOW_ASSET_INCLUDE_DIR \
    -u LIGHTFLOW_PROJECT -u LIGHTFLOW_CXX XDG_STATE_HOME="$work/state" \
    LIGHTFLOW_CTX_MOUNT="$work/ctx" "$prefix/bin/lf" "$@")
}

lf assets nodes >"$work/nodes.json" || fail "lf assets nodes failed"
python3 - "$work/nodes.json" "$prefix" "$project" <<'PY' || fail "lf assets nodes: wrong listing"
import json, sys
listing = json.load(open(sys.argv[1]))
prefix, project = sys.argv[2], sys.argv[3]
by_id = {a["meta"]["id"]: a for a in listing["assets"]}
builtin = by_id.get("node.chat")
assert builtin is not None, "no built-in node.chat in %s" % sorted(by_id)
assert builtin["builtin"] is True
assert builtin["source_path"].startswith(prefix + "/share/lightflow/assets/"), builtin["source_path"]
mine = by_id.get("node.my_chat")
assert mine is not None and mine["source_path"].startswith(project + "/"), mine
PY

lf assets check >"$work/check.json" || {
  cat "$work/check.json" >&2
  fail "lf assets check failed"
}
python3 - "$work/check.json" "$prefix" <<'PY' || fail "lf assets check: wrong report"
import json, sys
report = json.load(open(sys.argv[1]))
prefix = sys.argv[2]
assert report["ok"] is True, report
assert report["include_dir"] == prefix + "/include", report["include_dir"]
assert [r["compiles"] for r in report["results"]] == [True], report["results"]
PY

# A broken asset makes the same check fail: the compiler really ran.
printf '#include <lightflow/asset.hpp>\nint broken = lightflow::asset::no_such_thing;\n' \
  >"$project/assets/nodes/broken.cpp"
if lf assets check >"$work/broken.json" 2>/dev/null; then
  fail "lf assets check passed a file that does not compile"
fi
rm "$project/assets/nodes/broken.cpp"

echo "install_test: ok ($prefix)"
