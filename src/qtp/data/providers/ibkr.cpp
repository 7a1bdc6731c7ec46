#include "qtp/data/providers/ibkr.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/data/providers/wire_format.h"

namespace qtp::providers {

namespace {

using nlohmann::json;

constexpr const char* kProvider = IbkrProvider::kName;
constexpr double kMaxPrice = 1e8;
constexpr double kMaxVolume = 1e13;
// Bar times outside [1980, 2100) are not a history reply's (e.g. epoch seconds where ms are due).
constexpr double kMinMillis = static_cast<double>(DaysFromCivil(1980, 1, 1)) * 86400e3;
constexpr double kMaxMillis = static_cast<double>(DaysFromCivil(2100, 1, 1)) * 86400e3;

// Listing exchanges of US stocks as secdef/search's "description" names them.
constexpr std::array<std::string_view, 12> kUsExchanges = {"NASDAQ",   "NYSE", "ARCA",          "AMEX",
                                                           "BATS",     "IEX",  "NYSE ARCA",     "NYSEARCA",
                                                           "NYSE MKT", "PINK", "NYSE AMERICAN", "CBOE"};

Status Invalid(const std::string& what) { return Status::InvalidArgument(fmt::format("ibkr: {}", what)); }

// IB's error shape {"error": "Chart data unavailable"} (sometimes with "statusCode").
std::optional<Status> ErrorReply(const json& doc) {
  if (!doc.is_object()) return std::nullopt;
  auto error = doc.find("error");
  if (error == doc.end() || error->is_null()) return std::nullopt;
  return Invalid(fmt::format("error reply: {}", Truncated(JsonText(*error))));
}

bool IsStock(const json& entry) {
  auto sec_type = entry.find("secType");
  if (sec_type != entry.end() && sec_type->is_string() && sec_type->get_ref<const std::string&>() == "STK") return true;
  auto sections = entry.find("sections");
  if (sections == entry.end() || !sections->is_array()) return false;
  for (const json& section : *sections) {
    if (!section.is_object()) continue;
    auto type = section.find("secType");
    if (type != section.end() && type->is_string() && type->get_ref<const std::string&>() == "STK") return true;
  }
  return false;
}

bool IsUsListing(const json& entry) {
  auto description = entry.find("description");
  if (description == entry.end() || !description->is_string()) return false;
  const std::string exchange = Upper(description->get_ref<const std::string&>());
  return std::find(kUsExchanges.begin(), kUsExchanges.end(), exchange) != kUsExchanges.end();
}

// A positive decimal conid as a string, from "265598" or 265598.
std::optional<std::string> ConidOf(const json& entry) {
  auto conid = entry.find("conid");
  if (conid == entry.end()) return std::nullopt;
  if (conid->is_number_integer()) {
    const auto value = conid->get<int64_t>();
    if (value <= 0) return std::nullopt;
    return std::to_string(value);
  }
  if (conid->is_string()) {
    const std::string& text = conid->get_ref<const std::string&>();
    if (text.empty() || text.size() > 18 || text == "0") return std::nullopt;
    if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
    return text;
  }
  return std::nullopt;
}

// "yyyyMMdd-HH:mm:ss" in UTC: the format of startTime.
std::string IbTime(TimestampUs ts) {
  const DateDays day = DateOfTimestampUtc(ts);
  const CivilDate civil = CivilFromDays(day);
  const int64_t seconds = (ts - static_cast<int64_t>(day) * kMicrosPerDay) / kMicrosPerSecond;
  return fmt::format("{:04d}{:02d}{:02d}-{:02d}:{:02d}:{:02d}", civil.year, civil.month, civil.day, seconds / 3600,
                     seconds / 60 % 60, seconds % 60);
}

// "ibkr: what" → "ibkr AAPL: what", so every error names the provider and the ticker once.
Status WithTicker(const Status& status, const std::string& ticker) {
  return Reprefix(status, kProvider, fmt::format("ibkr {}: ", ticker));
}

}  // namespace

Result<std::string> ParseIbkrConid(std::string_view body, const std::string& symbol) {
  QTP_ASSIGN_OR_RETURN(const json doc, ParseJsonReply(body, kProvider));
  if (std::optional<Status> error = ErrorReply(doc)) return *error;
  if (!doc.is_array()) return Invalid(fmt::format("secdef/search reply is not a JSON array: {}", Truncated(body)));
  const std::string wanted = Upper(symbol);
  std::optional<std::string> fallback;
  for (const json& entry : doc) {
    if (!entry.is_object()) continue;
    auto sym = entry.find("symbol");
    if (sym == entry.end() || !sym->is_string() || Upper(sym->get_ref<const std::string&>()) != wanted) continue;
    if (!IsStock(entry)) continue;
    std::optional<std::string> conid = ConidOf(entry);
    if (!conid) continue;
    if (IsUsListing(entry)) return *conid;
    if (!fallback) fallback = conid;
  }
  if (fallback) return *fallback;
  return Status::NotFound(fmt::format("ibkr: no stock contract for symbol '{}'", Truncated(symbol, 40)));
}

Result<std::vector<Bar5m>> ParseIbkrHistory(std::string_view body) {
  QTP_ASSIGN_OR_RETURN(const json doc, ParseJsonReply(body, kProvider));
  if (std::optional<Status> error = ErrorReply(doc)) return *error;
  if (!doc.is_object()) return Invalid(fmt::format("history reply is not a JSON object: {}", Truncated(body)));
  // IB's Web API reference (HistoryData): "reported volume = actual volume/100", and replies carry
  // "volumeFactor":100 with fractional v (e.g. 235240.24 for a ~23.5M-share AAPL day), so shares are
  // v × volumeFactor. Older replies without the field are taken as shares (factor 1).
  double volume_factor = 1.0;
  if (auto factor = doc.find("volumeFactor"); factor != doc.end() && !factor->is_null()) {
    QTP_ASSIGN_OR_RETURN(volume_factor, NumberInRange(*factor, kProvider, "'volumeFactor'", 1e-9, 1e6));
  }
  auto data = doc.find("data");
  if (data == doc.end()) return Invalid(fmt::format("history reply has no 'data': {}", Truncated(body)));
  std::vector<Bar5m> bars;
  if (data->is_null()) return bars;
  if (!data->is_array()) return Invalid("'data' is not an array");
  bars.reserve(data->size());
  for (size_t i = 0; i < data->size(); ++i) {
    const json& item = (*data)[i];
    const std::string where = fmt::format("bar {}", i);
    if (!item.is_object()) return Invalid(fmt::format("{} is not an object", where));
    Bar5m bar;
    auto t = item.find("t");
    if (t == item.end()) return Invalid(fmt::format("{} has no 't'", where));
    QTP_ASSIGN_OR_RETURN(const double millis,
                         NumberInRange(*t, kProvider, fmt::format("{} 't'", where), kMinMillis, kMaxMillis));
    if (millis != std::floor(millis)) return Invalid(fmt::format("{} 't' is not whole milliseconds", where));
    bar.ts = static_cast<TimestampUs>(millis) * 1000;
    struct Field {
      const char* key;
      double* out;
      double max;
    };
    for (const Field& f :
         {Field{"o", &bar.open, kMaxPrice}, Field{"h", &bar.high, kMaxPrice}, Field{"l", &bar.low, kMaxPrice},
          Field{"c", &bar.close, kMaxPrice}, Field{"v", &bar.volume, kMaxVolume}}) {
      auto it = item.find(f.key);
      if (it == item.end()) return Invalid(fmt::format("{} has no '{}'", where, f.key));
      QTP_ASSIGN_OR_RETURN(*f.out, NumberInRange(*it, kProvider, fmt::format("{} '{}'", where, f.key), 0.0, f.max));
    }
    bar.volume *= volume_factor;
    bars.push_back(bar);
  }
  return bars;
}

IbkrProvider::IbkrProvider(std::string base_url) : base_url_(std::move(base_url)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

Result<std::string> IbkrProvider::Conid(const std::string& ticker, Fetcher& fetcher, PullResult& result) {
  {
    std::lock_guard lock(mutex_);
    auto it = conids_.find(ticker);
    if (it != conids_.end()) return it->second;
  }
  HttpRequest http;
  http.url = fmt::format("{}/iserver/secdef/search?symbol={}", base_url_, UrlEncode(ticker));
  http.cacheable = true;  // a conid is permanent
  Result<std::string> conid = Status::NotFound("ibkr: no secdef/search reply");
  const Status status = fetcher.Get(http, [&](std::string_view body) -> Status {
    conid = ParseIbkrConid(body, ticker);
    // An unknown symbol is a well-formed reply: accept it (cacheable) and report NotFound below.
    return conid.ok() || conid.status().code() == StatusCode::kNotFound ? Status::OK() : conid.status();
  });
  ++result.requests;
  if (!status.ok()) return WithTicker(status, ticker);
  if (!conid.ok()) return WithTicker(conid.status(), ticker);
  std::lock_guard lock(mutex_);
  conids_[ticker] = *conid;
  return *conid;
}

Result<PullResult> IbkrProvider::Pull(const PullRequest& request, Fetcher& fetcher) {
  const std::string& ticker = request.ticker;
  if (ticker.empty()) return Status::InvalidArgument("ibkr: empty ticker");
  if (request.first > request.last) {
    return Status::InvalidArgument(
        fmt::format("ibkr {}: empty range {} .. {}", ticker, FormatDate(request.first), FormatDate(request.last)));
  }
  const bool daily = request.interval == Interval::kDaily;
  PullResult result;
  result.bars5m.ticker = ticker;
  result.bars1d.ticker = ticker;
  const std::vector<DateDays> days = NyseCalendar::Get().TradingDays(request.first, request.last);
  if (days.empty()) return result;
  QTP_ASSIGN_OR_RETURN(const std::string conid, Conid(ticker, fetcher, result));

  const size_t chunk = daily ? kTradingDaysPerDailyRequest : kTradingDaysPerRequest;
  for (size_t i = 0; i < days.size(); i += chunk) {
    const DateDays window_first = days[i];
    const DateDays window_last = days[std::min(i + chunk, days.size()) - 1];
    // startTime is the END of IB's window: the gateway returns `period` of bars BACKWARD from it (the
    // TWS API's endDateTime semantics, which client libraries of /iserver/marketdata/history and its
    // "direction":-1 default confirm; the reference's "starting date" wording misleads). So the window
    // [window_first 00:00, window_last + 1 00:00) New York is asked as startTime = its end and
    // period = its length in calendar days. A window reaching today has no end yet: ask up to now.
    const bool open_ended = window_last >= request.today;
    if (open_ended && request.today < window_first) break;  // the future has no bars
    const int period_days = (open_ended ? request.today : window_last) + 1 - window_first;
    HttpRequest http;
    http.url = fmt::format("{}/iserver/marketdata/history?conid={}&period={}d&bar={}&outsideRth=false", base_url_,
                           conid, period_days, daily ? "1d" : "5min");
    if (!open_ended) http.url += "&startTime=" + IbTime(NyseCalendar::ExchangeTimeToUtc(window_last + 1, 0));
    http.cacheable = !open_ended;
    std::vector<Bar5m> bars;
    const Status status = fetcher.Get(http, KeepParsed(&bars, ParseIbkrHistory));
    ++result.requests;
    if (!status.ok()) return WithTicker(status, ticker);
    // Keep each window's own dates: IB may count the period differently (trading vs calendar days),
    // and windows must not overlap.
    for (const Bar5m& bar : bars) {
      const DateDays date = NyseCalendar::ExchangeDate(bar.ts);
      if (date < window_first || date > window_last) continue;
      if (daily) {
        result.bars1d.push_back(DailyBarOf(bar), kSource);  // vwap: NaN, IB serves none
      } else {
        result.bars5m.push_back(bar, kSource);
      }
    }
  }
  return result;
}

}  // namespace qtp::providers
