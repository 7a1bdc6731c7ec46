// Yahoo Finance chart API v8 (unofficial): GET {base}/v8/finance/chart/{symbol}?period1=&period2=
// &interval=5m|1d&includePrePost=false&events=div%7Csplit.
//
// Wire facts the connector relies on (recorded replies in shared/data/api_fixtures/yahoo_v8_chart):
//   - `timestamp[]` are UNIX seconds of the bar START; daily bars are stamped 09:30 New York, so a
//     daily bar's date is the New York date of its timestamp. period2 is exclusive.
//   - indicators.quote[0].{open,high,low,close,volume} are parallel to timestamp[]; a null entry means
//     no bar at that index. OHLC are split-adjusted (adjclose is also dividend-adjusted; not kept), so
//     rows are tagged "yahoo;adj=split".
//   - events.splits {date,numerator,denominator} / events.dividends {date,amount} become
//     CorporateActions (ex_date = New York date of `date`).
//   - 5-minute bars exist for the last 60 days only (Yahoo answers 422 "The requested range must be
//     within the last 60 days"); the connector refuses older ranges with NotSupported instead, so
//     ingest falls back to the next provider without spending a request.
//   - A reply with `meta` but no `timestamp` (weekend, holiday) is an empty result, not an error.
//   - Errors: {"chart":{"result":null,"error":{"code":"Not Found","description":"..."}}}.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "qtp/core/bars.h"
#include "qtp/core/status.h"
#include "qtp/data/providers/provider.h"

namespace qtp::providers {

// The parsed chart of one reply: only the indices where open, high, low, close and volume are all
// present, in reply order. `actions` carry `symbol` as ticker and source "yahoo".
struct YahooChart {
  std::string symbol;               // meta.symbol ("" when absent)
  std::vector<int64_t> timestamps;  // UNIX seconds, bar start
  std::vector<double> open, high, low, close, volume;
  std::vector<CorporateAction> actions;
};

// Pure function of the body (fuzzed). InvalidArgument for a malformed body, NotFound for Yahoo's
// "Not Found" error, InvalidArgument for any other error object; messages start with "yahoo: ".
Result<YahooChart> ParseYahooChart(std::string_view body);

class YahooProvider : public Provider {
 public:
  // Most calendar days before `today` that a 5-minute request's first date may lie (see yahoo.cpp).
  static constexpr int kIntradayLookbackDays = 59;

  explicit YahooProvider(std::string base_url) : base_url_(std::move(base_url)) {}

  std::string name() const override { return "yahoo"; }
  bool Supports(Interval) const override { return true; }
  Result<PullResult> Pull(const PullRequest& request, Fetcher& fetcher) override;

 private:
  std::string base_url_;
};

}  // namespace qtp::providers
