// lf stream: the FlatBuffers runtime stream dashboards read (docs/stream.md):
// where it is served, its schema, and one run's snapshot frame.

#include <unistd.h>

#include <array>
#include <cstdio>
#include <iostream>

#include <lightflow/base/atomic_file.hpp>
#include <lightflow/stream/encode.hpp>
#include <lightflow/stream/schema.hpp>
#include <lightflow/stream/stream_info.hpp>

#include "cli.hpp"
#include "command_table.hpp"
#include "parsed_args.hpp"

namespace lf::cli {
namespace {

int stream_info(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  auto server = stream::find_server((*service)->config().dirs.runtime);
  if (!server) {
    return cli.report(server.error());
  }
  return cli.print_json(stream::to_json(stream::StreamInfo{std::move(*server)}));
}

int stream_schema(Cli& cli, const ParsedArgs&) {
  return cli.print_text(stream::schema_text());
}

int stream_snapshot(Cli& cli, const ParsedArgs& args) {
  const auto output = args.find("output");
  // A frame is binary: written to a terminal it is noise, and can upset it.
  if (!output && ::isatty(STDOUT_FILENO) == 1) {
    std::cerr << "lf: stream snapshot: standard output is a terminal; redirect it or give "
                 "--output <file>\n";
    return kUsageExitCode;
  }
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  auto snapshot = (*service)->run_snapshot(args.get("run_id"));
  if (!snapshot) {
    return cli.report(snapshot.error());
  }
  const std::string frame = stream::encode_snapshot(*snapshot);
  if (!output) {
    std::cout.write(frame.data(), static_cast<std::streamsize>(frame.size()));
    std::cout.flush();
    if (!std::cout) {
      return cli.report(Error{Code::io_error, "standard output: write failed"});
    }
    return 0;
  }
  if (auto written = base::write_file_atomically(*output, frame); !written) {
    return cli.report(written.error());
  }
  return cli.print_json(boost::json::object{{"run_id", snapshot->manifest.run_id},
                                            {"output", *output},
                                            {"bytes", frame.size()},
                                            {"sequence", snapshot->manifest.last_seq},
                                            {"status", core::to_string(snapshot->summary.status)}});
}

constexpr std::array kSnapshotArgs{
    PositionalSpec{"run_id", "the run to take a snapshot of"},
};
constexpr std::array kSnapshotFlags{
    FlagSpec{"output",
             "file",
             "write the frame to this file (atomically) and print a summary; without it the "
             "frame goes to standard output, which must not be a terminal",
             FlagKind::value,
             'o'},
};

constexpr std::array kCommands{
    CommandSpec{"info",
                "where the runtime stream is served: frame format, routes, and the host and port "
                "of the running lfd (from its advert in the runtime directory)",
                {},
                {},
                stream_info},
    CommandSpec{"schema",
                "print the FlatBuffers schema of runtime frames (for flatc --ts, --cpp, ...)",
                {},
                {},
                stream_schema},
    CommandSpec{"snapshot",
                "write one size-prefixed snapshot frame of a run, read under the run's lock",
                kSnapshotArgs,
                kSnapshotFlags,
                stream_snapshot},
};

}  // namespace

const GroupSpec& stream_group() {
  static const GroupSpec group{
      "stream", "the FlatBuffers runtime stream: discovery, schema, snapshots", kCommands};
  return group;
}

}  // namespace lf::cli
