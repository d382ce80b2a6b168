// The schema's enums must stay lf::core's: the event kinds value for value
// and name for name ("run.created" is run_created), the statuses shifted by
// one. A kind added to one side only fails here.

#include "wire_enums.hpp"

#include <string>

#include <catch2/catch.hpp>

#include <lightflow/core/run_events.hpp>
#include <lightflow/core/run_types.hpp>
#include <lightflow/stream/schema.hpp>

#include "runtime_frame_generated.h"

namespace fb = lightflow::runtime;

namespace {

// "run.created" -> "run_created": the schema spells the dot as '_'.
std::string schema_spelling(std::string_view core_name) {
  std::string name(core_name);
  for (char& c : name) {
    if (c == '.') {
      c = '_';
    }
  }
  return name;
}

}  // namespace

TEST_CASE("the schema's event kinds are lf::core's, value for value and name for name",
          "[stream][schema]") {
  const auto max = static_cast<unsigned>(fb::EventKind::MAX);
  for (const fb::EventKind kind : fb::EnumValuesEventKind()) {
    const auto value = static_cast<unsigned>(kind);
    INFO("schema event kind " << fb::EnumNameEventKind(kind) << " = " << value);
    const auto core_kind = static_cast<lf::core::EventKind>(value);
    CHECK(schema_spelling(lf::core::to_string(core_kind)) == fb::EnumNameEventKind(kind));
    CHECK(lf::stream::wire::to_wire(core_kind) == kind);
    CHECK(lf::stream::wire::from_wire(kind) == core_kind);
  }
  // The core has no kind past the schema's last: its names end there.
  CHECK(lf::core::to_string(static_cast<lf::core::EventKind>(max + 1)) == "unknown");
  CHECK(std::size(fb::EnumValuesEventKind()) == max + 1);
}

TEST_CASE("the schema's run and step statuses are lf::core's shifted by one", "[stream][schema]") {
  CHECK(static_cast<unsigned>(fb::RunStatus::MAX) == 5);
  for (unsigned value = 1; value <= static_cast<unsigned>(fb::RunStatus::MAX); ++value) {
    const auto wire = static_cast<fb::RunStatus>(value);
    const auto core = static_cast<lf::core::RunStatus>(value - 1);
    CHECK(lf::core::to_string(core) == fb::EnumNameRunStatus(wire));
    CHECK(lf::stream::wire::from_wire(wire) == core);
  }
  for (unsigned value = 1; value <= static_cast<unsigned>(fb::StepStatus::MAX); ++value) {
    const auto wire = static_cast<fb::StepStatus>(value);
    const auto core = static_cast<lf::core::StepStatus>(value - 1);
    CHECK(lf::core::to_string(core) == fb::EnumNameStepStatus(wire));
    CHECK(lf::stream::wire::from_wire(wire) == core);
  }
  // The value after each core enum's last gets the same name as a value far
  // out of range (the fallback): the core added nothing the schema lacks.
  CHECK(lf::core::to_string(static_cast<lf::core::RunStatus>(5))
        == lf::core::to_string(static_cast<lf::core::RunStatus>(999)));
  CHECK(lf::core::to_string(static_cast<lf::core::StepStatus>(5))
        == lf::core::to_string(static_cast<lf::core::StepStatus>(999)));
  CHECK_FALSE(lf::stream::wire::from_wire(fb::RunStatus::Unknown));
}

TEST_CASE("the schema text served is the schema the code is generated from", "[stream][schema]") {
  const std::string_view text = lf::stream::schema_text();
  CHECK(text.find("namespace lightflow.runtime;") != std::string_view::npos);
  CHECK(text.find("file_identifier \"LFRS\";") != std::string_view::npos);
  CHECK(text.find("root_type RuntimeFrame;") != std::string_view::npos);
  CHECK(text.back() == '\n');
}
