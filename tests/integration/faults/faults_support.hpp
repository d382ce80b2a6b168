#pragma once

// What the fault-injection tests share: a project of many small steps and the
// duplicate count of a run's outputs/requests.jsonl.

#include <filesystem>
#include <set>
#include <string>

namespace faults_test {

// A workflow of `steps` openai.chat steps in `width` independent chains.
void write_dag_project(const std::filesystem::path& project, int steps, int width);

// Lines of a run's outputs/requests.jsonl beyond the first for each (step, attempt).
int duplicate_request_lines(const std::filesystem::path& requests, std::set<std::string>& steps);

}  // namespace faults_test
