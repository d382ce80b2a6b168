#include "providers/provider.hpp"

#include <algorithm>

#include "providers/http_provider.hpp"
#include "providers/offline_provider.hpp"

namespace lf::ctxfs {

bool ProviderInfo::supports(std::string_view format) const {
  return std::find(formats.begin(), formats.end(), format) != formats.end();
}

Result<ProviderAnswer> call_provider(const ProviderCall& call) {
  try {
    if (call.provider.family == ProviderFamily::offline) {
      return offline_answer(call.format, call.request_id, call.body);
    }
    return http_answer(call);
  } catch (const std::exception& e) {
    // A provider must never take a worker down; the request gets an .error.
    return fail(Code::internal, std::string("provider failed: ") + e.what());
  }
}

}  // namespace lf::ctxfs
