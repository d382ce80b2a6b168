#include "faults_support.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "../runs/runs_sandbox.hpp"
#include "fake_provider.hpp"
#include "lf_exec.hpp"

namespace fs = std::filesystem;
using ctxfs_test::CtxfsMount;
using exec_test::Lf;
using namespace std::chrono_literals;

namespace faults_test {

void write_dag_project(const fs::path& project, int steps, int width) {
  const fs::path source = *lf_test::env_value("LF_SOURCE_DIR");
  fs::create_directories(project / "assets/workflows");
  fs::create_directories(project / "assets/nodes");
  fs::create_directories(project / "assets/models");
  fs::copy_file(source / "assets/nodes/llm_prompt.cpp", project / "assets/nodes/llm_prompt.cpp");
  fs::copy_file(source / "assets/models/llm_planner.cpp",
                project / "assets/models/llm_planner.cpp");
  std::ofstream out(project / "assets/workflows/fault_dag.cpp");
  out << "#include <lightflow/asset.hpp>\n"
         "using namespace lightflow::asset;\n"
         "inline constexpr AssetMeta META{.id = \"workflow.fault_dag\", .version = \"0.1.0\",\n"
         "    .title = \"Fault DAG\", .kind = Kind::workflow,\n"
         "    .description = \"Chains of chat steps.\", .stability = Stability::draft};\n"
         "inline auto define() {\n"
         "  return workflow(META.id)\n"
         "      .required_model(\"llm.planner\")\n";
  for (int i = 0; i < steps; ++i) {
    out << "      .api_step(\"s" << i << "\", \"node.llm_prompt\", \"openai.chat\")\n";
    if (i >= width) {
      out << "      .after(\"s" << i - width << "\")\n";
    }
    out << "      .openai_chat(\"llm.planner\")\n"
        << "      .user(\"step " << i << "\")" << (i == steps - 1 ? ";\n" : "\n");
  }
  out << "}\n";
}

int duplicate_request_lines(const fs::path& requests, std::set<std::string>& steps) {
  std::map<std::pair<std::string, std::int64_t>, int> seen;
  std::ifstream in(requests);
  int duplicates = 0;
  for (std::string line; std::getline(in, line);) {
    boost::system::error_code ec;
    const auto value = boost::json::parse(line, ec);
    if (ec || !value.is_object()) {
      continue;  // a line torn by the kill
    }
    const std::string step(value.at("step_id").as_string());
    steps.insert(step);
    if (++seen[{step, value.at("attempt").as_int64()}] > 1) {
      ++duplicates;
    }
  }
  return duplicates;
}

}  // namespace faults_test
