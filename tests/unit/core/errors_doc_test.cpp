// docs/errors.md and the code agree: the page's tables are read and each row is
// compared with lf::core::error_mapping and lf::core::run_outcome, and every
// code and run status has exactly one row.

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <lightflow/core/error_mapping.hpp>

#include <lf_test/files.hpp>

namespace {

// The cells of every table row under the heading `heading`, up to the next
// heading; the header and separator rows are left out.
std::vector<std::vector<std::string>> table_under(const std::string& page,
                                                  const std::string& heading) {
  std::vector<std::vector<std::string>> rows;
  const auto start = page.find("\n" + heading + "\n");
  REQUIRE(start != std::string::npos);
  std::istringstream lines(page.substr(start + heading.size() + 2));
  std::string line;
  bool header = true;
  while (std::getline(lines, line) && !line.starts_with("#")) {
    if (!line.starts_with("|")) {
      continue;
    }
    if (header || line.starts_with("|---")) {
      header = false;
      continue;
    }
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream parts(line.substr(1));
    while (std::getline(parts, cell, '|')) {
      const auto first = cell.find_first_not_of(' ');
      const auto last = cell.find_last_not_of(' ');
      cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
    }
    rows.push_back(std::move(cells));
  }
  return rows;
}

std::string unquoted(const std::string& cell) {
  REQUIRE(cell.size() > 2);
  REQUIRE(cell.front() == '`');
  REQUIRE(cell.back() == '`');
  return cell.substr(1, cell.size() - 2);
}

const std::string& errors_page() {
  static const std::string page = lf_test::read_file(LF_SOURCE_DIR "/docs/errors.md");
  return page;
}

}  // namespace

TEST_CASE("the code table in docs/errors.md is the error mapping", "[core][errors][docs]") {
  using lf::Code;
  std::map<std::string, Code> by_name;
  for (Code code : {Code::invalid_argument,
                    Code::not_found,
                    Code::already_exists,
                    Code::conflict,
                    Code::failed_precondition,
                    Code::io_error,
                    Code::corruption,
                    Code::timeout,
                    Code::unavailable,
                    Code::cancelled,
                    Code::internal}) {
    by_name.emplace(lf::to_string(code), code);
  }
  const auto rows = table_under(errors_page(), "## The code table");
  CHECK(rows.size() == by_name.size());
  std::map<std::string, int> seen;
  for (const auto& row : rows) {
    REQUIRE(row.size() == 5);  // code, meaning, HTTP, exit, JSON-RPC
    const std::string name = unquoted(row[0]);
    INFO(name);
    ++seen[name];
    REQUIRE(by_name.contains(name));
    const auto mapping = lf::core::error_mapping(by_name.at(name));
    CHECK(std::stoi(row[2]) == mapping.http_status);
    CHECK(std::stoi(row[3]) == mapping.exit_code);
    CHECK(std::stoi(row[4]) == mapping.jsonrpc_code);
  }
  for (const auto& [name, code] : by_name) {
    INFO(name);
    CHECK(seen[name] == 1);
  }
}

TEST_CASE("the run outcome table in docs/errors.md is run_outcome", "[core][errors][docs]") {
  using lf::core::RunStatus;
  const RunStatus statuses[] = {RunStatus::planned,
                                RunStatus::running,
                                RunStatus::cancelled,
                                RunStatus::succeeded,
                                RunStatus::failed};
  const auto rows = table_under(errors_page(), "## Run outcomes");
  CHECK(rows.size() == std::size(statuses));
  for (RunStatus status : statuses) {
    const std::string name(lf::core::to_string(status));
    INFO(name);
    int found = 0;
    for (const auto& row : rows) {
      REQUIRE(row.size() == 4);  // status, meaning, HTTP, exit
      if (unquoted(row[0]) != name) {
        continue;
      }
      ++found;
      CHECK(std::stoi(row[2]) == lf::core::run_outcome(status).http_status);
      CHECK(std::stoi(row[3]) == lf::core::run_outcome(status).exit_code);
    }
    CHECK(found == 1);
  }
}
