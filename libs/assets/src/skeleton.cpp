#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include <lightflow/assets/skeleton.hpp>

#include "name_rules.hpp"

namespace lf::assets {
namespace {

constexpr std::string_view kHeader =
    R"(// @TITLE@: describe in one paragraph what this @KIND@ is for.
// The asset language is documented in docs/authoring-assets.md (`lf assets
// guide`). Check this asset with `lf assets check @ID@`; list it with
// `lf assets @FOLDER@`.
#include <lightflow/asset.hpp>

using namespace lightflow::asset;

inline constexpr AssetMeta META{
    .id = "@ID@",
    .version = "0.1.0",
    .title = "@TITLE@",
    .kind = Kind::@KIND@,
    .description = "One sentence: what it does.",
    .stability = Stability::draft,
};

)";

constexpr std::string_view kModel = R"(inline auto define() {
  // The id is the alias steps use in openai_chat("<alias>") and required_model("<alias>").
  return model(META.id)
      .capability(Capability::chat)
      .preferred_format("openai.chat")
      .param("temperature", 0.2);
}
)";

constexpr std::string_view kNode = R"(inline auto define() {
  // Ports are typed; templates read input ports as {{inputs.<port>}}.
  return node(META.id)
      .input(string_field("prompt").describe("The user message.").required())
      .output(string_field("text").describe("The assistant's answer."))
      .api_target("openai.chat")
      .user("{{inputs.prompt}}");
}
)";

constexpr std::string_view kComposition = R"(inline auto define() {
  // Parameters are read as {{inputs.<name>}}; a workflow binds them with .bind().
  return composition(META.id)
      .parameter(string_field("text").describe("The text to work on.").required())
      .required_model("llm.default")  // a model alias from `lf assets models`
      .api_step("first", "node.chat", "openai.chat")
      .openai_chat("llm.default")
      .user("Summarise:\n{{inputs.text}}");
}
)";

constexpr std::string_view kWorkflow = R"(inline auto define() {
  // Steps run in order of their dependencies; a step reads an earlier step's
  // answer as {{steps.<step>.text}} once it runs .after("<step>").
  return workflow(META.id)
      .input(string_field("prompt").describe("What to do.").required())
      .required_model("llm.default")  // a model alias from `lf assets models`
      .api_step("draft", "node.chat", "openai.chat")
      .openai_chat("llm.default")
      .user("{{inputs.prompt}}")
      .api_step("refine", "node.chat", "openai.chat")
      .after("draft")
      .openai_chat("llm.default")
      .user("Improve this answer:\n{{steps.draft.text}}");
}
)";

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

std::string_view body(AssetKind kind) {
  switch (kind) {
    case AssetKind::model:
      return kModel;
    case AssetKind::node:
      return kNode;
    case AssetKind::composition:
      return kComposition;
    case AssetKind::workflow:
      break;
  }
  return kWorkflow;
}

}  // namespace

Result<void> check_asset_id(std::string_view id) {
  if (!detail::is_asset_id(id)) {
    return fail(
        Code::invalid_argument,
        "invalid asset id " + std::string(id) + ": use 1-128 letters, digits, '.', '_' or '-'");
  }
  return {};
}

std::string skeleton_file_name(AssetKind kind, std::string_view id) {
  std::string name(id);
  const std::string prefix = std::string(to_string(kind)) + ".";
  if (name.starts_with(prefix) && name.size() > prefix.size()) {
    name.erase(0, prefix.size());
  }
  for (char& c : name) {
    c = (c == '.' || c == '-') ? '_' : c;
  }
  return name + ".cpp";
}

std::string skeleton_source(AssetKind kind, std::string_view id) {
  std::string out(kHeader);
  out += body(kind);
  std::string title(id);
  replace_all(out, "@ID@", id);
  replace_all(out, "@TITLE@", title);
  replace_all(out, "@KIND@", to_string(kind));
  replace_all(out, "@FOLDER@", folder_name(kind));
  return out;
}

Result<std::filesystem::path> write_skeleton(const std::filesystem::path& project_root,
                                             AssetKind kind,
                                             std::string_view id) {
  if (auto ok = check_asset_id(id); !ok) {
    return fail(std::move(ok).error());
  }
  const std::filesystem::path dir = project_root / "assets" / folder_name(kind);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return fail(error_from(ec, dir.string()));
  }
  const std::filesystem::path path = dir / skeleton_file_name(kind, id);
  // O_EXCL: never overwrite, even if another process creates the file first.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    return fail(errno_error(errno, path.string()));
  }
  const std::string source = skeleton_source(kind, id);
  std::size_t written = 0;
  while (written < source.size()) {
    const ssize_t n = ::write(fd, source.data() + written, source.size() - written);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      const int saved = errno;
      ::close(fd);
      return fail(errno_error(saved, path.string()));
    }
    written += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    return fail(errno_error(errno, path.string()));
  }
  return path;
}

}  // namespace lf::assets
