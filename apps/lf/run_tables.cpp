#include "run_tables.hpp"

#include <algorithm>
#include <vector>

namespace lf::cli {
namespace {

using Row = std::vector<std::string>;

// Left-aligned columns two spaces apart; the last column is not padded.
std::string format_rows(const std::vector<Row>& rows) {
  std::vector<std::size_t> widths;
  for (const Row& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  std::string out;
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      out += row[i];
      if (i + 1 < row.size()) {
        out.append(widths[i] - row[i].size() + 2, ' ');
      }
    }
    out += '\n';
  }
  return out;
}

std::string done_of_total(const core::RunStatusSummary& summary) {
  return std::to_string(summary.succeeded_steps) + "/" + std::to_string(summary.total_steps);
}

}  // namespace

std::string format_run_table(const core::RunListing& listing) {
  std::vector<Row> rows{{"RUN", "WORKFLOW", "STATUS", "DONE", "CREATED"}};
  for (const auto& run : listing.runs) {
    rows.push_back({run.run_id,
                    run.workflow_asset_id,
                    std::string(core::to_string(run.status)),
                    done_of_total(run),
                    run.created_at});
  }
  std::string out = listing.runs.empty() ? "no runs\n" : format_rows(rows);
  if (!listing.problems.empty()) {
    out += "\nproblems:\n";
    for (const auto& problem : listing.problems) {
      out += "  " + problem.run_id + ": " + problem.message + "\n";
    }
  }
  return out;
}

std::string format_status_table(const core::RunStatusSummary& summary,
                                const core::RunManifest& manifest) {
  std::string out = summary.run_id + "  " + summary.workflow_asset_id + "  "
                    + std::string(core::to_string(summary.status)) + "  " + done_of_total(summary)
                    + " steps succeeded  (updated " + summary.updated_at + ")\n\n";
  std::vector<Row> rows{{"STEP", "STATUS", "ATTEMPT", "AFTER", "REQUEST"}};
  for (const auto& step : manifest.steps) {
    std::string after;
    for (const auto& id : step.depends_on) {
      after += (after.empty() ? "" : ",") + id;
    }
    rows.push_back({step.step_id,
                    std::string(core::to_string(step.current.status)),
                    std::to_string(step.current.number),
                    after.empty() ? "-" : after,
                    step.current.cortex.request_id});
  }
  return out + format_rows(rows);
}

}  // namespace lf::cli
