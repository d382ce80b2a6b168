#pragma once

// The entry point of lf-executor, the program Service::run_start spawns to
// execute a run detached from the caller. Its command line is private to
// lf::core (the library writes it and reads it); nothing else should call it.
// Thread-safety: call once, from main.

namespace lf::core {

/// Runs lf-executor; returns the process's exit code (0 when the run ended,
/// however it ended; 1 when it could not be executed).
int executor_main(int argc, char** argv);

}  // namespace lf::core
