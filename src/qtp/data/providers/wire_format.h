// What the connectors (alpaca.cpp, ibkr.cpp, yahoo.cpp, alpha_vantage.cpp, fmp.cpp) share about the
// wire: pure helpers for building requests (URL encoding) and reading replies (JSON with a clear
// error, bounded numbers, Eastern wall-clock bar times, short printable excerpts for messages).
//
// What belongs here: logic that is the same for two or more providers, written once, with the provider
// name as a parameter where only a message differs. Every function is pure (no I/O, no globals),
// tolerates any input and never throws: the parsers built on them are fuzzed (fuzz/). What does not
// belong here: anything one provider alone does (its reply shapes, its error bodies, its pagination),
// and anything that talks to the network (that is the Fetcher's, fetcher.h).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "qtp/core/bars.h"
#include "qtp/core/status.h"
#include "qtp/core/time.h"
#include "qtp/core/url_encode.h"
#include "qtp/data/providers/fetcher.h"

namespace qtp::providers {

// Requests percent-encode path symbols (BRK.B, ^GSPC) and query values (page tokens with '+', '/',
// '='; API keys) with core's UrlEncode.

// --- text for messages -----------------------------------------------------------------------------

// The first `max_chars` characters of text, with "..." when it was cut.
std::string Truncated(std::string_view text, size_t max_chars = 200);
// The first `max_chars` characters of text with anything but printable ASCII as '?', so a binary or
// multi-line body quoted in an error keeps a log line readable.
std::string PrintableSnippet(std::string_view text, size_t max_chars = 160);
std::string Lower(std::string_view text);  // ASCII case folding
std::string Upper(std::string_view text);

// The status with its message's leading "<provider>: " (when there is one) replaced by `prefix`; the
// code is kept. A Pull names the ticker (and range) once: "alpaca: bar 3 has no 't'" with prefix
// "alpaca KO: " becomes "alpaca KO: bar 3 has no 't'"; "HTTP 403" becomes "alpaca KO: HTTP 403".
Status Reprefix(const Status& status, std::string_view provider, std::string_view prefix);

// --- reading replies -------------------------------------------------------------------------------

// The whole body as JSON, or InvalidArgument "<provider>: reply is not JSON (<parser's reason>):
// '<start of the body>'".
Result<nlohmann::json> ParseJsonReply(std::string_view body, std::string_view provider);

// A string value's text, any other value's JSON (for quoting an error field of unknown type).
std::string JsonText(const nlohmann::json& value);

// A finite JSON number in [min, max]; InvalidArgument "<provider>: <what> is not a number" or
// "<provider>: <what> is out of range: <x>" otherwise.
Result<double> NumberInRange(const nlohmann::json& value, std::string_view provider, std::string_view what, double min,
                             double max);

// Reads `count` (at most 9) decimal digits at text[pos]; false, *out untouched, when one is missing
// or not a digit.
bool ReadDigits(std::string_view text, size_t pos, size_t count, int* out);

// Why EasternWallClockToUtc refused a time, so that each connector words the error its own way.
enum class WallClockFault {
  kNone,
  kShape,  // not "YYYY-MM-DD HH:MM:SS" with hours < 24 and minutes and seconds < 60
  kDate,   // no calendar date, or one outside [min_date, max_date)
  kGrid,   // seconds, or minutes off the grid
};
struct WallClockTime {
  TimestampUs utc = 0;  // valid when fault is kNone
  WallClockFault fault = WallClockFault::kNone;
};
// "YYYY-MM-DD HH:MM:SS" on the New York wall clock (Alpha Vantage's and FMP's bar times) → the UTC
// instant, DST included, for a date in [min_date, max_date) and a time on the `grid_minutes` grid.
// The checks run in the order of the faults above; the first that fails is reported.
WallClockTime EasternWallClockToUtc(std::string_view text, int grid_minutes, DateDays min_date, DateDays max_date);

// A daily bar served as one bar stamped inside its day (Alpaca at New York midnight, IB at the open)
// as the Bar1d of its exchange date: prices, volume and vwap as served, n_bars null (not aggregated
// here).
Bar1d DailyBarOf(const Bar5m& bar);

// An AcceptBody that accepts a reply exactly when `parse` (std::string_view → Result<T>) does, and
// keeps what it parsed in *out. `out` must outlive the Fetcher::Get call.
template <typename T, typename Parse>
AcceptBody KeepParsed(T* out, Parse parse) {
  return [out, parse = std::move(parse)](std::string_view body) -> Status {
    auto parsed = parse(body);
    if (!parsed.ok()) return parsed.status();
    *out = std::move(*parsed);
    return Status::OK();
  };
}

}  // namespace qtp::providers
