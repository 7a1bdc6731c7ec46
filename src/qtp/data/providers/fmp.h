// Financial Modeling Prep historical charts (v3 API):
//   5min:  GET {base}/api/v3/historical-chart/5min/{symbol}?from=YYYY-MM-DD&to=YYYY-MM-DD&apikey=KEY
//          → [{"date":"2023-10-13 15:55:00","open","low","high","close","volume"}, ...] newest first,
//          US/Eastern wall clock, bar START (a session's last bar is 15:55:00); pre/post-market would need
//          &extended=true, not asked. More than a month at once must be walked (FMP's docs): one
//          request per calendar month.
//   daily: GET {base}/api/v3/historical-price-full/{symbol}?from=&to=&apikey=KEY
//          → {"symbol","historical":[{"date","open","high","low","close","adjClose","volume",...}]} newest
//          first (fixture: shared/data/api_fixtures/fmp_v3, volumes like 6.3890796E7); walked in 5-year
//          windows (FMP's default window when from/to are absent).
// Both are split-adjusted ("Is the Intraday price adjusted? Yes, the intraday data is adjusted for
// split", FMP's 5-minute chart docs; the daily fixture shows AAPL's 2020 4:1 applied), so rows are
// tagged "fmp;adj=split". The daily "vwap" field is (high + low + close) / 3, not a VWAP: not kept.
//
// NOTE: FMP now documents the same data under /stable (…/stable/historical-chart/5min?symbol=AAPL&from=
// &to=, …/stable/historical-price-eod/full?symbol=AAPL, a flat array) and serves /api/v3 only to
// subscriptions older than 2025-08-31 ("legacy" endpoints). The connector stays on v3 (the recorded
// fixture and the fake server speak it); ParseFmpDaily also reads the /stable flat-array shape so a
// switch is a URL change.
//
// Errors: {"Error Message": "Invalid API KEY. ..."} (401/403; also honoured inside a 200),
// {"Error Message": "Limit Reach . ..."} (429, or 200: the daily quota, LimitExceeded).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "qtp/core/bars.h"
#include "qtp/core/status.h"
#include "qtp/data/providers/provider.h"

namespace qtp::providers {

// Pure functions of the body (fuzzed). Bars ascending by time; an empty array (unknown symbol, no
// data) is an empty result. InvalidArgument ("fmp: ...") for anything malformed, the error replies
// as described above.
Result<std::vector<Bar5m>> ParseFmpIntraday(std::string_view body);
Result<std::vector<Bar1d>> ParseFmpDaily(std::string_view body);

class FmpProvider : public Provider {
 public:
  FmpProvider(std::string base_url, std::string api_key)
      : base_url_(std::move(base_url)), api_key_(std::move(api_key)) {}

  std::string name() const override { return "fmp"; }
  bool Supports(Interval) const override { return true; }
  Result<PullResult> Pull(const PullRequest& request, Fetcher& fetcher) override;

 private:
  std::string base_url_;
  std::string api_key_;
};

}  // namespace qtp::providers
