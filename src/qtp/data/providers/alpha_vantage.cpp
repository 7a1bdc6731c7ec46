#include "qtp/data/providers/alpha_vantage.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/data/providers/wire_format.h"

namespace qtp::providers {

namespace {

using nlohmann::json;

constexpr const char* kSource = "alpha_vantage";
constexpr double kMaxPrice = 1e7;
constexpr double kMaxVolume = 1e13;
// "Any month in the last 20+ years (since 2000-01) is supported" (TIME_SERIES_INTRADAY, month=).
constexpr DateDays kFirstMonthServed = DaysFromCivil(2000, 1, 1);
constexpr DateDays kMinDate = DaysFromCivil(1970, 1, 1);
constexpr DateDays kMaxDate = DaysFromCivil(2100, 1, 1);

Status Invalid(const std::string& what) { return Status::InvalidArgument("alpha_vantage: " + what); }

// The soft refusals, judged on the top-level object of a JSON reply.
Status ClassifyObject(const json& doc) {
  if (!doc.is_object()) return Status::OK();
  if (auto it = doc.find("Error Message"); it != doc.end()) {
    return Invalid("error reply: " + PrintableSnippet(JsonText(*it)));
  }
  if (auto it = doc.find("Note"); it != doc.end()) {
    // The classic per-minute throttle ("Our standard API call frequency is 5 calls per minute ...").
    return Status::RateLimited("alpha_vantage: " + PrintableSnippet(JsonText(*it)));
  }
  if (auto it = doc.find("Information"); it != doc.end()) {
    const std::string text = JsonText(*it);
    const std::string lower = Lower(text);
    const std::string message = "alpha_vantage: " + PrintableSnippet(text);
    // Order matters: the burst message of 2025 also names the 25/day limit and the premium plans,
    // and the spent-quota message also names the premium plans.
    if (lower.find("sparingly") != std::string::npos || lower.find("spreading out") != std::string::npos ||
        lower.find("per second") != std::string::npos || lower.find("burst") != std::string::npos) {
      return Status::RateLimited(message);
    }
    if (lower.find("per day") != std::string::npos || lower.find("rate limit") != std::string::npos ||
        lower.find("daily") != std::string::npos) {
      return Status::LimitExceeded(message);
    }
    if (lower.find("premium") != std::string::npos) return Status::NotSupported(message);
    // e.g. "The **demo** API key is for demo purposes only ..." and anything new: not retried.
    return Status::InvalidArgument(message);
  }
  return Status::OK();
}

// "YYYY-MM-DD HH:MM:SS" New York wall clock → UTC instant, on the `interval_minutes` grid.
Result<TimestampUs> EasternKeyToUtc(std::string_view key, int interval_minutes) {
  const WallClockTime time = EasternWallClockToUtc(key, interval_minutes, kMinDate, kMaxDate);
  switch (time.fault) {
    case WallClockFault::kNone:
      return time.utc;
    case WallClockFault::kShape:
      return Invalid(fmt::format("time '{}' is not 'YYYY-MM-DD HH:MM:SS'", PrintableSnippet(key)));
    case WallClockFault::kDate:
      return Invalid(fmt::format("time '{}' has no valid date", PrintableSnippet(key)));
    case WallClockFault::kGrid:
      break;
  }
  return Invalid(fmt::format("time '{}' is not on the {}-minute grid", PrintableSnippet(key), interval_minutes));
}

// A value of a bar: AV sends numbers as strings ("86.4900"); plain numbers are accepted too.
Status Field(const json& bar, const char* name, std::string_view key, double max, double* out) {
  const auto it = bar.find(name);
  if (it == bar.end()) return Invalid(fmt::format("bar '{}' has no '{}'", PrintableSnippet(key), name));
  double value = 0;
  if (it->is_string()) {
    const std::string& text = it->get_ref<const std::string&>();
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
      return Invalid(
          fmt::format("bar '{}' has '{}' = '{}', not a number", PrintableSnippet(key), name, PrintableSnippet(text)));
    }
  } else if (it->is_number()) {
    value = it->get<double>();
  } else {
    return Invalid(fmt::format("bar '{}' has a non-numeric '{}'", PrintableSnippet(key), name));
  }
  if (!std::isfinite(value) || value < 0 || value > max) {
    return Invalid(fmt::format("bar '{}' has '{}' = {} out of range", PrintableSnippet(key), name, value));
  }
  *out = value;
  return Status::OK();
}

// "alpha_vantage: AAPL 2024-03 (month): <what>".
Status Annotate(const Status& status, const std::string& ticker, const std::string& month) {
  return Reprefix(status, kSource, fmt::format("alpha_vantage: {} month {}: ", ticker, month));
}

}  // namespace

Status ClassifyAlphaVantageReply(std::string_view body) {
  const json doc = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_discarded()) return ClassifyObject(doc);
  // Not JSON. A CSV request whose reply was an error comes back as the JSON error's lines, e.g.
  // "{", "Error Message", "}" (seen in a recorded bulk download): refuse it rather than read it as data.
  const std::string_view head = body.substr(0, 4096);
  if (head.find("Error Message") != std::string_view::npos || head.find("\"Information\"") != std::string_view::npos ||
      head.find("\"Note\"") != std::string_view::npos) {
    return Invalid(fmt::format("error reply mangled into non-JSON text: '{}'", PrintableSnippet(body)));
  }
  return Status::OK();
}

// BAR LABEL. The current API (month= parameter, introduced 2023) stamps a bar with its START:
// the documentation's 5min example (fetched 2025-11-06, extended hours 04:00-20:00) ends at
// "19:55:00", the 16:00:00 bar carries the closing-auction volume (1.49 M vs 0.3 M before it), and
// client samples of 2024 show "3. Last Refreshed": "...19:55:00". Replies recorded before 2023 were
// END-labelled (the retired TIME_SERIES_INTRADAY_EXTENDED fixture of 2020 has 04:01:00 as a day's first
// 1-minute bar and 20:00:00 as its last; 2021-2023 samples end at 20:00:00), but the connector only
// talks to the current API, so no shift is applied. If AV ever goes back, this is the one place to
// add `- interval_minutes`.
Result<std::vector<Bar5m>> ParseAlphaVantageIntraday(std::string_view body, int interval_minutes) {
  if (interval_minutes != 1 && interval_minutes != 5 && interval_minutes != 15 && interval_minutes != 30 &&
      interval_minutes != 60) {
    return Invalid(fmt::format("unsupported interval {} minutes", interval_minutes));
  }
  Result<json> parsed = ParseJsonReply(body, kSource);
  if (!parsed.ok()) {
    QTP_RETURN_IF_ERROR(ClassifyAlphaVantageReply(body));  // names a mangled error reply as such
    return parsed.status();
  }
  const json& doc = *parsed;
  if (!doc.is_object()) return Invalid("reply is not a JSON object");
  QTP_RETURN_IF_ERROR(ClassifyObject(doc));

  const std::string interval = fmt::format("{}min", interval_minutes);
  if (auto meta = doc.find("Meta Data"); meta != doc.end()) {
    if (!meta->is_object()) return Invalid("'Meta Data' is not an object");
    if (auto tz = meta->find("6. Time Zone"); tz != meta->end()) {
      const std::string zone = JsonText(*tz);
      if (zone != "US/Eastern" && zone != "America/New_York") {
        return Invalid(fmt::format("time zone '{}' is not US/Eastern", PrintableSnippet(zone)));
      }
    }
    if (auto iv = meta->find("4. Interval");
        iv != meta->end() && !(iv->is_string() && iv->get<std::string>() == interval)) {
      return Invalid(fmt::format("reply is for interval '{}', asked {}", PrintableSnippet(iv->dump()), interval));
    }
  }
  const std::string series_key = fmt::format("Time Series ({})", interval);
  const auto series = doc.find(series_key);
  if (series == doc.end()) return Invalid(fmt::format("reply has no '{}'", series_key));
  if (!series->is_object()) return Invalid(fmt::format("'{}' is not an object", series_key));

  std::vector<Bar5m> bars;
  bars.reserve(series->size());
  for (const auto& [key, value] : series->items()) {
    if (!value.is_object()) return Invalid(fmt::format("bar '{}' is not an object", PrintableSnippet(key)));
    QTP_ASSIGN_OR_RETURN(const TimestampUs ts, EasternKeyToUtc(key, interval_minutes));
    Bar5m bar;
    bar.ts = ts;
    QTP_RETURN_IF_ERROR(Field(value, "1. open", key, kMaxPrice, &bar.open));
    QTP_RETURN_IF_ERROR(Field(value, "2. high", key, kMaxPrice, &bar.high));
    QTP_RETURN_IF_ERROR(Field(value, "3. low", key, kMaxPrice, &bar.low));
    QTP_RETURN_IF_ERROR(Field(value, "4. close", key, kMaxPrice, &bar.close));
    QTP_RETURN_IF_ERROR(Field(value, "5. volume", key, kMaxVolume, &bar.volume));
    if (bar.high < bar.low) return Invalid(fmt::format("bar '{}' has high below low", PrintableSnippet(key)));
    bars.push_back(bar);
  }
  // Object keys iterate in string order, and zero-padded wall-clock keys sort by time except across
  // the autumn DST repeat, which market hours never reach; sort anyway so the order is by instant.
  std::sort(bars.begin(), bars.end(), [](const Bar5m& a, const Bar5m& b) { return a.ts < b.ts; });
  return bars;
}

Result<PullResult> AlphaVantageProvider::Pull(const PullRequest& request, Fetcher& fetcher) {
  if (request.interval != Interval::k5Min) {
    return Status::NotSupported(fmt::format(
        "alpha_vantage: {}: daily bars are not wired (TIME_SERIES_DAILY_ADJUSTED is premium)", request.ticker));
  }
  if (request.last < request.first) {
    return Status::InvalidArgument(fmt::format("alpha_vantage: {}: empty range {}..{}", request.ticker,
                                               FormatDate(request.first), FormatDate(request.last)));
  }
  if (request.last < kFirstMonthServed) {
    return Status::NotSupported(fmt::format("alpha_vantage: {}: intraday history starts 2000-01, asked {}..{}",
                                            request.ticker, FormatDate(request.first), FormatDate(request.last)));
  }
  PullResult out;
  out.bars5m.ticker = request.ticker;
  const DateDays first = std::max(request.first, kFirstMonthServed);
  CivilDate month = CivilFromDays(first);
  month.day = 1;
  for (DateDays month_first = DaysFromCivil(month.year, month.month, 1); month_first <= request.last;) {
    const CivilDate next =
        month.month == 12 ? CivilDate{month.year + 1, 1, 1} : CivilDate{month.year, month.month + 1, 1};
    const DateDays next_first = DaysFromCivil(next.year, next.month, 1);
    const std::string month_text = fmt::format("{:04d}-{:02d}", month.year, month.month);
    HttpRequest http;
    http.url = fmt::format(
        "{}/query?function=TIME_SERIES_INTRADAY&symbol={}&interval=5min&month={}&outputsize=full&adjusted=false"
        "&extended_hours=false&datatype=json&apikey={}",
        base_url_, UrlEncode(request.ticker), month_text, UrlEncode(api_key_));
    http.cacheable = next_first - 1 < request.today;  // a month still running may change
    std::vector<Bar5m> bars;
    const Status status =
        fetcher.Get(http, KeepParsed(&bars, [](std::string_view body) { return ParseAlphaVantageIntraday(body, 5); }));
    ++out.requests;
    if (!status.ok()) return Annotate(status, request.ticker, month_text);
    for (const Bar5m& bar : bars) {
      const DateDays date = NyseCalendar::ExchangeDate(bar.ts);
      if (date < request.first || date > request.last) continue;
      out.bars5m.push_back(bar, kSource);
    }
    month = next;
    month_first = next_first;
  }
  return out;
}

}  // namespace qtp::providers
