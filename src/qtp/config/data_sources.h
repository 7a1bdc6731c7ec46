// config/data_sources.yaml: which market-data providers qtp may use, in which order, and how
// politely. Secrets never live in this file: each provider lists the NAMES of the environment
// variables that hold its credentials (e.g. APCA_API_KEY_ID), and qtp reads them at run time.
// With no credentials set, the first usable provider is `simulated`, so everything works offline.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qtp/config/section.h"
#include "qtp/core/status.h"

namespace qtp::config {

// Provider names in the default priority order.
const std::vector<std::string>& KnownProviders();

struct ProviderSettings {
  bool enabled = true;
  std::string base_url;
  int rate_limit_per_minute = 60;  // 0 = no provider limit (system_limits.yaml still applies)
  int64_t max_calls_per_day = 0;   // 0 = no provider limit (system_limits.yaml still applies)
  int max_retries = 5;             // on RateLimited / Unavailable
  int backoff_base_ms = 500;       // retry k waits backoff_base_ms * 2^k (plus jitter)
  int timeout_ms = 30000;          // per HTTP request
  int batch_days = 23;             // most trading days one pull covers (23: a whole month); fallback unit
  // Names of the environment variables that must all be set (non-empty) for the provider to be
  // usable; empty list = needs no credentials.
  std::vector<std::string> credential_env;
};

struct DataSources {
  std::vector<std::string> priority = KnownProviders();
  ProviderSettings alpaca;
  ProviderSettings ibkr;
  ProviderSettings yahoo;
  ProviderSettings alpha_vantage;
  ProviderSettings fmp;
  ProviderSettings simulated;

  DataSources();  // fills each provider's defaults
  // nullptr for an unknown name.
  const ProviderSettings* Find(std::string_view name) const;
};

void DescribeParams(Section& section, DataSources& sources);

// Reads one environment variable; std::nullopt when unset. Injected so tests need no real env.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
std::optional<std::string> ProcessEnv(const std::string& name);

// The environment plus <project root>/.env: a variable set in the environment wins over .env. .env
// holds KEY=VALUE lines (blank lines and # comments ignored, optional "export ", values optionally
// quoted). A missing file is an empty one; the values are never logged.
Result<EnvLookup> EnvWithDotEnv(const std::string& dotenv_path);

// QTP_<PROVIDER>_BASE_URL (e.g. QTP_ALPACA_BASE_URL, QTP_ALPHA_VANTAGE_BASE_URL) when set, else the
// configured base_url: how a local server stands in for a provider.
std::string BaseUrlOf(const std::string& provider, const ProviderSettings& settings, const EnvLookup& env);

// The credential variables of `settings` that are unset or empty.
std::vector<std::string> MissingCredentials(const ProviderSettings& settings, const EnvLookup& env = ProcessEnv);

// The first provider in `priority` that is enabled and has all its credentials. NotFound, listing
// why each candidate was skipped, when there is none.
Result<std::string> SelectProvider(const DataSources& sources, const EnvLookup& env = ProcessEnv);

}  // namespace qtp::config
