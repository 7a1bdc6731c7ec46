#include "qtp/data/providers/yahoo.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <tuple>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/data/providers/wire_format.h"

namespace qtp::providers {

namespace {

using nlohmann::json;

constexpr const char* kSource = "yahoo";
constexpr const char* kPriceSource = "yahoo;adj=split";
// Timestamps outside [1900, 2100) are not market data (and keep seconds * 1e6 far from overflow).
constexpr int64_t kMinUnixSeconds = -2'208'988'800;
constexpr int64_t kMaxUnixSeconds = 4'102'444'800;
constexpr double kMaxPrice = 1e7;
constexpr double kMaxVolume = 1e13;
// Yahoo serves 5m bars for 60 days back and up to 60 days in one request, so one request normally
// covers a whole intraday pull; the loop below keeps requests inside that span regardless.
constexpr int kIntradaySpanDays = 60;

std::string Snippet(std::string_view text) { return PrintableSnippet(text, 80); }

Status Invalid(const std::string& what) { return Status::InvalidArgument("yahoo: " + what); }

bool ValidUnixSeconds(const json& value, int64_t* out) {
  if (!value.is_number_integer()) return false;
  if (value.is_number_unsigned()) {
    const uint64_t u = value.get<uint64_t>();
    if (u > static_cast<uint64_t>(kMaxUnixSeconds)) return false;
    *out = static_cast<int64_t>(u);
  } else {
    *out = value.get<int64_t>();
  }
  return *out >= kMinUnixSeconds && *out < kMaxUnixSeconds;
}

// One quote array entry: nullopt-like (returns false in *present) for null, error for anything but a
// finite number in range.
Status QuoteValue(const json& value, const char* field, size_t index, double max, double* out, bool* present) {
  if (value.is_null()) {
    *present = false;
    return Status::OK();
  }
  if (!value.is_number()) return Invalid(fmt::format("quote.{}[{}] is not a number", field, index));
  const double v = value.get<double>();
  if (!std::isfinite(v) || v < 0 || v > max) {
    return Invalid(fmt::format("quote.{}[{}] = {} is out of range", field, index, v));
  }
  *out = v;
  *present = true;
  return Status::OK();
}

// The ex-date of one split or dividend entry ({"date": <unix seconds>, ...}); `kind` names it in errors.
Result<DateDays> EventDate(const json& entry, const char* kind, const std::string& key) {
  int64_t date = 0;
  if (!entry.is_object() || !entry.contains("date") || !ValidUnixSeconds(entry["date"], &date)) {
    return Invalid(fmt::format("{} '{}' has no valid 'date'", kind, Snippet(key)));
  }
  return NyseCalendar::ExchangeDate(date * kMicrosPerSecond);
}

CorporateAction Action(const std::string& symbol, DateDays ex_date, CorporateActionType type) {
  CorporateAction action;
  action.ticker = symbol;
  action.ex_date = ex_date;
  action.type = type;
  action.source = kSource;
  return action;
}

// Calls parse(key, entry) on each entry of events.<name> ({"<key>": {...}, ...}); absent or null: none.
template <typename ParseEntry>
Status ForEachEvent(const json& events, const char* name, ParseEntry parse) {
  const auto it = events.find(name);
  if (it == events.end() || it->is_null()) return Status::OK();
  if (!it->is_object()) return Invalid(fmt::format("'events.{}' is not an object", name));
  for (const auto& [key, entry] : it->items()) QTP_RETURN_IF_ERROR(parse(key, entry));
  return Status::OK();
}

Status ParseEvents(const json& events, const std::string& symbol, std::vector<CorporateAction>* actions) {
  if (events.is_null()) return Status::OK();
  if (!events.is_object()) return Invalid("'events' is not an object");
  QTP_RETURN_IF_ERROR(ForEachEvent(events, "splits", [&](const std::string& key, const json& split) -> Status {
    QTP_ASSIGN_OR_RETURN(const DateDays ex_date, EventDate(split, "split", key));
    const auto num = split.find("numerator");
    const auto den = split.find("denominator");
    if (num == split.end() || den == split.end() || !num->is_number() || !den->is_number()) {
      return Invalid(fmt::format("split '{}' has no numeric numerator/denominator", Snippet(key)));
    }
    const double n = num->get<double>();
    const double d = den->get<double>();
    const double ratio = n / d;
    if (!std::isfinite(n) || !std::isfinite(d) || n <= 0 || d <= 0 || !std::isfinite(ratio) || ratio > 1e6 ||
        ratio < 1e-6) {
      return Invalid(fmt::format("split '{}' has an impossible ratio {}/{}", Snippet(key), n, d));
    }
    CorporateAction action = Action(symbol, ex_date, CorporateActionType::kSplit);
    action.split_ratio = ratio;
    actions->push_back(std::move(action));
    return Status::OK();
  }));
  return ForEachEvent(events, "dividends", [&](const std::string& key, const json& dividend) -> Status {
    QTP_ASSIGN_OR_RETURN(const DateDays ex_date, EventDate(dividend, "dividend", key));
    const auto amount = dividend.find("amount");
    if (amount == dividend.end() || !amount->is_number()) {
      return Invalid(fmt::format("dividend '{}' has no numeric 'amount'", Snippet(key)));
    }
    const double a = amount->get<double>();
    if (!std::isfinite(a) || a < 0 || a > kMaxPrice) {
      return Invalid(fmt::format("dividend '{}' has an impossible amount {}", Snippet(key), a));
    }
    CorporateAction action = Action(symbol, ex_date, CorporateActionType::kDividend);
    action.dividend = a;
    actions->push_back(std::move(action));
    return Status::OK();
  });
}

// Prices and volume of row i of the chart's quote columns into a Bar5m or a Bar1d.
template <typename Bar>
void CopyPrices(const YahooChart& chart, size_t i, Bar* bar) {
  bar->open = chart.open[i];
  bar->high = chart.high[i];
  bar->low = chart.low[i];
  bar->close = chart.close[i];
  bar->volume = chart.volume[i];
}

// "yahoo: AAPL 2024-03-01..2024-03-08: <what>" (the parser's own "yahoo: " prefix is not repeated).
Status Annotate(const Status& status, const std::string& ticker, DateDays first, DateDays last) {
  return Reprefix(status, kSource, fmt::format("yahoo: {} {}..{}: ", ticker, FormatDate(first), FormatDate(last)));
}

}  // namespace

Result<YahooChart> ParseYahooChart(std::string_view body) {
  QTP_ASSIGN_OR_RETURN(const json doc, ParseJsonReply(body, kSource));
  if (!doc.is_object()) return Invalid("reply is not a JSON object");
  const auto chart_it = doc.find("chart");
  if (chart_it == doc.end() || !chart_it->is_object()) return Invalid("reply has no 'chart' object");
  const json& chart = *chart_it;

  if (auto err = chart.find("error"); err != chart.end() && !err->is_null()) {
    std::string code;
    std::string description;
    if (err->is_object()) {
      if (auto c = err->find("code"); c != err->end() && c->is_string()) code = c->get<std::string>();
      if (auto d = err->find("description"); d != err->end() && d->is_string()) description = d->get<std::string>();
    }
    if (code == "Not Found") return Status::NotFound("yahoo: " + (description.empty() ? code : description));
    return Invalid(fmt::format("error {}: {}", code.empty() ? "(no code)" : code,
                               description.empty() ? Snippet(err->dump()) : description));
  }

  const auto result_it = chart.find("result");
  if (result_it == chart.end() || result_it->is_null()) return Invalid("reply has neither 'result' nor 'error'");
  if (!result_it->is_array()) return Invalid("'chart.result' is not an array");
  YahooChart out;
  if (result_it->empty()) return out;
  const json& result = (*result_it)[0];
  if (!result.is_object()) return Invalid("'chart.result[0]' is not an object");

  if (auto meta = result.find("meta"); meta != result.end() && meta->is_object()) {
    if (auto s = meta->find("symbol"); s != meta->end() && s->is_string()) out.symbol = s->get<std::string>();
  }
  if (auto events = result.find("events"); events != result.end()) {
    QTP_RETURN_IF_ERROR(ParseEvents(*events, out.symbol, &out.actions));
  }

  // No timestamp = no bars (Yahoo's reply for a weekend or holiday range), whatever `indicators` holds.
  const auto ts_it = result.find("timestamp");
  if (ts_it == result.end() || ts_it->is_null()) return out;
  if (!ts_it->is_array()) return Invalid("'timestamp' is not an array");
  const json& timestamps = *ts_it;
  if (timestamps.empty()) return out;

  const auto indicators = result.find("indicators");
  if (indicators == result.end() || !indicators->is_object())
    return Invalid("reply has timestamps but no 'indicators'");
  const auto quotes = indicators->find("quote");
  if (quotes == indicators->end() || !quotes->is_array() || quotes->empty() || !(*quotes)[0].is_object()) {
    return Invalid("reply has timestamps but no 'indicators.quote[0]'");
  }
  const json& quote = (*quotes)[0];
  static constexpr const char* kFields[5] = {"open", "high", "low", "close", "volume"};
  const json* columns[5] = {};
  for (int f = 0; f < 5; ++f) {
    const auto it = quote.find(kFields[f]);
    if (it == quote.end() || !it->is_array()) return Invalid(fmt::format("'quote.{}' is missing", kFields[f]));
    if (it->size() != timestamps.size()) {
      return Invalid(
          fmt::format("'quote.{}' has {} entries for {} timestamps", kFields[f], it->size(), timestamps.size()));
    }
    columns[f] = &*it;
  }

  const size_t n = timestamps.size();
  out.timestamps.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    int64_t ts = 0;
    if (!ValidUnixSeconds(timestamps[i], &ts)) {
      return Invalid(fmt::format("timestamp[{}] is not a UNIX time in seconds", i));
    }
    double values[5] = {};
    bool complete = true;
    for (int f = 0; f < 5; ++f) {
      bool present = false;
      QTP_RETURN_IF_ERROR(
          QuoteValue((*columns[f])[i], kFields[f], i, f == 4 ? kMaxVolume : kMaxPrice, &values[f], &present));
      complete = complete && present;
    }
    if (!complete) continue;  // a null entry: Yahoo has no bar at this index
    if (values[1] < values[2]) return Invalid(fmt::format("bar {} has high {} below low {}", i, values[1], values[2]));
    out.timestamps.push_back(ts);
    out.open.push_back(values[0]);
    out.high.push_back(values[1]);
    out.low.push_back(values[2]);
    out.close.push_back(values[3]);
    out.volume.push_back(values[4]);
  }
  return out;
}

// The 60-day window is measured by Yahoo from the moment of the request, while period1 is midnight
// New York at the start of `first`: a first date 60 days back is already older than 60 * 24 h
// whenever the request is sent after midnight, so the last date Yahoo can serve reliably is 59 days
// back. Anything older is NotSupported here and ingest moves on to the next provider.
Result<PullResult> YahooProvider::Pull(const PullRequest& request, Fetcher& fetcher) {
  if (request.last < request.first) {
    return Status::InvalidArgument(fmt::format("yahoo: {}: empty range {}..{}", request.ticker,
                                               FormatDate(request.first), FormatDate(request.last)));
  }
  const bool intraday = request.interval == Interval::k5Min;
  if (intraday && request.today - request.first > kIntradayLookbackDays) {
    return Status::NotSupported(fmt::format(
        "yahoo: 5-minute bars reach back 60 days; {} starts {} ({} days before {}), use another provider",
        request.ticker, FormatDate(request.first), request.today - request.first, FormatDate(request.today)));
  }

  PullResult out;
  out.bars5m.ticker = request.ticker;
  out.bars1d.ticker = request.ticker;
  std::set<std::tuple<DateDays, int, double, double>> seen_actions;
  const int span = intraday ? kIntradaySpanDays : std::numeric_limits<int>::max() / 2;
  for (DateDays chunk_first = request.first; chunk_first <= request.last;) {
    const DateDays chunk_last =
        static_cast<DateDays>(std::min<int64_t>(request.last, static_cast<int64_t>(chunk_first) + span - 1));
    const int64_t period1 = NyseCalendar::ExchangeTimeToUtc(chunk_first, 0) / kMicrosPerSecond;
    const int64_t period2 = NyseCalendar::ExchangeTimeToUtc(chunk_last + 1, 0) / kMicrosPerSecond;  // exclusive
    HttpRequest http;
    http.url = fmt::format(
        "{}/v8/finance/chart/{}?period1={}&period2={}&interval={}&includePrePost=false"
        "&events=div%7Csplit",
        base_url_, UrlEncode(request.ticker), period1, period2, intraday ? "5m" : "1d");
    http.cacheable = chunk_last < request.today;
    YahooChart chart;
    const Status status = fetcher.Get(http, KeepParsed(&chart, ParseYahooChart));
    ++out.requests;
    if (!status.ok()) return Annotate(status, request.ticker, chunk_first, chunk_last);

    for (size_t i = 0; i < chart.timestamps.size(); ++i) {
      const TimestampUs ts = chart.timestamps[i] * kMicrosPerSecond;
      const DateDays date = NyseCalendar::ExchangeDate(ts);
      if (date < request.first || date > request.last) continue;
      if (intraday) {
        // The bar of the running session comes stamped with the latest trade time, not a 5-minute
        // boundary: it is not a finished bar, so it is not kept.
        if (chart.timestamps[i] % 300 != 0) continue;
        Bar5m bar;
        bar.ts = ts;
        CopyPrices(chart, i, &bar);
        out.bars5m.push_back(bar, kPriceSource);
      } else {
        Bar1d bar;
        bar.date = date;
        CopyPrices(chart, i, &bar);
        out.bars1d.push_back(bar, kPriceSource);
      }
    }
    for (CorporateAction& action : chart.actions) {
      if (action.ex_date < request.first || action.ex_date > request.last) continue;
      const auto key = std::make_tuple(action.ex_date, static_cast<int>(action.type),
                                       std::isnan(action.split_ratio) ? 0.0 : action.split_ratio,
                                       std::isnan(action.dividend) ? 0.0 : action.dividend);
      if (!seen_actions.insert(key).second) continue;
      action.ticker = request.ticker;
      out.actions.push_back(std::move(action));
    }
    chunk_first = chunk_last + 1;
  }
  return out;
}

}  // namespace qtp::providers
