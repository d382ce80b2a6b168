#pragma once

// How `lf run exec|resume|rerun` and `lf run events --follow` show a run's
// events: on a terminal, one line per step event (status, elapsed time,
// provider/model) under a progress bar that redraws in place; otherwise the
// events themselves, one JSON object per line.

#include <chrono>
#include <map>
#include <string>

#include <lightflow/core/run_events.hpp>

namespace lf::cli {

enum class ProgressStyle { terminal, json_lines };

class ProgressView {
 public:
  explicit ProgressView(ProgressStyle style) : style_(style) {}

  /// Prints `event` to stdout.
  void show(const core::RunEvent& event);

  /// Ends the terminal view (clears the bar line). No-op for JSON lines.
  void finish() const;

 private:
  using Clock = std::chrono::steady_clock;

  void print_terminal(const core::RunEvent& event);
  double since(Clock::time_point start) const;

  ProgressStyle style_;
  Clock::time_point run_started_ = Clock::now();
  std::map<std::string, Clock::time_point> step_started_;  // by step id, when shown submitted
};

}  // namespace lf::cli
