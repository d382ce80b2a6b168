#pragma once

// The three ways a user passes a JSON document or a request body on the command
// line: the text itself, "-" for all of standard input, "@path" for a file.
// Thread-safety: reads stdin or a file; not for concurrent use on stdin.

#include <string>
#include <string_view>

#include <lightflow/base/result.hpp>

namespace lf::cli {

/// The text `argument` stands for. "@path" is resolved against the working
/// directory. Errors: not_found / io_error naming the file or "standard input".
Result<std::string> resolve_text_argument(std::string_view argument);

}  // namespace lf::cli
