// Alpaca Market Data v2 historical stock bars (https://data.alpaca.markets):
//   GET {base}/v2/stocks/{symbol}/bars?timeframe=5Min|1Day&start=<RFC-3339>&end=<RFC-3339>&limit=10000
//       &adjustment=raw&feed=iex&sort=asc[&page_token=...]
// with the APCA-API-KEY-ID / APCA-API-SECRET-KEY headers. A reply is one page
//   {"bars":[{"t":"2026-01-12T14:30:00Z","o":..,"h":..,"l":..,"c":..,"v":..,"n":..,"vw":..}],
//    "next_page_token":"<opaque>"|null,"symbol":"KO"}
// where t is the bar START in UTC ("bars": null when the range has no data); the connector follows
// next_page_token until it is null. Errors come as {"code":..,"message":".."}.
//
// Conventions (Alpaca's docs and the recorded replies in shared/data/api_fixtures/alpaca_v2):
//   - start and end are both inclusive, so the range [first, last] of New York dates is asked as
//     start = first 00:00 New York and end = one second before (last + 1) 00:00 New York.
//   - adjustment=raw: prices and volumes as traded; source "alpaca" (no ";adj=" tag), cleaning adjusts.
//   - Daily bars are stamped at New York midnight (04:00Z / 05:00Z), so their date is the
//     exchange date of t.
//   - Intraday bars include pre- and post-market; 5-minute slots without trades are absent.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "qtp/core/bars.h"
#include "qtp/core/status.h"
#include "qtp/data/providers/provider.h"

namespace qtp::providers {

// One page of GET /v2/stocks/{symbol}/bars.
struct AlpacaBarsPage {
  std::string symbol;           // "" when the reply has none
  std::vector<Bar5m> bars;      // ts = bar start (UTC); vwap and trade_count when served
  std::string next_page_token;  // "" on the last page
};

// Parses one page (pure; tolerates any input). InvalidArgument naming what is wrong for a body that
// is not such a page, and with Alpaca's message for an error body {"code":..,"message":".."}.
Result<AlpacaBarsPage> ParseAlpacaBarsPage(std::string_view body);

// Parses Alpaca's RFC-3339 bar time ("2026-01-12T14:30:00Z"; optional fraction up to nanoseconds; "Z" or
// a "+HH:MM"/"-HH:MM" offset) to a UTC instant (fraction below a microsecond truncated).
Result<TimestampUs> ParseAlpacaTimestamp(std::string_view text);

class AlpacaProvider : public Provider {
 public:
  static constexpr const char* kName = "alpaca";
  // Most bars Alpaca returns per page (its documented maximum `limit`).
  static constexpr int kPageLimit = 10000;

  AlpacaProvider(std::string base_url, std::string key_id, std::string secret_key, std::string feed = "iex");

  std::string name() const override { return kName; }
  bool Supports(Interval) const override { return true; }
  Result<PullResult> Pull(const PullRequest& request, Fetcher& fetcher) override;

 private:
  std::string base_url_;
  std::string key_id_;
  std::string secret_key_;
  std::string feed_;
};

}  // namespace qtp::providers
