#include "qtp/data/providers/registry.h"

#include <fmt/format.h>

#include "qtp/data/providers/alpaca.h"
#include "qtp/data/providers/alpha_vantage.h"
#include "qtp/data/providers/fmp.h"
#include "qtp/data/providers/ibkr.h"
#include "qtp/data/providers/yahoo.h"

namespace qtp::providers {

namespace {

std::string Credential(const config::EnvLookup& env, const std::string& name) { return env(name).value_or(""); }

// The connector of `name`, built from its settings; `secrets` receives the credential values.
Result<std::unique_ptr<Provider>> MakeProvider(const std::string& name, const config::ProviderSettings& settings,
                                               const config::EnvLookup& env, std::vector<std::string>* secrets) {
  const std::string base_url = config::BaseUrlOf(name, settings, env);
  std::vector<std::string> values;
  for (const std::string& variable : settings.credential_env) values.push_back(Credential(env, variable));
  *secrets = values;
  const auto value = [&](size_t i) { return i < values.size() ? values[i] : std::string(); };
  if (name == "alpaca")
    return std::unique_ptr<Provider>(std::make_unique<AlpacaProvider>(base_url, value(0), value(1)));
  if (name == "ibkr") return std::unique_ptr<Provider>(std::make_unique<IbkrProvider>(base_url));
  if (name == "yahoo") return std::unique_ptr<Provider>(std::make_unique<YahooProvider>(base_url));
  if (name == "alpha_vantage") {
    return std::unique_ptr<Provider>(std::make_unique<AlphaVantageProvider>(base_url, value(0)));
  }
  if (name == "fmp") return std::unique_ptr<Provider>(std::make_unique<FmpProvider>(base_url, value(0)));
  return Status::InvalidArgument(
      fmt::format("{}: not a network provider (use `qtp simulate` for the simulated "
                  "market)",
                  name));
}

// Why `name` cannot be used, or "" when it can.
std::string Unusable(const std::string& name, const config::ProviderSettings* settings, const config::EnvLookup& env) {
  if (settings == nullptr) return "unknown provider";
  if (name == "simulated") return "the simulated market is written by `qtp simulate`, never mixed into a pull";
  if (!settings->enabled) return "disabled (enabled: false)";
  const std::vector<std::string> missing = config::MissingCredentials(*settings, env);
  if (!missing.empty()) {
    return fmt::format("environment variable(s) {} not set (in the environment or .env)", fmt::join(missing, ", "));
  }
  return "";
}

}  // namespace

Result<std::vector<ProviderHandle>> ResolveProviders(const config::DataSources& sources, const std::string& choice,
                                                     const config::EnvLookup& env, std::vector<std::string>* skipped) {
  std::vector<std::string> names;
  std::vector<std::string> reasons;
  if (choice == "auto") {
    for (const std::string& name : sources.priority) {
      const std::string why = Unusable(name, sources.Find(name), env);
      if (why.empty()) {
        names.push_back(name);
      } else {
        reasons.push_back(fmt::format("{}: {}", name, why));
      }
    }
    if (names.empty()) {
      return Status::NotFound(
          fmt::format("no usable data provider in config/data_sources.yaml priority ({})", fmt::join(reasons, "; ")));
    }
  } else {
    const std::string why = Unusable(choice, sources.Find(choice), env);
    if (!why.empty()) return Status::InvalidArgument(fmt::format("--provider {}: {}", choice, why));
    names.push_back(choice);
  }
  if (skipped != nullptr) *skipped = reasons;
  std::vector<ProviderHandle> handles;
  for (const std::string& name : names) {
    ProviderHandle handle;
    handle.name = name;
    handle.settings = *sources.Find(name);
    QTP_ASSIGN_OR_RETURN(handle.provider, MakeProvider(name, handle.settings, env, &handle.secrets));
    handles.push_back(std::move(handle));
  }
  return handles;
}

}  // namespace qtp::providers
