#include "qtp/data/providers/alpaca.h"

#include <cmath>
#include <optional>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/data/providers/wire_format.h"

namespace qtp::providers {

namespace {

using nlohmann::json;

constexpr const char* kProvider = AlpacaProvider::kName;
// Prices beyond this are not a US stock's (Berkshire A trades near 1e6); bigger is a broken reply.
constexpr double kMaxPrice = 1e8;
constexpr double kMaxVolume = 1e13;
// Bar times outside [1900, 2200) are not market data.
constexpr TimestampUs kMinTime = static_cast<TimestampUs>(DaysFromCivil(1900, 1, 1)) * kMicrosPerDay;
constexpr TimestampUs kMaxTime = static_cast<TimestampUs>(DaysFromCivil(2200, 1, 1)) * kMicrosPerDay;

Status Invalid(const std::string& what) { return Status::InvalidArgument(fmt::format("alpaca: {}", what)); }

unsigned DaysInMonth(int year, int month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::optional<TimestampUs> ParseTime(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(text, 0, 4, &year) || text.size() < 19 || text[4] != '-' || !ReadDigits(text, 5, 2, &month) ||
      text[7] != '-' || !ReadDigits(text, 8, 2, &day) || (text[10] != 'T' && text[10] != 't') ||
      !ReadDigits(text, 11, 2, &hour) || text[13] != ':' || !ReadDigits(text, 14, 2, &minute) || text[16] != ':' ||
      !ReadDigits(text, 17, 2, &second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || static_cast<unsigned>(day) > DaysInMonth(year, month) || hour > 23 ||
      minute > 59 || second > 59) {
    return std::nullopt;
  }
  size_t pos = 19;
  int64_t micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    size_t digits = 0;
    int64_t scale = 100000;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (++digits > 9) return std::nullopt;
      micros += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
  }
  int64_t offset_seconds = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int oh = 0, om = 0;
    if (!ReadDigits(text, pos + 1, 2, &oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !ReadDigits(text, pos + 4, 2, &om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_seconds = (text[pos] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    pos += 6;
  } else {
    return std::nullopt;  // RFC 3339 requires a zone; a naive time would be ambiguous
  }
  if (pos != text.size()) return std::nullopt;
  const int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  const TimestampUs ts = seconds * kMicrosPerSecond + micros;
  // Bound the instant, not the written year, so that every accepted time survives FormatTimestampUtc.
  if (ts < kMinTime || ts >= kMaxTime) return std::nullopt;
  return ts;
}

Result<Bar5m> ParseBar(const json& item, size_t index) {
  const std::string where = fmt::format("bar {}", index);
  if (!item.is_object()) return Invalid(fmt::format("{} is not an object", where));
  Bar5m bar;
  auto t = item.find("t");
  if (t == item.end()) return Invalid(fmt::format("{} has no 't'", where));
  if (!t->is_string()) return Invalid(fmt::format("{} has a non-string 't'", where));
  const std::string& text = t->get_ref<const std::string&>();
  const std::optional<TimestampUs> ts = ParseTime(text);
  if (!ts) return Invalid(fmt::format("{} has a bad RFC-3339 't': '{}'", where, Truncated(text, 40)));
  bar.ts = *ts;
  struct Field {
    const char* key;
    double* out;
  };
  for (const Field& f : {Field{"o", &bar.open}, Field{"h", &bar.high}, Field{"l", &bar.low}, Field{"c", &bar.close}}) {
    auto it = item.find(f.key);
    if (it == item.end()) return Invalid(fmt::format("{} has no '{}'", where, f.key));
    QTP_ASSIGN_OR_RETURN(*f.out, NumberInRange(*it, kProvider, fmt::format("{} '{}'", where, f.key), 0.0, kMaxPrice));
  }
  auto v = item.find("v");
  if (v == item.end()) return Invalid(fmt::format("{} has no 'v'", where));
  QTP_ASSIGN_OR_RETURN(bar.volume, NumberInRange(*v, kProvider, fmt::format("{} 'v'", where), 0.0, kMaxVolume));
  // vw and n are optional: older replies and some feeds omit them.
  if (auto vw = item.find("vw"); vw != item.end() && !vw->is_null()) {
    QTP_ASSIGN_OR_RETURN(bar.vwap, NumberInRange(*vw, kProvider, fmt::format("{} 'vw'", where), 0.0, kMaxPrice));
  }
  if (auto n = item.find("n"); n != item.end() && !n->is_null()) {
    QTP_ASSIGN_OR_RETURN(const double count, NumberInRange(*n, kProvider, fmt::format("{} 'n'", where), 0.0, 1e15));
    if (count != std::floor(count)) return Invalid(fmt::format("{} 'n' is not an integer: {}", where, count));
    bar.trade_count = static_cast<int64_t>(count);
  }
  return bar;
}

// RFC-3339 as Alpaca wants it in start/end: whole seconds, UTC, "Z".
std::string Rfc3339(TimestampUs ts) { return FormatTimestampUtc(ts - ts % kMicrosPerSecond); }

}  // namespace

Result<TimestampUs> ParseAlpacaTimestamp(std::string_view text) {
  const std::optional<TimestampUs> ts = ParseTime(text);
  if (!ts) return Invalid(fmt::format("bad RFC-3339 time '{}'", Truncated(text, 40)));
  return *ts;
}

Result<AlpacaBarsPage> ParseAlpacaBarsPage(std::string_view body) {
  QTP_ASSIGN_OR_RETURN(const json doc, ParseJsonReply(body, kProvider));
  if (!doc.is_object()) return Invalid(fmt::format("reply is not a JSON object: {}", Truncated(body)));
  auto bars = doc.find("bars");
  if (bars == doc.end()) {
    // Alpaca's error shape: {"code": 42210000, "message": "invalid start"} (or just {"message": ...}).
    auto message = doc.find("message");
    if (message != doc.end()) {
      std::string text = JsonText(*message);
      auto code = doc.find("code");
      if (code != doc.end() && (code->is_number() || code->is_string())) {
        text += fmt::format(" (code {})", JsonText(*code));
      }
      return Invalid(fmt::format("error reply: {}", Truncated(text)));
    }
    return Invalid(fmt::format("reply has no 'bars': {}", Truncated(body)));
  }
  AlpacaBarsPage page;
  if (auto symbol = doc.find("symbol"); symbol != doc.end() && !symbol->is_null()) {
    if (!symbol->is_string()) return Invalid("'symbol' is not a string");
    page.symbol = symbol->get<std::string>();
  }
  if (auto token = doc.find("next_page_token"); token != doc.end() && !token->is_null()) {
    if (!token->is_string()) return Invalid("'next_page_token' is not a string");
    page.next_page_token = token->get<std::string>();
  }
  if (bars->is_null()) return page;  // no data in the range
  if (bars->is_object()) return Invalid("'bars' is an object (a multi-symbol reply, not /v2/stocks/{symbol}/bars)");
  if (!bars->is_array()) return Invalid("'bars' is not an array");
  page.bars.reserve(bars->size());
  for (size_t i = 0; i < bars->size(); ++i) {
    QTP_ASSIGN_OR_RETURN(Bar5m bar, ParseBar((*bars)[i], i));
    page.bars.push_back(bar);
  }
  return page;
}

AlpacaProvider::AlpacaProvider(std::string base_url, std::string key_id, std::string secret_key, std::string feed)
    : base_url_(std::move(base_url)),
      key_id_(std::move(key_id)),
      secret_key_(std::move(secret_key)),
      feed_(std::move(feed)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
  if (feed_.empty()) feed_ = "iex";
}

Result<PullResult> AlpacaProvider::Pull(const PullRequest& request, Fetcher& fetcher) {
  const std::string& ticker = request.ticker;
  if (ticker.empty()) return Status::InvalidArgument("alpaca: empty ticker");
  if (request.first > request.last) {
    return Status::InvalidArgument(
        fmt::format("alpaca {}: empty range {} .. {}", ticker, FormatDate(request.first), FormatDate(request.last)));
  }
  const bool daily = request.interval == Interval::kDaily;
  // Both ends are inclusive at Alpaca: end is the last second of `last` in New York.
  const TimestampUs start = NyseCalendar::ExchangeTimeToUtc(request.first, 0);
  const TimestampUs end = NyseCalendar::ExchangeTimeToUtc(request.last + 1, 0) - kMicrosPerSecond;
  const std::string base_query = fmt::format(
      "{}/v2/stocks/{}/bars?timeframe={}&start={}&end={}&limit={}&adjustment=raw&feed={}&sort=asc", base_url_,
      UrlEncode(ticker), daily ? "1Day" : "5Min", Rfc3339(start), Rfc3339(end), kPageLimit, UrlEncode(feed_));

  PullResult result;
  result.bars5m.ticker = ticker;
  result.bars1d.ticker = ticker;
  std::set<std::string> tokens_seen;
  std::string token;
  while (true) {
    HttpRequest http;
    http.url = token.empty() ? base_query : base_query + "&page_token=" + UrlEncode(token);
    http.headers = {{"APCA-API-KEY-ID", key_id_}, {"APCA-API-SECRET-KEY", secret_key_}};
    http.cacheable = request.last < request.today;
    AlpacaBarsPage page;
    const Status status = fetcher.Get(http, KeepParsed(&page, ParseAlpacaBarsPage));
    ++result.requests;
    if (!status.ok()) return Reprefix(status, kProvider, fmt::format("alpaca {}: ", ticker));
    if (!page.symbol.empty() && Upper(page.symbol) != Upper(ticker)) {
      return Status::InvalidArgument(fmt::format("alpaca {}: reply is for symbol '{}'", ticker, page.symbol));
    }
    for (const Bar5m& bar : page.bars) {
      if (daily) {
        result.bars1d.push_back(DailyBarOf(bar), kName);
      } else {
        result.bars5m.push_back(bar, kName);
      }
    }
    if (page.next_page_token.empty()) break;
    // A token served twice would loop forever: a broken reply, not a long range.
    if (!tokens_seen.insert(page.next_page_token).second) {
      return Status::InvalidArgument(
          fmt::format("alpaca {}: next_page_token '{}' repeats", ticker, Truncated(page.next_page_token, 80)));
    }
    token = page.next_page_token;
  }
  return result;
}

}  // namespace qtp::providers
