#include "resources.hpp"

#include <string>

#include <lightflow/core/json_text.hpp>
#include <lightflow/core/run_json.hpp>

namespace lf::mcp {
namespace {

constexpr std::string_view kGuideUri = "lf://guide/authoring-assets";
constexpr std::string_view kAssetPrefix = "lf://assets/";
constexpr std::string_view kRunPrefix = "lf://runs/";
constexpr std::string_view kManifestSuffix = "/manifest";

boost::json::object contents(std::string_view uri, std::string_view mime, std::string text) {
  return {{"contents",
           boost::json::array{
               boost::json::object{{"uri", uri}, {"mimeType", mime}, {"text", std::move(text)}}}}};
}

Error unknown(std::string_view uri) {
  return Error{Code::not_found, "resource " + std::string(uri)};
}

}  // namespace

boost::json::array list_resources(const core::Service& service) {
  boost::json::array all;
  all.push_back({{"uri", kGuideUri},
                 {"name", "authoring-assets"},
                 {"title", "LightFlow asset authoring guide"},
                 {"description", "The whole asset language, with examples"},
                 {"mimeType", "text/markdown"}});
  for (const char* kind : {"models", "nodes", "compositions", "workflows"}) {
    auto listing = service.assets_list(kind);
    if (!listing) {
      continue;
    }
    for (const core::AssetRecord& asset : listing->assets) {
      all.push_back({{"uri", std::string(kAssetPrefix) + asset.meta.id},
                     {"name", asset.meta.id},
                     {"title", asset.meta.title},
                     {"description", asset.meta.kind + ": " + asset.meta.description},
                     {"mimeType", "text/x-c++src"}});
    }
  }
  if (auto runs = service.run_list()) {
    for (const core::RunStatusSummary& run : runs->runs) {
      all.push_back(
          {{"uri", std::string(kRunPrefix) + run.run_id + std::string(kManifestSuffix)},
           {"name", "run " + run.run_id},
           {"description", run.workflow_asset_id + ", " + std::string(core::to_string(run.status))},
           {"mimeType", "application/json"}});
    }
  }
  return all;
}

boost::json::array resource_templates() {
  return {
      boost::json::object{
          {"uriTemplate", "lf://assets/{asset_id}"},
          {"name", "asset-source"},
          {"title", "An asset's source"},
          {"description", "The C++ source file of a model, node, composition or workflow"},
          {"mimeType", "text/x-c++src"}},
      boost::json::object{
          {"uriTemplate", "lf://runs/{run_id}/manifest"},
          {"name", "run-manifest"},
          {"title", "A run's manifest"},
          {"description", "The run record: steps, statuses, attempts, CortexFS files"},
          {"mimeType", "application/json"}},
  };
}

Result<boost::json::object> read_resource(const core::Service& service, std::string_view uri) {
  if (uri == kGuideUri) {
    auto guide = service.assets_guide();
    if (!guide) {
      return fail(guide.error());
    }
    return contents(uri, "text/markdown", std::move(guide->text));
  }
  if (uri.starts_with(kAssetPrefix)) {
    const std::string_view id = uri.substr(kAssetPrefix.size());
    if (id.empty() || id.find('/') != std::string_view::npos) {
      return fail(unknown(uri));
    }
    auto source = service.assets_source(id);
    if (!source) {
      return fail(source.error());
    }
    return contents(uri, "text/x-c++src", std::move(source->source));
  }
  if (uri.starts_with(kRunPrefix) && uri.ends_with(kManifestSuffix)) {
    const std::string_view run_id =
        uri.substr(kRunPrefix.size(), uri.size() - kRunPrefix.size() - kManifestSuffix.size());
    auto manifest = service.run_get(run_id);
    if (!manifest) {
      return fail(manifest.error());
    }
    return contents(uri, "application/json", core::to_pretty_json(core::to_json(*manifest)));
  }
  return fail(unknown(uri));
}

}  // namespace lf::mcp
