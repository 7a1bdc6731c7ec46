// Everything one command needs to talk to the providers, wired once: the chain of connectors
// (registry.h), one transport and PoliteFetcher per provider, the command-wide token bucket
// (system_limits' api_calls_per_minute), the persistent API-call ledger and the raw-response cache,
// both under <data dir>/staging/.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "qtp/config/data_sources.h"
#include "qtp/config/system_limits.h"
#include "qtp/core/status.h"
#include "qtp/data/providers/polite_fetcher.h"
#include "qtp/data/providers/registry.h"
#include "qtp/data/providers/run_pull.h"

namespace qtp::providers {

// <data dir>/staging/cache and <data dir>/staging/api_usage.json.
std::string CacheDirOf(const std::string& data_dir);
std::string UsageLedgerPathOf(const std::string& data_dir);

class ProviderSession {
 public:
  // `choice` as ResolveProviders. `clock` lets tests run the retries without sleeping.
  static Result<std::unique_ptr<ProviderSession>> Open(const config::DataSources& sources,
                                                       const config::SystemLimits& limits, const std::string& choice,
                                                       const config::EnvLookup& env, const std::string& data_dir,
                                                       FetcherClock clock = {});

  std::vector<ChainLink> chain();
  std::map<std::string, FetchStats> fetch_stats() const;
  const std::vector<std::string>& skipped() const { return skipped_; }  // "name: reason"

 private:
  ProviderSession() = default;

  std::vector<ProviderHandle> handles_;
  std::vector<std::unique_ptr<HttpTransport>> transports_;
  std::unique_ptr<ApiUsageLedger> ledger_;
  std::unique_ptr<TokenBucket> system_bucket_;
  std::unique_ptr<ResponseCache> cache_;
  std::vector<std::unique_ptr<PoliteFetcher>> fetchers_;
  std::vector<std::string> skipped_;
};

}  // namespace qtp::providers
