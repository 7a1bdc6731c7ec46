// The Fetcher every connector pulls through, one per provider and command. Per request:
//   1. the raw-response cache (a cacheable request seen before costs nothing);
//   2. the daily API budgets (ApiUsageLedger: LimitExceeded stops the provider);
//   3. the token buckets (the provider's rate_limit_per_minute, then system_limits' api_calls_per_minute);
//   4. the GET, then: 200 → the connector's AcceptBody; 429 → wait Retry-After (or back off);
//      5xx, timeout, connection failure, a "soft" refusal inside a 200 → back off exponentially
//      (backoff_base_ms · 2^k, times a random jitter in [0.5, 1.5)) up to max_retries; 404 → NotFound;
//      other 4xx → InvalidArgument.
// Secrets (credential values, and apikey/token-style query parameters) are redacted from every
// log line, error message and cache key.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "qtp/config/data_sources.h"
#include "qtp/data/providers/api_usage.h"
#include "qtp/data/providers/fetcher.h"
#include "qtp/data/providers/http_transport.h"
#include "qtp/data/providers/response_cache.h"
#include "qtp/data/providers/token_bucket.h"

namespace qtp::providers {

struct FetchStats {
  size_t requests = 0;    // sent over the network (retries included)
  size_t cache_hits = 0;  // answered from staging/cache
  size_t retries = 0;
  size_t rate_limited = 0;   // 429 replies and soft refusals
  size_t server_errors = 0;  // 5xx replies
  size_t timeouts = 0;       // timeouts and connection failures
  int64_t waited_ms = 0;     // slept in backoff and pacing
  FetchStats& operator+=(const FetchStats& o);
};

// Time, sleep and randomness of a fetcher; tests replace them to run without waiting.
struct FetcherClock {
  SteadyClock now = [] { return std::chrono::steady_clock::now(); };
  Sleeper sleep;             // empty = std::this_thread::sleep_for
  uint64_t jitter_seed = 0;  // 0 = from std::random_device (jitter spreads clients apart: no need to repeat)
};

// Replaces each non-empty secret, and the value of any apikey/api_key/token/secret/key query
// parameter, with "***".
std::string Redact(std::string text, const std::vector<std::string>& secrets);

// The longest Retry-After a fetcher waits out; a longer one gives up with RateLimited (so ingest can
// fall back to the next provider instead of sleeping for an hour).
inline constexpr int kMaxRetryAfterSeconds = 300;

class PoliteFetcher : public Fetcher {
 public:
  // `transport`, `ledger`, `system_bucket` and `cache` must outlive the fetcher; `system_bucket` is
  // shared by every provider of the command.
  PoliteFetcher(std::string provider, const config::ProviderSettings& settings, HttpTransport& transport,
                ApiUsageLedger& ledger, TokenBucket& system_bucket, const ResponseCache& cache,
                std::vector<std::string> secrets, FetcherClock clock = {});

  Status Get(const HttpRequest& request, const AcceptBody& accept) override;
  const FetchStats& stats() const { return stats_; }

 private:
  void Sleep(std::chrono::milliseconds ms);
  // The start of a reply body for an error message: secrets redacted, printable, at most 200 chars.
  std::string Excerpt(const std::string& body) const;

  std::string provider_;
  config::ProviderSettings settings_;
  HttpTransport& transport_;
  ApiUsageLedger& ledger_;
  TokenBucket& system_bucket_;
  const ResponseCache& cache_;
  std::vector<std::string> secrets_;
  FetcherClock clock_;
  TokenBucket provider_bucket_;
  std::mt19937_64 rng_;
  FetchStats stats_;
};

}  // namespace qtp::providers
