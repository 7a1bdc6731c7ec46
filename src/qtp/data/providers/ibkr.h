// Interactive Brokers Client Portal Web API (the backup provider), through a running gateway whose
// session is already logged in (the gateway holds the credentials, so the connector needs none):
//   1. GET {base}/iserver/secdef/search?symbol=AAPL
//        → [{"conid":"265598","symbol":"AAPL","description":"NASDAQ","sections":[{"secType":"STK"},..]},..]
//      (conid is a string or a number); the conid is cached in the provider object.
//   2. GET {base}/iserver/marketdata/history?conid=265598&period=<N>d&bar=5min&outsideRth=false
//          &startTime=<yyyyMMdd-HH:mm:ss UTC>
//        → {"symbol":"AAPL","data":[{"t":<epoch ms, bar start>,"o":..,"h":..,"l":..,"c":..,"v":..}],
//           "volumeFactor":100,"points":..,...}   or {"error":"..."}.
//
// Conventions (IBKR's Web API reference and client libraries, see the comments in ibkr.cpp):
//   - startTime is the most recent point of the window: IB returns `period` of bars BACKWARD from it.
//     Without startTime the window ends now.
//   - "Max of 1000 data points" per request: the range is walked in windows of at most
//     kTradingDaysPerRequest trading days (78 regular-session 5-minute bars each).
//   - Historical bars are split-adjusted (not dividend-adjusted): source "ibkr;adj=split".
//   - Volumes are reported divided by "volumeFactor" (100 for US stocks: round lots); the parser
//     multiplies back to shares. A reply without volumeFactor is taken as shares (factor 1).
//   - Daily bars (bar=1d) carry t = the session's open instant; their date is its exchange date.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "qtp/core/bars.h"
#include "qtp/core/status.h"
#include "qtp/data/providers/provider.h"

namespace qtp::providers {

// The conid of `symbol`'s stock from a secdef/search reply (pure; tolerates any input): the first
// entry whose symbol matches (case-insensitive) and that is a stock ("secType":"STK" at the top level
// or in "sections"), preferring a US listing exchange ("description": NASDAQ, NYSE, ARCA, ...).
// NotFound when no entry matches; InvalidArgument for a malformed body or an {"error": ".."} reply.
Result<std::string> ParseIbkrConid(std::string_view body, const std::string& symbol);

// The bars of a marketdata/history reply (pure; tolerates any input): ts = bar start (UTC), volume in
// shares (v × volumeFactor), no vwap / trade count. InvalidArgument naming the problem for a
// malformed body, and naming IB's message for an {"error": ".."} reply.
Result<std::vector<Bar5m>> ParseIbkrHistory(std::string_view body);

class IbkrProvider : public Provider {
 public:
  static constexpr const char* kName = "ibkr";
  static constexpr const char* kSource = "ibkr;adj=split";
  // Trading days per history request: 7 × 78 = 546 regular-session bars, and at most ~12 calendar
  // days, so the 1000-point cap holds whether IB counts the period in calendar or trading days.
  static constexpr int kTradingDaysPerRequest = 7;
  // Daily bars: at most 250 trading days (≤ ~365 calendar days) per request.
  static constexpr int kTradingDaysPerDailyRequest = 250;

  explicit IbkrProvider(std::string base_url);

  std::string name() const override { return kName; }
  bool Supports(Interval) const override { return true; }
  Result<PullResult> Pull(const PullRequest& request, Fetcher& fetcher) override;

 private:
  Result<std::string> Conid(const std::string& ticker, Fetcher& fetcher, PullResult& result);

  std::string base_url_;
  std::mutex mutex_;
  std::map<std::string, std::string> conids_;  // ticker → conid (conids never change)
};

}  // namespace qtp::providers
