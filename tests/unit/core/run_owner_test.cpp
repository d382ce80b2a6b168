// Service::resume_owned_runs resumes only the unfinished runs its owner left,
// and forgets the record of runs that ended meanwhile.

#include "execution/run_owner.hpp"

#include <algorithm>
#include <filesystem>
#include <string>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <lightflow/core/service.hpp>

#include <lf_test/temp_dir.hpp>

namespace fs = std::filesystem;
using lf::core::ExecOptions;
using lf::core::RunOwner;

namespace {

struct Fixture {
  lf_test::TempDir root;

  lf::core::ServiceConfig config(const std::string& owner) const {
    lf::core::ServiceConfig config;
    config.project_root = LF_SOURCE_DIR;
    config.ctx = lf::ctxabi::Layout(root.path() / "ctx", 1000);
    config.dirs.state = root.path() / "state" / "lightflow";
    config.execution_owner = owner;
    return config;
  }

  fs::path run_dir(const std::string& id) const {
    return root.path() / "state" / "lightflow" / "runs" / id;
  }
};

bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

TEST_CASE("the options an execution was launched with survive in its owner record",
          "[core][run_owner]") {
  lf_test::TempDir dir;
  ExecOptions options;
  options.max_parallel = 3;
  options.step_timeout = std::chrono::milliseconds(2500);
  options.max_attempts = 4;
  options.cache = lf::core::CacheMode::bypass;
  REQUIRE(lf::core::record_run_owner(dir.path(), RunOwner{"lfd", options}));
  const auto read = lf::core::read_run_owner(dir.path());
  REQUIRE(read);
  CHECK(read->owner == "lfd");
  CHECK(read->options.max_parallel == 3);
  CHECK(read->options.step_timeout == std::chrono::milliseconds(2500));
  CHECK(read->options.max_attempts == 4);
  CHECK(read->options.cache == lf::core::CacheMode::bypass);
  lf::core::clear_run_owner(dir.path());
  CHECK_FALSE(lf::core::read_run_owner(dir.path()));
}

TEST_CASE("only the unfinished runs of this owner are resumed", "[core][run_owner]") {
  Fixture fx;
  {
    lf::core::Service setup(fx.config(""));
    for (const char* id : {"mine", "theirs", "ended"}) {
      REQUIRE(setup.run_create(lf::core::CreateRunRequest{
          id, "workflow.outline_draft_review", boost::json::object{{"topic", "owls"}}}));
    }
    REQUIRE(setup.run_cancel("ended"));
  }
  REQUIRE(lf::core::record_run_owner(fx.run_dir("mine"), RunOwner{"lfd", {}}));
  REQUIRE(lf::core::record_run_owner(fx.run_dir("theirs"), RunOwner{"other", {}}));
  REQUIRE(lf::core::record_run_owner(fx.run_dir("ended"), RunOwner{"lfd", {}}));

  lf::core::Service service(fx.config("lfd"));
  const auto resumed = service.resume_owned_runs();
  // No CortexFS here: the resumed execution fails soon, but it was launched.
  CHECK(contains(resumed.resumed, "mine"));
  CHECK_FALSE(contains(resumed.resumed, "theirs"));
  CHECK_FALSE(contains(resumed.resumed, "ended"));
  CHECK(resumed.failed.empty());
  CHECK(lf::core::read_run_owner(fx.run_dir("theirs")));
  CHECK_FALSE(lf::core::read_run_owner(fx.run_dir("ended")));
}

TEST_CASE("a Service without an owner resumes nothing", "[core][run_owner]") {
  Fixture fx;
  lf::core::Service service(fx.config(""));
  REQUIRE(service.run_create(lf::core::CreateRunRequest{
      "mine", "workflow.outline_draft_review", boost::json::object{{"topic", "owls"}}}));
  REQUIRE(lf::core::record_run_owner(fx.run_dir("mine"), RunOwner{"lfd", {}}));
  CHECK(service.resume_owned_runs().resumed.empty());
}
