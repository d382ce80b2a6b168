#include "planning/request_template.hpp"

#include <boost/json.hpp>

#include "planning/step_output.hpp"

namespace lf::core {
namespace {

void collect(const boost::json::value& value,
             std::vector<assets::Placeholder>& out,
             std::optional<Error>& problem) {
  if (problem) {
    return;
  }
  if (const auto* text = value.if_string()) {
    auto found = assets::parse_placeholders(*text);
    if (!found) {
      problem = found.error();
      return;
    }
    out.insert(out.end(), found->begin(), found->end());
  } else if (const auto* array = value.if_array()) {
    for (const auto& item : *array) {
      collect(item, out, problem);
    }
  } else if (const auto* object = value.if_object()) {
    for (const auto& member : *object) {
      collect(member.value(), out, problem);
    }
  }
}

// The text for one placeholder, or the reason there is none.
Result<std::string> lookup(const assets::Placeholder& placeholder, const TemplateValues& values) {
  using Source = assets::Placeholder::Source;
  if (placeholder.source == Source::input) {
    const auto* value = values.inputs.if_contains(placeholder.name);
    if (value == nullptr) {
      return fail(Code::failed_precondition, "run input " + placeholder.name + " is not set");
    }
    return template_text(*value);
  }
  const auto text = values.step_texts.find(placeholder.name);
  if (text == values.step_texts.end()) {
    return fail(Code::failed_precondition,
                "step " + placeholder.name + " has not succeeded with a text answer");
  }
  if (placeholder.source == Source::step_text) {
    return text->second;
  }
  auto field = json_field(text->second, placeholder.field);
  if (!field) {
    return fail(Code::failed_precondition,
                "the answer of step " + placeholder.name + " is not a JSON object with field "
                    + placeholder.field);
  }
  return template_text(*field);
}

Result<boost::json::value> render(const boost::json::value& value, const TemplateValues& values) {
  if (const auto* text = value.if_string()) {
    std::optional<Error> problem;
    auto rendered = assets::
        render_template(*text,
                        [&](const assets::Placeholder& placeholder) -> std::
                                                                        optional<std::string> {
                                                                          auto found = lookup(
                                                                              placeholder, values);
                                                                          if (!found) {
                                                                            problem = Error{found.error().code,
                            placeholder_text(placeholder) + " has no value: " + found.error().message};
                                                                            return std::nullopt;
                                                                          }
                                                                          return std::move(*found);
                                                                        });
    if (problem) {
      return fail(std::move(*problem));
    }
    if (!rendered) {
      return fail(std::move(rendered).error());
    }
    return boost::json::value(*rendered);
  }
  if (const auto* array = value.if_array()) {
    boost::json::array out;
    for (const auto& item : *array) {
      auto rendered = render(item, values);
      if (!rendered) {
        return rendered;
      }
      out.push_back(std::move(*rendered));
    }
    return boost::json::value(std::move(out));
  }
  if (const auto* object = value.if_object()) {
    boost::json::object out;
    for (const auto& member : *object) {
      auto rendered = render(member.value(), values);
      if (!rendered) {
        return rendered;
      }
      out[member.key()] = std::move(*rendered);
    }
    return boost::json::value(std::move(out));
  }
  return value;
}

}  // namespace

Result<std::vector<assets::Placeholder>> template_placeholders(
    const boost::json::value& request_template) {
  std::vector<assets::Placeholder> out;
  std::optional<Error> problem;
  collect(request_template, out, problem);
  if (problem) {
    return fail(std::move(*problem));
  }
  return out;
}

Result<boost::json::value> render_request(const boost::json::value& request_template,
                                          const TemplateValues& values) {
  return render(request_template, values);
}

std::string placeholder_text(const assets::Placeholder& placeholder) {
  using Source = assets::Placeholder::Source;
  switch (placeholder.source) {
    case Source::input:
      return "{{inputs." + placeholder.name + "}}";
    case Source::step_text:
      return "{{steps." + placeholder.name + ".text}}";
    case Source::step_json:
      return "{{steps." + placeholder.name + ".json." + placeholder.field + "}}";
  }
  return "{{}}";
}

}  // namespace lf::core
