#include "progress_view.hpp"

#include <cstdio>
#include <iomanip>
#include <iostream>
#include <string>

#include <lightflow/core/json_text.hpp>

namespace lf::cli {
namespace {

using core::EventKind;

constexpr std::size_t kBarWidth = 30;

std::string symbol_for(EventKind kind) {
  switch (kind) {
    case EventKind::step_succeeded:
      return "done     ";
    case EventKind::step_cached:
      return "cached   ";
    case EventKind::step_submitted:
      return "running  ";
    case EventKind::step_retried:
      return "retrying ";
    case EventKind::step_timed_out:
      return "timed out";
    case EventKind::step_cancelled:
      return "cancelled";
    default:
      return "failed   ";
  }
}

std::string seconds(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%6.1fs", value);
  return text;
}

void draw_bar(const core::RunEvent& event, double elapsed) {
  const std::size_t total = event.total_steps == 0 ? 1 : event.total_steps;
  const std::size_t filled = event.done_steps * kBarWidth / total;
  std::cout << "\r\033[K[" << std::string(filled, '#') << std::string(kBarWidth - filled, '.')
            << "] " << event.done_steps << "/" << event.total_steps << " steps " << seconds(elapsed)
            << std::flush;
}

}  // namespace

double ProgressView::since(Clock::time_point start) const {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void ProgressView::print_terminal(const core::RunEvent& event) {
  std::cout << "\r\033[K";
  if (event.kind == EventKind::run_started) {
    run_started_ = Clock::now();
    std::cout << "run " << event.run_id << "\n";
  } else if (event.kind == EventKind::run_created) {
    std::cout << "created " << event.run_id << "\n";
  } else if (event.step_id) {
    const std::string& step = *event.step_id;
    double elapsed = 0;
    if (event.kind == EventKind::step_submitted) {
      step_started_[step] = Clock::now();
    } else if (const auto started = step_started_.find(step); started != step_started_.end()) {
      elapsed = since(started->second);
    }
    std::cout << "  " << symbol_for(event.kind) << "  " << std::left << std::setw(20) << step
              << std::right;
    if (event.kind != EventKind::step_submitted) {
      std::cout << "  " << seconds(elapsed);
    }
    if (event.provider || event.model) {
      std::cout << "  " << event.provider.value_or("?") << "/" << event.model.value_or("?");
    }
    if (event.detail && event.kind != EventKind::step_submitted
        && event.kind != EventKind::step_succeeded) {
      std::string detail = *event.detail;
      if (!detail.empty() && detail.back() == '\n') {
        detail.pop_back();
      }
      std::cout << "  (" << (event.kind == EventKind::step_cached ? "from " : "") << detail << ")";
    }
    std::cout << "\n";
  } else {
    std::cout << core::to_string(event.kind).substr(4) << " in " << seconds(since(run_started_))
              << " (" << event.done_steps << "/" << event.total_steps << " steps)\n";
    return;
  }
  draw_bar(event, since(run_started_));
}

void ProgressView::show(const core::RunEvent& event) {
  if (style_ == ProgressStyle::json_lines) {
    std::cout << core::to_compact_json(core::to_json(event)) << '\n' << std::flush;
    return;
  }
  print_terminal(event);
}

void ProgressView::finish() const {
  if (style_ == ProgressStyle::terminal) {
    std::cout << "\r\033[K" << std::flush;
  }
}

}  // namespace lf::cli
