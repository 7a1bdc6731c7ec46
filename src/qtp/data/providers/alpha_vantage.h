// Alpha Vantage TIME_SERIES_INTRADAY, one request per calendar month of the range:
//   GET {base}/query?function=TIME_SERIES_INTRADAY&symbol=X&interval=5min&month=YYYY-MM&outputsize=full
//       &adjusted=false&extended_hours=false&datatype=json&apikey=KEY
//
// Wire facts (alphavantage.co/documentation, recorded replies in shared/data/api_fixtures/alphavantage):
//   - JSON {"Meta Data": {..., "6. Time Zone": "US/Eastern"}, "Time Series (5min)": {"YYYY-MM-DD HH:MM:SS":
//     {"1. open": "...", "2. high", "3. low", "4. close", "5. volume"}, ...}} newest first, values are
//     strings, keys are US/Eastern wall clock (converted to UTC with DST here).
//   - adjusted=false gives raw (as-traded) prices: source "alpha_vantage" (no ";adj=").
//   - Refusals come inside HTTP 200 (ClassifyAlphaVantageReply): {"Note": ...call frequency...} and
//     {"Information": ...spreading out...} are per-minute throttles (RateLimited, the fetcher retries);
//     {"Information": ...25 requests per day...} is the spent daily quota (LimitExceeded);
//     {"Information": ...premium...} is a paid-only feature (NotSupported); {"Error Message": ...} is a
//     bad symbol, key or call (InvalidArgument).
//   - Bar label: see alpha_vantage.cpp (the current API stamps the bar START).
// Daily bars are not wired (TIME_SERIES_DAILY_ADJUSTED is premium; another provider serves daily).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "qtp/core/bars.h"
#include "qtp/core/status.h"
#include "qtp/data/providers/provider.h"

namespace qtp::providers {

// OK unless `body` is one of Alpha Vantage's soft refusals (see above), or an error reply mangled
// into CSV ("{", "Error Message", "}" lines). Pure function of the body (fuzzed).
Status ClassifyAlphaVantageReply(std::string_view body);

// The bars of one TIME_SERIES_INTRADAY JSON reply of `interval_minutes` (1, 5, 15, 30 or 60), ts = bar
// START in UTC, ascending. Soft refusals come back as ClassifyAlphaVantageReply's status; anything
// malformed is InvalidArgument ("alpha_vantage: ..."). Pure function of the body (fuzzed).
Result<std::vector<Bar5m>> ParseAlphaVantageIntraday(std::string_view body, int interval_minutes);

class AlphaVantageProvider : public Provider {
 public:
  AlphaVantageProvider(std::string base_url, std::string api_key)
      : base_url_(std::move(base_url)), api_key_(std::move(api_key)) {}

  std::string name() const override { return "alpha_vantage"; }
  bool Supports(Interval interval) const override { return interval == Interval::k5Min; }
  Result<PullResult> Pull(const PullRequest& request, Fetcher& fetcher) override;

 private:
  std::string base_url_;
  std::string api_key_;
};

}  // namespace qtp::providers
