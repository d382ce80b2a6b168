#pragma once

// A Service over the repository's example assets, a temporary state directory
// and a temporary directory laid out as CortexFS for uid 1000, in which the
// test plays CortexFS by writing outbox files. The core tests that drive runs
// derive their fixtures from it.

#include <filesystem>
#include <string>

#include <boost/json.hpp>

#include <lightflow/core/service.hpp>

#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

namespace lf_test {

struct ServiceFixture {
  TempDir root;
  lf::core::Service service{config()};

  lf::core::ServiceConfig config() const {
    lf::core::ServiceConfig config;
    config.project_root = LF_SOURCE_DIR;
    config.ctx = lf::ctxabi::Layout(root.path() / "ctx", 1000);
    config.dirs.state = root.path() / "state" / "lightflow";
    config.dirs.cache = root.path() / "cache" / "lightflow";
    std::filesystem::create_directories(inbox());
    std::filesystem::create_directories(outbox());
    return config;
  }

  std::filesystem::path state() const { return root.path() / "state" / "lightflow"; }

  std::filesystem::path run_dir(const std::string& id) const { return state() / "runs" / id; }

  std::filesystem::path inbox() const {
    return root.path() / "ctx/home/1000/api/openai.chat/inbox";
  }

  std::filesystem::path outbox() const {
    return root.path() / "ctx/home/1000/api/openai.chat/outbox";
  }

  /// Creates a run of the example three-step workflow about `topic`.
  lf::Result<lf::core::RunManifest> create_run(const std::string& id,
                                               const std::string& topic = "owls") {
    return service.run_create(lf::core::CreateRunRequest{
        id, "workflow.outline_draft_review", boost::json::object{{"topic", topic}}});
  }

  /// Answers `request_id` as a chat completion whose content is `text`.
  void answer(const std::string& request_id, const std::string& text) const {
    boost::json::object message{{"role", "assistant"}, {"content", text}};
    boost::json::object body{
        {"choices", boost::json::array{boost::json::object{{"message", message}}}}};
    write_file(outbox() / (request_id + ".resp.json"), boost::json::serialize(body));
  }
};

}  // namespace lf_test
