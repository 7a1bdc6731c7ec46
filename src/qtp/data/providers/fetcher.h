// What a connector asks of the network: one polite GET. The Fetcher behind it (polite_fetcher.h)
// owns everything a connector must not re-implement: the token bucket, the API-call budgets, retries
// with exponential backoff and jitter, Retry-After, the raw-response cache and secret redaction.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "qtp/core/status.h"

namespace qtp::providers {

struct HttpRequest {
  std::string url;  // full URL, query included (a query-string key such as apikey= is redacted in logs)
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Alpaca's key/secret headers
  // False for a request whose range reaches today or later: its bars may still change, so its reply
  // must not be served from the raw-response cache on a re-run.
  bool cacheable = true;
};

// Judges a 200 reply's body. Return OK to accept it (the connector keeps what it parsed), RateLimited
// or Unavailable for a "soft" refusal inside a 200 (Alpha Vantage's "Note": the fetcher retries it),
// LimitExceeded for a spent provider quota, InvalidArgument for a malformed body (not retried, not
// cached: the caller gets the error).
using AcceptBody = std::function<Status(std::string_view body)>;

class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // GETs `request` (or serves it from the raw-response cache) and hands the body of a 200 reply to
  // `accept`. Returns accept's status, or the transport's final error after the retries:
  //   RateLimited / Unavailable — 429 / 5xx / timeout / connection failure persisted past max_retries
  //   LimitExceeded            — an API-call budget is spent (system_limits.yaml or the provider's)
  //   NotFound                 — 404 (unknown symbol or endpoint)
  //   InvalidArgument          — any other 4xx (401/403: credentials rejected)
  // Error messages never contain a secret.
  virtual Status Get(const HttpRequest& request, const AcceptBody& accept) = 0;
};

}  // namespace qtp::providers
