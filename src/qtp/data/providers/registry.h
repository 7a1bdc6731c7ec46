// From config/data_sources.yaml and the environment to ready-to-use connectors: which providers a
// command may use, in which order, each with its settings, base URL (QTP_<PROVIDER>_BASE_URL wins)
// and the secret values its fetcher must redact.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "qtp/config/data_sources.h"
#include "qtp/core/status.h"
#include "qtp/data/providers/provider.h"

namespace qtp::providers {

struct ProviderHandle {
  std::string name;
  std::unique_ptr<Provider> provider;
  config::ProviderSettings settings;
  std::vector<std::string> secrets;  // credential values, for redaction; never printed
};

// The connectors `choice` names:
//   "auto" — every provider of `priority` that is enabled and has all its credentials, in that order;
//            NotFound explaining each skip when there is none. `simulated` is never part of it: it
//            invents data, and mixing it into a real store would be silent corruption (`qtp simulate`).
//   NAME   — that provider alone (InvalidArgument when unknown, disabled or missing a credential).
// `skipped` (optional) receives "name: reason" for each provider of `priority` left out.
Result<std::vector<ProviderHandle>> ResolveProviders(const config::DataSources& sources, const std::string& choice,
                                                     const config::EnvLookup& env,
                                                     std::vector<std::string>* skipped = nullptr);

}  // namespace qtp::providers
