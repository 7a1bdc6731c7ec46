#include "qtp/data/providers/fmp.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/data/providers/wire_format.h"

namespace qtp::providers {

namespace {

using nlohmann::json;

constexpr const char* kProvider = "fmp";
constexpr const char* kPriceSource = "fmp;adj=split";
constexpr double kMaxPrice = 1e7;
constexpr double kMaxVolume = 1e13;
constexpr DateDays kMinDate = DaysFromCivil(1900, 1, 1);
constexpr DateDays kMaxDate = DaysFromCivil(2100, 1, 1);
constexpr int kDailyWindowYears = 5;

Status Invalid(const std::string& what) { return Status::InvalidArgument("fmp: " + what); }

// FMP's error object ({"Error Message": "..."}), whatever the HTTP status it came with.
Status ErrorReply(const json& error) {
  const std::string text = JsonText(error);
  const std::string lower = Lower(text);
  const std::string message = "fmp: " + PrintableSnippet(text);
  if (lower.find("limit reach") != std::string::npos) return Status::LimitExceeded(message);
  if (lower.find("exclusive endpoint") != std::string::npos || lower.find("special endpoint") != std::string::npos ||
      lower.find("restricted endpoint") != std::string::npos || lower.find("legacy endpoint") != std::string::npos ||
      lower.find("subscription") != std::string::npos) {
    return Status::NotSupported(message);
  }
  return Status::InvalidArgument(message);  // "Invalid API KEY. ...", unknown errors: not retried
}

Result<json> ParseDocument(std::string_view body) {
  QTP_ASSIGN_OR_RETURN(json doc, ParseJsonReply(body, kProvider));
  if (doc.is_object()) {
    if (auto it = doc.find("Error Message"); it != doc.end()) return ErrorReply(*it);
  }
  return doc;
}

Status Number(const json& row, const char* name, size_t index, double max, double* out) {
  const auto it = row.find(name);
  if (it == row.end() || !it->is_number()) return Invalid(fmt::format("row {} has no numeric '{}'", index, name));
  const double value = it->get<double>();
  if (!std::isfinite(value) || value < 0 || value > max) {
    return Invalid(fmt::format("row {} has '{}' = {} out of range", index, name, value));
  }
  *out = value;
  return Status::OK();
}

Result<std::string_view> Text(const json& row, const char* name, size_t index) {
  const auto it = row.find(name);
  if (it == row.end() || !it->is_string()) return Invalid(fmt::format("row {} has no '{}' string", index, name));
  return std::string_view(it->get_ref<const std::string&>());
}

Result<DateDays> Date(std::string_view text, size_t index) {
  Result<DateDays> date = ParseDate(text);
  if (!date.ok() || *date < kMinDate || *date >= kMaxDate) {
    return Invalid(fmt::format("row {} has date '{}', not YYYY-MM-DD", index, PrintableSnippet(text)));
  }
  return *date;
}

// "YYYY-MM-DD HH:MM:SS", US/Eastern wall clock, on the 5-minute grid → UTC instant.
Result<TimestampUs> EasternToUtc(std::string_view text, size_t index) {
  const WallClockTime time = EasternWallClockToUtc(text, 5, kMinDate, kMaxDate);
  switch (time.fault) {
    case WallClockFault::kNone:
      return time.utc;
    case WallClockFault::kShape:
      return Invalid(fmt::format("row {} has date '{}', not 'YYYY-MM-DD HH:MM:SS'", index, PrintableSnippet(text)));
    case WallClockFault::kDate:
      return Date(text.substr(0, 10), index).status();
    case WallClockFault::kGrid:
      break;
  }
  return Invalid(fmt::format("row {} at '{}' is not on the 5-minute grid", index, PrintableSnippet(text)));
}

// A row's "date": the bar's start (intraday) or its exchange date (daily).
Status Stamp(std::string_view date, size_t index, Bar5m* bar) {
  QTP_ASSIGN_OR_RETURN(bar->ts, EasternToUtc(date, index));
  return Status::OK();
}
Status Stamp(std::string_view date, size_t index, Bar1d* bar) {
  QTP_ASSIGN_OR_RETURN(bar->date, Date(date, index));
  return Status::OK();
}

// Every row of `rows` ({"date": .., "open", "high", "low", "close", "volume"}: both endpoints' rows) as
// a Bar5m or a Bar1d, in the reply's order.
template <typename Bar>
Result<std::vector<Bar>> ParseRows(const json& rows) {
  std::vector<Bar> bars;
  bars.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const json& row = rows[i];
    if (!row.is_object()) return Invalid(fmt::format("row {} is not an object", i));
    QTP_ASSIGN_OR_RETURN(const std::string_view date, Text(row, "date", i));
    Bar bar;
    QTP_RETURN_IF_ERROR(Stamp(date, i, &bar));
    QTP_RETURN_IF_ERROR(Number(row, "open", i, kMaxPrice, &bar.open));
    QTP_RETURN_IF_ERROR(Number(row, "high", i, kMaxPrice, &bar.high));
    QTP_RETURN_IF_ERROR(Number(row, "low", i, kMaxPrice, &bar.low));
    QTP_RETURN_IF_ERROR(Number(row, "close", i, kMaxPrice, &bar.close));
    QTP_RETURN_IF_ERROR(Number(row, "volume", i, kMaxVolume, &bar.volume));
    if (bar.high < bar.low) return Invalid(fmt::format("row {} has high below low", i));
    bars.push_back(bar);
  }
  return bars;
}

// "fmp: AAPL 2024-03-01..2024-03-31: <what>".
Status Annotate(const Status& status, const std::string& ticker, DateDays first, DateDays last) {
  return Reprefix(status, kProvider, fmt::format("fmp: {} {}..{}: ", ticker, FormatDate(first), FormatDate(last)));
}

DateDays EndOfMonth(DateDays day) {
  const CivilDate c = CivilFromDays(day);
  return c.month == 12 ? DaysFromCivil(c.year + 1, 1, 1) - 1 : DaysFromCivil(c.year, c.month + 1, 1) - 1;
}

}  // namespace

Result<std::vector<Bar5m>> ParseFmpIntraday(std::string_view body) {
  QTP_ASSIGN_OR_RETURN(const json doc, ParseDocument(body));
  if (doc.is_object() && doc.empty()) return std::vector<Bar5m>{};  // FMP's reply for some unknown symbols
  if (!doc.is_array()) return Invalid("intraday reply is not a JSON array");
  QTP_ASSIGN_OR_RETURN(std::vector<Bar5m> bars, ParseRows<Bar5m>(doc));
  std::sort(bars.begin(), bars.end(), [](const Bar5m& a, const Bar5m& b) { return a.ts < b.ts; });
  return bars;
}

Result<std::vector<Bar1d>> ParseFmpDaily(std::string_view body) {
  QTP_ASSIGN_OR_RETURN(const json doc, ParseDocument(body));
  const json* rows = nullptr;
  if (doc.is_array()) {
    rows = &doc;  // the /stable/historical-price-eod/full shape
  } else if (doc.is_object()) {
    const auto it = doc.find("historical");
    if (it == doc.end()) return std::vector<Bar1d>{};  // {} or {"symbol": ...}: nothing for this range
    if (!it->is_array()) return Invalid("'historical' is not an array");
    rows = &*it;
  } else {
    return Invalid("daily reply is neither an object nor an array");
  }
  QTP_ASSIGN_OR_RETURN(std::vector<Bar1d> bars, ParseRows<Bar1d>(*rows));
  std::sort(bars.begin(), bars.end(), [](const Bar1d& a, const Bar1d& b) { return a.date < b.date; });
  return bars;
}

Result<PullResult> FmpProvider::Pull(const PullRequest& request, Fetcher& fetcher) {
  if (request.last < request.first) {
    return Status::InvalidArgument(fmt::format("fmp: {}: empty range {}..{}", request.ticker, FormatDate(request.first),
                                               FormatDate(request.last)));
  }
  const bool intraday = request.interval == Interval::k5Min;
  PullResult out;
  out.bars5m.ticker = request.ticker;
  out.bars1d.ticker = request.ticker;
  for (DateDays window_first = request.first; window_first <= request.last;) {
    DateDays window_last = request.last;
    if (intraday) {
      window_last = std::min(window_last, EndOfMonth(window_first));
    } else {
      const CivilDate c = CivilFromDays(window_first);
      window_last = std::min(window_last, DaysFromCivil(c.year + kDailyWindowYears, c.month, 1) - 1);
    }
    HttpRequest http;
    http.url = fmt::format("{}/api/v3/{}/{}?from={}&to={}&apikey={}", base_url_,
                           intraday ? "historical-chart/5min" : "historical-price-full", UrlEncode(request.ticker),
                           FormatDate(window_first), FormatDate(window_last), UrlEncode(api_key_));
    http.cacheable = window_last < request.today;
    std::vector<Bar5m> bars5m;
    std::vector<Bar1d> bars1d;
    const Status status =
        fetcher.Get(http, intraday ? KeepParsed(&bars5m, ParseFmpIntraday) : KeepParsed(&bars1d, ParseFmpDaily));
    ++out.requests;
    if (!status.ok()) return Annotate(status, request.ticker, window_first, window_last);
    for (const Bar5m& bar : bars5m) {
      const DateDays date = NyseCalendar::ExchangeDate(bar.ts);
      if (date >= request.first && date <= request.last) out.bars5m.push_back(bar, kPriceSource);
    }
    for (const Bar1d& bar : bars1d) {
      if (bar.date >= request.first && bar.date <= request.last) out.bars1d.push_back(bar, kPriceSource);
    }
    window_first = window_last + 1;
  }
  return out;
}

}  // namespace qtp::providers
