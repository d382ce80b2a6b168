// lf run exec|start|wait|resume|rerun|events|diff: running workflows to the end
// and following their events. Each command is one Service call (a launch and
// its handle); this file turns flags into options, shows the events, maps
// Ctrl-C to a clean cancel, and turns the outcome into an exit code (0
// succeeded, 1 failed, 130 cancelled; see docs/errors.md).

#include <signal.h>

#include <array>
#include <charconv>
#include <csignal>
#include <iostream>

#include <boost/json.hpp>

#include <lightflow/core/json_text.hpp>
#include <lightflow/core/run_json.hpp>

#include "cli.hpp"
#include "command_table.hpp"
#include "parsed_args.hpp"
#include "progress_view.hpp"
#include "run_arguments.hpp"

namespace lf::cli {
namespace {

constexpr int kRunFailedExit = 1;
constexpr int kRunCancelledExit = 130;
// How often the loop showing events looks for a Ctrl-C.
constexpr auto kInterruptCheck = std::chrono::milliseconds(100);

volatile std::sig_atomic_t g_interrupted = 0;  // set by the SIGINT/SIGTERM handler

extern "C" void on_interrupt(int) {
  g_interrupted = 1;
}

// Ctrl-C (and SIGTERM) ask for a clean cancel while the guard lives.
class InterruptGuard {
 public:
  InterruptGuard() {
    g_interrupted = 0;

    struct sigaction action {};

    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
  }

  ~InterruptGuard() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }

  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  /// True once per Ctrl-C.
  static bool take() {
    if (g_interrupted == 0) {
      return false;
    }
    g_interrupted = 0;
    return true;
  }

 private:
  struct sigaction old_int_ {};

  struct sigaction old_term_ {};
};

Result<long> positive_number(const ParsedArgs& args, std::string_view flag, long fallback) {
  const auto text = args.find(flag);
  if (!text) {
    return fallback;
  }
  long value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < 0) {
    return fail(Code::invalid_argument,
                "--" + std::string(flag) + " takes a whole number >= 0, not " + *text);
  }
  return value;
}

Result<core::ExecOptions> exec_options(const ParsedArgs& args) {
  core::ExecOptions options;
  auto parallel = positive_number(args, "parallel", 4);
  auto timeout = positive_number(args, "step-timeout", -1);
  auto retries = positive_number(args, "retries", -1);
  for (const auto* value : {&parallel, &timeout, &retries}) {
    if (!*value) {
      return fail(value->error());
    }
  }
  options.max_parallel = static_cast<std::size_t>(std::max(1L, *parallel));
  if (*timeout >= 0) {
    options.step_timeout = std::chrono::seconds(*timeout);
  }
  if (*retries >= 0) {
    options.max_attempts = static_cast<int>(*retries) + 1;
  }
  options.cache = args.has("no-cache") ? core::CacheMode::bypass : core::CacheMode::use;
  return options;
}

int exit_code_for(core::RunStatus status) {
  switch (status) {
    case core::RunStatus::succeeded:
      return 0;
    case core::RunStatus::cancelled:
      return kRunCancelledExit;
    default:
      return kRunFailedExit;
  }
}

ProgressStyle progress_style(const Cli& cli, const ParsedArgs& args) {
  return cli.output_style(args) == OutputStyle::human ? ProgressStyle::terminal
                                                      : ProgressStyle::json_lines;
}

// Shows the execution's events until it ends, cancelling it on Ctrl-C.
void follow(core::Service& service, const core::ExecutionHandle& handle, ProgressView& view) {
  core::EventSubscription events = handle.subscribe(handle.started_after_seq());
  for (;;) {
    if (InterruptGuard::take()) {
      handle.cancel();
    }
    core::Delivery next = events.next(std::chrono::steady_clock::now() + kInterruptCheck);
    if (next.status == core::DeliveryStatus::event) {
      view.show(*next.event);
    } else if (next.status == core::DeliveryStatus::dropped) {
      // Printing fell behind: the rest is in events.jsonl once the run ends.
      while (!handle.finished()) {
        if (InterruptGuard::take()) {
          handle.cancel();
        }
        [[maybe_unused]] auto ended =
            handle.wait(std::chrono::steady_clock::now() + kInterruptCheck);
      }
      if (auto rest = service.run_events(handle.run_id(), events.last_seq())) {
        for (const core::RunEvent& event : rest->events) {
          view.show(event);
        }
      }
      return;
    } else if (next.status == core::DeliveryStatus::ended) {
      return;
    }
  }
}

void print_outputs(const Cli& cli,
                   core::Service& service,
                   const core::ExecResult& result,
                   ProgressStyle style) {
  // The answers of the steps no other step reads: what the run produced.
  auto outputs = service.run_final_outputs(result.manifest);
  if (outputs && style == ProgressStyle::terminal) {
    for (const core::StepOutput& output : *outputs) {
      cli.print_text("\n== " + output.step_id + "\n" + output.text.value_or(output.raw) + "\n");
    }
  } else if (outputs) {
    boost::json::object final_outputs;
    for (const core::StepOutput& output : *outputs) {
      // The answer's text and where the whole answer is kept; `lf run output`
      // prints the rest.
      final_outputs[output.step_id] = boost::json::object{
          {"text", output.text ? boost::json::value(*output.text) : boost::json::value(nullptr)},
          {"path", output.path},
      };
    }
    // One more JSON line: the stream stays one object per line.
    cli.print_text(core::to_compact_json(boost::json::object{{"event", "run.outputs"},
                                                             {"run_id", result.manifest.run_id},
                                                             {"outputs", std::move(final_outputs)}})
                   + "\n");
  }
}

// Launches an execution, shows its events with Ctrl-C wired to cancel, then
// prints the final steps' answers.
template <typename Launch>
int drive(Cli& cli, const ParsedArgs& args, core::Service& service, Launch launch) {
  auto options = exec_options(args);
  if (!options) {
    return cli.report(options.error());
  }
  const ProgressStyle style = progress_style(cli, args);
  ProgressView view(style);
  InterruptGuard guard;
  Result<core::ExecutionHandle> handle = launch(*options);
  if (!handle) {
    return cli.report(handle.error());
  }
  follow(service, *handle, view);
  Result<core::ExecResult> result = handle->wait();
  view.finish();
  if (!result) {
    return cli.report(result.error());
  }
  print_outputs(cli, service, *result, style);
  return exit_code_for(result->summary.status);
}

int run_exec(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  auto request = create_request(args);
  if (!service || !request) {
    return cli.report(!service ? service.error() : request.error());
  }
  return drive(cli, args, **service, [&](const core::ExecOptions& options) {
    return (*service)->launch_exec(*request, options);
  });
}

int run_resume(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  return drive(cli, args, **service, [&](const core::ExecOptions& options) {
    return (*service)->launch_resume(args.get("run_id"), options);
  });
}

int run_rerun(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  auto patch = inputs_argument(args);
  if (!service || !patch) {
    return cli.report(!service ? service.error() : patch.error());
  }
  const core::RerunRequest request{args.get("run_id"), args.find("id"), std::move(*patch)};
  return drive(cli, args, **service, [&](const core::ExecOptions& options) {
    return (*service)->launch_rerun(request, options);
  });
}

int run_start(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  auto request = create_request(args);
  auto options = exec_options(args);
  if (!service || !request || !options) {
    return cli.report(!service ? service.error() : !request ? request.error() : options.error());
  }
  auto started = (*service)->run_start(*request, *options);
  return started ? cli.print_json(core::to_json(*started)) : cli.report(started.error());
}

core::Deadline deadline_after(long seconds) {
  if (seconds < 0) {
    return std::nullopt;
  }
  return std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
}

int run_wait(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  auto timeout = positive_number(args, "timeout", -1);
  if (!service || !timeout) {
    return cli.report(!service ? service.error() : timeout.error());
  }
  auto summary = (*service)->run_wait(args.get("run_id"), deadline_after(*timeout));
  if (!summary) {
    return cli.report(summary.error());
  }
  cli.print_json(core::to_json(*summary));
  return exit_code_for(summary->status);
}

// Without --follow, the events after --after-seq as one JSON object; with it,
// one event per line (or per terminal line) as they are written, until the
// run has finished or --timeout passes.
int run_events(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  auto after = positive_number(args, "after-seq", 0);
  auto timeout = positive_number(args, "timeout", -1);
  if (!service || !after || !timeout) {
    return cli.report(!service ? service.error() : !after ? after.error() : timeout.error());
  }
  const std::string run_id = args.get("run_id");
  auto seq = static_cast<std::uint64_t>(*after);
  if (!args.has("follow")) {
    return cli.print_result((*service)->run_events(run_id, seq));
  }
  ProgressView view(progress_style(cli, args));
  InterruptGuard guard;
  const core::Deadline deadline = deadline_after(*timeout);
  for (;;) {
    if (InterruptGuard::take()) {
      break;
    }
    auto slice = std::chrono::steady_clock::now() + kInterruptCheck;
    auto events =
        (*service)->run_events_follow(run_id, seq, deadline ? std::min(*deadline, slice) : slice);
    if (!events) {
      view.finish();
      return cli.report(events.error());
    }
    for (const core::RunEvent& event : events->events) {
      view.show(event);
    }
    seq = events->last_seq;
    if (events->finished && events->events.empty()) {
      break;
    }
    if (deadline && std::chrono::steady_clock::now() >= *deadline) {
      break;
    }
  }
  view.finish();
  return 0;
}

int run_diff(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  auto diff = (*service)->run_diff(args.get("run_a"), args.get("run_b"));
  return diff ? cli.print_json(core::to_json(*diff)) : cli.report(diff.error());
}

constexpr std::array<PositionalSpec, 1> kWorkflowArgs{{{"workflow_id", "the workflow asset id"}}};
constexpr std::array<PositionalSpec, 1> kRunArgs{{{"run_id", "the run id"}}};
constexpr std::array<PositionalSpec, 2> kDiffArgs{{
    {"run_a", "the first run id"},
    {"run_b", "the second run id"},
}};

template <std::size_t N, std::size_t M>
constexpr std::array<FlagSpec, N + M> concat(const std::array<FlagSpec, N>& first,
                                             const std::array<FlagSpec, M>& second) {
  std::array<FlagSpec, N + M> joined{};
  for (std::size_t i = 0; i < N; ++i) {
    joined[i] = first[i];
  }
  for (std::size_t i = 0; i < M; ++i) {
    joined[N + i] = second[i];
  }
  return joined;
}

constexpr std::array kPolicyFlags{
    FlagSpec{"parallel", "n", "steps in flight at once (default 4)"},
    FlagSpec{"step-timeout", "seconds", "override every step's timeout"},
    FlagSpec{"retries", "n", "override every step's retries (attempts = n + 1)"},
    FlagSpec{
        "no-cache", "", "commit every step, even one an earlier run answered", FlagKind::toggle},
};
constexpr std::array kJsonFlag{
    FlagSpec{"json", "", "print events as JSON lines even on a terminal", FlagKind::toggle},
};
constexpr std::array kCreateFlags{
    FlagSpec{"id", "run_id", "the run id (default: generated)"},
    FlagSpec{"inputs", "json|-|@file", "run inputs as a JSON object"},
};
constexpr std::array kRerunInputFlags{
    FlagSpec{"id", "run_id", "the new run's id (default: generated)"},
    FlagSpec{"inputs", "json|-|@file", "inputs to change, merged over the old run's"},
};
constexpr auto kResumeFlags = concat(kPolicyFlags, kJsonFlag);
constexpr auto kExecFlags = concat(kCreateFlags, kResumeFlags);
constexpr auto kRerunFlags = concat(kRerunInputFlags, kResumeFlags);
constexpr auto kStartFlags = concat(kCreateFlags, kPolicyFlags);
constexpr std::array kWaitFlags{
    FlagSpec{"timeout", "seconds", "give up after this long (exit code of a timeout)"},
};
constexpr std::array kEventsFlags{
    FlagSpec{"after-seq", "n", "only the events after this seq (default 0: all)"},
    FlagSpec{"follow", "", "keep printing new events until the run has finished", FlagKind::toggle},
    FlagSpec{"timeout", "seconds", "with --follow, stop after this long"},
    FlagSpec{"json", "", "with --follow, JSON lines even on a terminal", FlagKind::toggle},
};

constexpr std::array kCommands{
    CommandSpec{"exec",
                "create a run and execute it to the end, showing progress",
                kWorkflowArgs,
                kExecFlags,
                run_exec},
    CommandSpec{"start",
                "create a run and execute it in a detached process; prints its id",
                kWorkflowArgs,
                kStartFlags,
                run_start},
    CommandSpec{"wait",
                "block until a run ends; the exit code says how it ended",
                kRunArgs,
                kWaitFlags,
                run_wait},
    CommandSpec{"resume",
                "execute an interrupted run to the end, committing nothing twice",
                kRunArgs,
                kResumeFlags,
                run_resume},
    CommandSpec{"rerun",
                "a new run of the same workflow with changed inputs, unchanged steps "
                "from cache",
                kRunArgs,
                kRerunFlags,
                run_rerun},
    CommandSpec{"events",
                "print the run's events (events.jsonl) after a seq, or follow them",
                kRunArgs,
                kEventsFlags,
                run_events},
    CommandSpec{"diff",
                "which inputs, requests and outputs differ between two runs",
                kDiffArgs,
                {},
                run_diff},
};

}  // namespace

std::span<const CommandSpec> exec_commands() {
  return kCommands;
}

}  // namespace lf::cli
