#include "progress_view.hpp"

#include <cstdio>
#include <iomanip>
#include <iostream>
#include <string>

#include <lightflow/core/json_text.hpp>

namespace lf::cli {
namespace {

constexpr std::size_t kBarWidth = 30;

std::string symbol_for(const std::string& event) {
  if (event == "step.succeeded") {
    return "done     ";
  }
  if (event == "step.cached") {
    return "cached   ";
  }
  if (event == "step.submitted") {
    return "running  ";
  }
  if (event == "step.retrying") {
    return "retrying ";
  }
  if (event == "step.timed_out") {
    return "timed out";
  }
  return "failed   ";
}

std::string seconds(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%6.1fs", value);
  return text;
}

void draw_bar(const core::ExecEvent& event) {
  const std::size_t total = event.total_steps == 0 ? 1 : event.total_steps;
  const std::size_t filled = event.done_steps * kBarWidth / total;
  std::cout << "\r\033[K[" << std::string(filled, '#') << std::string(kBarWidth - filled, '.')
            << "] " << event.done_steps << "/" << event.total_steps << " steps "
            << seconds(event.elapsed_seconds) << std::flush;
}

void print_terminal(const core::ExecEvent& event) {
  std::cout << "\r\033[K";
  if (event.event == "run.started") {
    std::cout << "run " << event.run_id << "\n";
  } else if (event.step_id) {
    std::cout << "  " << symbol_for(event.event) << "  " << std::left << std::setw(20)
              << *event.step_id << std::right;
    if (event.event != "step.submitted") {
      std::cout << "  " << seconds(event.elapsed_seconds);
    }
    if (event.provider || event.model) {
      std::cout << "  " << event.provider.value_or("?") << "/" << event.model.value_or("?");
    }
    if (event.detail
        && (event.event == "step.cached" || event.event == "step.failed"
            || event.event == "step.timed_out" || event.event == "step.retrying")) {
      std::string detail = *event.detail;
      if (!detail.empty() && detail.back() == '\n') {
        detail.pop_back();
      }
      std::cout << "  (" << (event.event == "step.cached" ? "from " : "") << detail << ")";
    }
    std::cout << "\n";
  } else {
    std::cout << event.event.substr(4) << " in " << seconds(event.elapsed_seconds) << " ("
              << event.done_steps << "/" << event.total_steps << " steps)\n";
    return;
  }
  draw_bar(event);
}

}  // namespace

core::ExecObserver progress_printer(ProgressStyle style) {
  if (style == ProgressStyle::json_lines) {
    return [](const core::ExecEvent& event) {
      std::cout << core::to_compact_json(core::to_json(event)) << '\n' << std::flush;
    };
  }
  return print_terminal;
}

void finish_progress(ProgressStyle style) {
  if (style == ProgressStyle::terminal) {
    std::cout << "\r\033[K" << std::flush;
  }
}

}  // namespace lf::cli
