#pragma once

// How `lf run exec|resume|rerun` show an execution: on a terminal, one line
// per step event (status, elapsed time, provider/model) under a progress bar
// that redraws in place; otherwise one JSON object per event per line.

#include <lightflow/core/execution.hpp>

namespace lf::cli {

enum class ProgressStyle { terminal, json_lines };

/// An observer that prints `event`s in `style` to stdout.
core::ExecObserver progress_printer(ProgressStyle style);

/// Ends the terminal view (clears the bar line). No-op for JSON lines.
void finish_progress(ProgressStyle style);

}  // namespace lf::cli
