#pragma once

// The syntax tree of the declarative subset: expressions made of literals,
// names, calls, member accesses, method calls and braced lists, plus the two
// top-level declarations an asset has. Private to lf::assets.
// Thread-safety: plain values.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace lf::assets::detail {

struct Expr {
  enum class Kind {
    string,    ///< text = decoded value (adjacent literals concatenated)
    integer,   ///< integer
    floating,  ///< number
    boolean,   ///< boolean
    name,      ///< text = qualified name as written ("Kind::workflow")
    call,      ///< text = callee name; children = arguments
    member,    ///< text = member; children[0] = object ("META.id")
    method,    ///< text = method; children[0] = object, children[1..] = arguments
    list,      ///< children = elements ("{"a", "b"}")
  };

  Kind kind = Kind::name;
  std::size_t offset = 0;
  std::string text;
  long long integer = 0;
  double number = 0;
  bool boolean = false;
  std::vector<Expr> children;
};

/// One designated initialiser of META: `.name = value`.
struct MetaField {
  std::string name;
  std::size_t offset = 0;
  Expr value;
};

/// What the parser found at the top level of an asset file.
struct SyntaxFile {
  bool has_meta = false;
  std::size_t meta_offset = 0;
  std::vector<MetaField> meta;
  bool has_define = false;
  std::size_t define_offset = 0;
  Expr define_result;  ///< the expression define() returns
};

}  // namespace lf::assets::detail
