#include "qtp/data/providers/session.h"

namespace qtp::providers {

std::string CacheDirOf(const std::string& data_dir) { return data_dir + "/staging/cache"; }
std::string UsageLedgerPathOf(const std::string& data_dir) { return data_dir + "/staging/api_usage.json"; }

Result<std::unique_ptr<ProviderSession>> ProviderSession::Open(const config::DataSources& sources,
                                                               const config::SystemLimits& limits,
                                                               const std::string& choice, const config::EnvLookup& env,
                                                               const std::string& data_dir, FetcherClock clock) {
  std::unique_ptr<ProviderSession> session(new ProviderSession());
  QTP_ASSIGN_OR_RETURN(session->handles_, ResolveProviders(sources, choice, env, &session->skipped_));
  QTP_ASSIGN_OR_RETURN(ApiUsageLedger ledger,
                       ApiUsageLedger::Open(UsageLedgerPathOf(data_dir), limits.api_calls_per_day));
  session->ledger_ = std::make_unique<ApiUsageLedger>(std::move(ledger));
  session->system_bucket_ =
      std::make_unique<TokenBucket>(static_cast<double>(limits.api_calls_per_minute), 0, clock.now, clock.sleep);
  session->cache_ = std::make_unique<ResponseCache>(CacheDirOf(data_dir));
  for (ProviderHandle& handle : session->handles_) {
    session->transports_.push_back(std::make_unique<CurlTransport>());
    session->fetchers_.push_back(
        std::make_unique<PoliteFetcher>(handle.name, handle.settings, *session->transports_.back(), *session->ledger_,
                                        *session->system_bucket_, *session->cache_, handle.secrets, clock));
  }
  return session;
}

std::vector<ChainLink> ProviderSession::chain() {
  std::vector<ChainLink> links;
  for (size_t i = 0; i < handles_.size(); ++i) links.push_back({&handles_[i], fetchers_[i].get()});
  return links;
}

std::map<std::string, FetchStats> ProviderSession::fetch_stats() const {
  std::map<std::string, FetchStats> stats;
  for (size_t i = 0; i < handles_.size(); ++i) stats[handles_[i].name] += fetchers_[i]->stats();
  return stats;
}

}  // namespace qtp::providers
