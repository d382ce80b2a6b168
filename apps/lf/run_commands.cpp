// lf run: plan, create, drive and inspect runs of workflows. Every command is
// one Service call; this file only turns arguments into requests and results
// into output.

#include <array>
#include <vector>

#include <boost/json.hpp>

#include <lightflow/core/error_mapping.hpp>
#include <lightflow/core/json_text.hpp>
#include <lightflow/core/run_json.hpp>
#include <lightflow/core/text_argument.hpp>

#include "cli.hpp"
#include "command_table.hpp"
#include "parsed_args.hpp"
#include "run_arguments.hpp"
#include "run_tables.hpp"

namespace lf::cli {
namespace {

using core::Service;

int run_preview(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  auto request = create_request(args);
  if (!service || !request) {
    return cli.report(!service ? service.error() : request.error());
  }
  auto preview = (*service)->run_preview(*request);
  if (!preview) {
    return cli.report(preview.error());
  }
  // The plan is printed even when it has issues; then the exit code says so.
  cli.print_json(core::to_json(*preview));
  return preview->issues.empty() ? 0 : core::error_mapping(Code::invalid_argument).exit_code;
}

int run_create(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  auto request = create_request(args);
  if (!service || !request) {
    return cli.report(!service ? service.error() : request.error());
  }
  return cli.print_result((*service)->run_create(*request));
}

int run_list(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  auto listing = (*service)->run_list();
  if (listing && cli.output_style(args) == OutputStyle::human) {
    return cli.print_text(format_run_table(*listing));
  }
  return cli.print_result(listing);
}

int run_status(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  auto summary = (*service)->run_status(args.get("run_id"));
  if (summary && cli.output_style(args) == OutputStyle::human) {
    auto manifest = (*service)->run_get(args.get("run_id"));
    if (manifest) {
      return cli.print_text(format_status_table(*summary, *manifest));
    }
  }
  return cli.print_result(summary);
}

// The commands that take only a run id and print the Service's answer.
template <auto kMethod>
int run_by_id(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  auto result = ((**service).*kMethod)(args.get("run_id"));
  if (!result) {
    return cli.report(result.error());
  }
  if constexpr (std::is_same_v<std::decay_t<decltype(*result)>, boost::json::object>) {
    return cli.print_json(*result);
  } else {
    return cli.print_json(core::to_json(*result));
  }
}

template <auto kMethod>
int run_log(Cli& cli, const ParsedArgs& args, std::string_view key) {
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  auto log = ((**service).*kMethod)(args.get("run_id"));
  return log ? cli.print_json(core::to_json(*log, key)) : cli.report(log.error());
}

int run_trace(Cli& cli, const ParsedArgs& args) {
  return run_log<&Service::run_trace>(cli, args, "trace");
}

int run_submit(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  core::SubmitStepRequest request{args.get("run_id"), args.get("step_id"), std::nullopt};
  if (auto body = args.find("body")) {
    auto text = core::resolve_text_argument(*body);
    if (!text) {
      return cli.report(text.error());
    }
    request.body = std::move(*text);
  }
  return cli.print_result((*service)->run_submit(request));
}

int run_output(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  auto output = (*service)->run_output({args.get("run_id"), args.get("step_id")});
  if (output && output->text && cli.output_style(args) == OutputStyle::human) {
    return cli.print_text(*output->text + "\n");
  }
  return cli.print_result(output);
}

int run_retry(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  return cli.print_result((*service)->run_retry({args.get("run_id"), args.get("step_id")}));
}

constexpr PositionalSpec kRunId{"run_id", "the run id"};
constexpr PositionalSpec kStepId{"step_id", "a step id of the run (see lf run get)"};
constexpr std::array kRunArgs{kRunId};
constexpr std::array kStepArgs{kRunId, kStepId};
constexpr std::array kWorkflowArgs{
    PositionalSpec{"workflow_id", "the workflow asset id, e.g. workflow.text_plan"}};

constexpr FlagSpec kJsonFlag{"json", "", "print JSON even on a terminal", FlagKind::toggle};
constexpr std::array kJsonFlags{kJsonFlag};
constexpr std::array kCreateFlags{
    FlagSpec{"id", "run_id", "the run id (default: <workflow>-<time>-<random>)"},
    FlagSpec{"inputs", "json", "run inputs: a JSON object, - for standard input, or @file"},
};
constexpr std::array kSubmitFlags{FlagSpec{
    "body",
    "json",
    "request body instead of the step's template: a JSON object, - for standard input, or @file"}};

constexpr std::array kCommands{
    CommandSpec{"preview",
                "plan a run and print its steps, requests and issues; writes nothing",
                kWorkflowArgs,
                kCreateFlags,
                run_preview},
    CommandSpec{"create",
                "create a run (fails with every issue preview reports)",
                kWorkflowArgs,
                kCreateFlags,
                run_create},
    CommandSpec{
        "list", "list runs, oldest first (a table on a terminal)", {}, kJsonFlags, run_list},
    CommandSpec{"get", "print a run's manifest", kRunArgs, {}, run_by_id<&Service::run_get>},
    CommandSpec{"status",
                "print a run's derived status (a table on a terminal)",
                kRunArgs,
                kJsonFlags,
                run_status},
    CommandSpec{"request",
                "print the request the run was created from",
                kRunArgs,
                {},
                run_by_id<&Service::run_request>},
    CommandSpec{"workflow",
                "print the workflow definition the run was planned from",
                kRunArgs,
                {},
                run_by_id<&Service::run_workflow>},
    CommandSpec{"submit",
                "commit a planned step's request into CortexFS (its dependencies must have "
                "succeeded)",
                kStepArgs,
                kSubmitFlags,
                run_submit},
    CommandSpec{"refresh",
                "record the CortexFS outcomes of submitted steps",
                kRunArgs,
                {},
                run_by_id<&Service::run_refresh>},
    CommandSpec{"cancel",
                "cancel the run and its planned and submitted steps",
                kRunArgs,
                {},
                run_by_id<&Service::run_cancel>},
    CommandSpec{"trace", "print the run's CortexFS trace (trace.jsonl)", kRunArgs, {}, run_trace},
    CommandSpec{"output",
                "print a finished step's answer (its text on a terminal)",
                kStepArgs,
                kJsonFlags,
                run_output},
    CommandSpec{"retry", "plan a new attempt of a failed step", kStepArgs, {}, run_retry},
    CommandSpec{"delete", "delete a run's record", kRunArgs, {}, run_by_id<&Service::run_delete>},
};

}  // namespace

const GroupSpec& run_group() {
  // The step-by-step commands, then the ones that execute a run to the end.
  static const std::vector<CommandSpec> commands = [] {
    std::vector<CommandSpec> all(kCommands.begin(), kCommands.end());
    const auto exec = exec_commands();
    all.insert(all.end(), exec.begin(), exec.end());
    return all;
  }();
  static const GroupSpec group{
      "run",
      "plan, create, execute and inspect workflow runs ($XDG_STATE_HOME/lightflow/runs)",
      commands};
  return group;
}

}  // namespace lf::cli
