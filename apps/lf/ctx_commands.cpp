// lf ctx: CortexFS paths, commits and outcomes.

#include <array>

#include <boost/json.hpp>

#include "cli.hpp"
#include "command_table.hpp"
#include "parsed_args.hpp"
#include "text_argument.hpp"

namespace lf::cli {
namespace {

constexpr FlagSpec kRunIdFlag{
    "run-id", "run_id", "build the request id as <run_id>.<step_id>, as runs do"};
constexpr std::array kExchangeFlags{kRunIdFlag};

core::ExchangeRequest exchange_request(cortex::TargetKind kind,
                                       std::string target,
                                       const ParsedArgs& args) {
  return core::ExchangeRequest{kind, std::move(target), args.get("step_id"), args.find("run-id")};
}

int run_abi(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  return service ? cli.print_json(cortex::to_json((*service)->ctx_abi()))
                 : cli.report(service.error());
}

template <cortex::TargetKind kKind>
int run_exchange(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  return cli.print_result(
      (*service)->ctx_exchange(exchange_request(kKind, args.get("target"), args)));
}

int run_channel(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  return service ? cli.print_result((*service)->ctx_channel(args.get("channel_id")))
                 : cli.report(service.error());
}

int run_job(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  return service ? cli.print_result((*service)->ctx_job(args.get("job_id")))
                 : cli.report(service.error());
}

int run_hook(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  return service ? cli.print_result((*service)->ctx_hook(args.get("hook_id")))
                 : cli.report(service.error());
}

Result<cortex::TargetKind> parse_kind(std::string_view text) {
  for (auto kind :
       {cortex::TargetKind::api, cortex::TargetKind::tool, cortex::TargetKind::thread}) {
    if (cortex::to_string(kind) == text) {
      return kind;
    }
  }
  return fail(Code::invalid_argument,
              "target kind must be api, tool or thread, not " + std::string(text));
}

int run_commit(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  auto kind = parse_kind(args.get("kind"));
  if (!kind) {
    return cli.report(kind.error());
  }
  auto body = resolve_text_argument(args.get("body"));
  if (!body) {
    return cli.report(body.error());
  }
  return cli.print_result(
      (*service)->ctx_commit(exchange_request(*kind, args.get("target"), args), *body));
}

int run_outcome(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  auto kind = parse_kind(args.get("kind"));
  if (!kind) {
    return cli.report(kind.error());
  }
  return cli.print_result(
      (*service)->ctx_outcome(exchange_request(*kind, args.get("target"), args)));
}

constexpr std::array<PositionalSpec, 2> kApiArgs{{
    {"target",
     "API format: openai.chat, openai.responses, anthropic.messages or "
     "google.generate_content"},
    {"step_id", "step id (the request id, or its second half with --run-id)"},
}};
constexpr std::array<PositionalSpec, 2> kToolArgs{{
    {"target", "tool id, for example filesystem.read"},
    {"step_id", "step id (the request id, or its second half with --run-id)"},
}};
constexpr std::array<PositionalSpec, 2> kThreadArgs{{
    {"target", "thread id"},
    {"step_id", "step id (the request id, or its second half with --run-id)"},
}};
constexpr std::array<PositionalSpec, 1> kChannelArgs{
    {{"channel_id", "channel id ([A-Za-z0-9.-]{1,64})"}}};
constexpr std::array<PositionalSpec, 1> kJobArgs{{{"job_id", "job id ([A-Za-z0-9.-]{1,64})"}}};
constexpr std::array<PositionalSpec, 1> kHookArgs{{{"hook_id", "hook id ([A-Za-z0-9.-]{1,64})"}}};
constexpr std::array<PositionalSpec, 4> kCommitArgs{{
    {"kind", "api, tool or thread"},
    {"target", "API format, tool id or thread id"},
    {"step_id", "step id (the request id, or its second half with --run-id)"},
    {"body", "the request body: JSON text, - for standard input, or @file"},
}};
constexpr std::array<PositionalSpec, 3> kOutcomeArgs{{
    {"kind", "api, tool or thread"},
    {"target", "API format, tool id or thread id"},
    {"step_id", "step id (the request id, or its second half with --run-id)"},
}};

constexpr std::array kCommands{
    CommandSpec{"abi", "print the CortexFS ABI record and the kernel policy", {}, {}, run_abi},
    CommandSpec{"api",
                "print the files of an API request exchange",
                kApiArgs,
                kExchangeFlags,
                run_exchange<cortex::TargetKind::api>},
    CommandSpec{"tool",
                "print the files of a tool invocation exchange",
                kToolArgs,
                kExchangeFlags,
                run_exchange<cortex::TargetKind::tool>},
    CommandSpec{"thread",
                "print the files of a thread turn exchange",
                kThreadArgs,
                kExchangeFlags,
                run_exchange<cortex::TargetKind::thread>},
    CommandSpec{"chan", "print the files of a runtime channel", kChannelArgs, {}, run_channel},
    CommandSpec{"job", "print the files of a structured job", kJobArgs, {}, run_job},
    CommandSpec{"hook", "print the files of a hook", kHookArgs, {}, run_hook},
    CommandSpec{"commit",
                "commit a request into its CortexFS inbox (never overwrites)",
                kCommitArgs,
                kExchangeFlags,
                run_commit},
    CommandSpec{"outcome",
                "print a request's outcome, or {\"status\":\"pending\"}",
                kOutcomeArgs,
                kExchangeFlags,
                run_outcome},
};

}  // namespace

const GroupSpec& ctx_group() {
  static const GroupSpec group{
      "ctx", "CortexFS paths, commits and outcomes (/ctx or $LIGHTFLOW_CTX_MOUNT)", kCommands};
  return group;
}

}  // namespace lf::cli
