// Interactive Brokers Client Portal Web API stand-in (base_url() + "/v1/api"):
//   GET /v1/api/iserver/secdef/search?symbol=X      → contracts like the gateway's (US listing first,
//                                                     then a foreign listing of the same symbol)
//   GET /v1/api/iserver/marketdata/history?conid=..&period=<N>d|<N>w|<N>h|<N>min&bar=5min|1d
//       [&startTime=yyyyMMdd-HH:mm:ss][&outsideRth=true|false]
//     → bars START-stamped in epoch ms, covering [startTime - period, startTime) (startTime is the END
//       of the window, as at IB; "now" when absent), volumes divided by volumeFactor 100, regular
//       session only unless outsideRth=true, more than 1000 points refused.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "qtp/calendar/nyse_calendar.h"
#include "test_util/fake_provider_server.h"

namespace qtp::testing {

namespace {

using nlohmann::json;

constexpr int kMaxPoints = 1000;
constexpr double kVolumeFactor = 100.0;
// conid = symbol written in base 40 over this alphabet (reversible, so the fake needs no state), plus
// an offset so conids look like IB's.
constexpr char kConidAlphabet[] = " ABCDEFGHIJKLMNOPQRSTUVWXYZ.-0123456789";
constexpr int64_t kConidBase = 40;
constexpr int64_t kConidOffset = 10'000;
constexpr int64_t kForeignConidOffset = 7'000'000'000'000LL;  // the same symbol's foreign listing

std::optional<int64_t> ConidOfSymbol(const std::string& symbol) {
  if (symbol.empty() || symbol.size() > 7) return std::nullopt;
  int64_t value = 0;
  for (char c : symbol) {
    const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const char* p = std::find(kConidAlphabet + 1, kConidAlphabet + kConidBase - 1, upper);
    if (p == kConidAlphabet + kConidBase - 1) return std::nullopt;
    value = value * kConidBase + (p - kConidAlphabet);
  }
  return value + kConidOffset;
}

std::optional<std::string> SymbolOfConid(const std::string& text) {
  int64_t value = 0;
  try {
    size_t used = 0;
    value = std::stoll(text, &used);
    if (used != text.size()) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  value -= kConidOffset;
  if (value <= 0) return std::nullopt;
  std::string symbol;
  while (value > 0) {
    const int64_t digit = value % kConidBase;
    if (digit == 0 || digit >= kConidBase - 1) return std::nullopt;
    symbol.insert(symbol.begin(), kConidAlphabet[digit]);
    value /= kConidBase;
  }
  return symbol;
}

void Error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  json body = {{"error", message}, {"statusCode", status}};
  res.set_content(body.dump(), "application/json");
}

// "yyyyMMdd-HH:mm:ss" (UTC).
std::optional<TimestampUs> ParseIbTime(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (text.size() != 17 || std::sscanf(text.c_str(), "%4d%2d%2d-%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return std::nullopt;
  return UtcOfCivil(y, mo, d, h, mi, s);
}

std::string FormatIbTime(TimestampUs ts) {
  const DateDays day = DateOfTimestampUtc(ts);
  const CivilDate c = CivilFromDays(day);
  const int64_t sec = (ts - static_cast<int64_t>(day) * kMicrosPerDay) / kMicrosPerSecond;
  return fmt::format("{:04d}{:02d}{:02d}-{:02d}:{:02d}:{:02d}", c.year, c.month, c.day, sec / 3600, sec / 60 % 60,
                     sec % 60);
}

// "<N>min" | "<N>h" | "<N>d" | "<N>w" → microseconds (IB's calendar reading, which the fake assumes).
std::optional<int64_t> ParsePeriod(const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 4) return std::nullopt;
  const int64_t n = std::stoll(text.substr(0, digits));
  const std::string unit = text.substr(digits);
  if (n <= 0) return std::nullopt;
  if (unit == "min") return n * kMicrosPerMinute;
  if (unit == "h") return n * 60 * kMicrosPerMinute;
  if (unit == "d") return n * kMicrosPerDay;
  if (unit == "w") return n * 7 * kMicrosPerDay;
  return std::nullopt;
}

void HandleSearch(const httplib::Request& req, httplib::Response& res, FakeProviderServer& state) {
  bool malformed = false;
  if (state.Begin("ibkr", req, res, &malformed)) return;
  const std::string symbol = req.get_param_value("symbol");
  if (symbol.empty()) return Error(res, 400, "Bad Request: symbol required");
  const std::optional<int64_t> conid = ConidOfSymbol(symbol);
  json body = json::array();
  if (conid) {
    const std::string name = fmt::format("{} INC", symbol);
    // The gateway sends conid as a string here (numbers elsewhere); the US listing comes first.
    body.push_back(
        {{"conid", std::to_string(*conid)},
         {"companyHeader", fmt::format("{} - NASDAQ", name)},
         {"companyName", name},
         {"symbol", symbol},
         {"description", "NASDAQ"},
         {"restricted", nullptr},
         {"fop", nullptr},
         {"opt", "20260116;20260220"},
         {"war", nullptr},
         {"sections", json::array({{{"secType", "STK"}},
                                   {{"secType", "OPT"}, {"months", "JAN26;FEB26"}, {"exchange", "SMART"}}})}});
    body.push_back({{"conid", std::to_string(*conid + kForeignConidOffset)},
                    {"companyHeader", fmt::format("{} - MEXI", name)},
                    {"companyName", name},
                    {"symbol", symbol},
                    {"description", "MEXI"},
                    {"restricted", nullptr},
                    {"sections", json::array({{{"secType", "STK"}}})}});
  }
  FakeProviderServer::Reply(res, body.dump(), "application/json", malformed);
}

void HandleHistory(const httplib::Request& req, httplib::Response& res, FakeProviderServer& state) {
  bool malformed = false;
  if (state.Begin("ibkr", req, res, &malformed)) return;
  const std::optional<std::string> symbol = SymbolOfConid(req.get_param_value("conid"));
  if (!symbol) return Error(res, 400, "Invalid conid");
  const std::string bar = req.get_param_value("bar");
  if (bar != "5min" && bar != "1d") return Error(res, 400, "Invalid bar size (the fake serves 5min and 1d)");
  const std::string period_text = req.has_param("period") ? req.get_param_value("period") : "1w";
  const std::optional<int64_t> period = ParsePeriod(period_text);
  if (!period) return Error(res, 400, "Invalid period");
  TimestampUs end = 0;
  if (req.has_param("startTime")) {
    const std::optional<TimestampUs> t = ParseIbTime(req.get_param_value("startTime"));
    if (!t) return Error(res, 400, "Invalid startTime");
    end = *t;
  } else {
    end = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
              .count();
  }
  const bool outside_rth = req.get_param_value("outsideRth") == "true";
  const TimestampUs begin = end - *period;
  const DateDays first = NyseCalendar::ExchangeDate(begin);
  const DateDays last = NyseCalendar::ExchangeDate(end);
  const NyseCalendar& calendar = NyseCalendar::Get();

  const bool intraday = bar == "5min";
  // IB stamps daily bars at the session open.
  std::vector<ServedBar> bars =
      intraday ? state.ServedBars5m("ibkr", *symbol, first, last)
               : FakeProviderServer::ServedBars1d(
                     *symbol, first, last, [&calendar](DateDays date) { return calendar.Session(date)->open_utc; });
  std::erase_if(bars, [&](const ServedBar& b) {
    return b.ts < begin || b.ts >= end || (intraday && !outside_rth && !calendar.IsRegularSessionBar(b.ts));
  });
  if (bars.size() > static_cast<size_t>(kMaxPoints)) {
    return Error(res, 400, fmt::format("Too many data points requested ({} > {})", bars.size(), kMaxPoints));
  }

  json data = json::array();
  double high = 0, low = 0;
  for (const ServedBar& b : bars) {
    // IB reports volume in units of volumeFactor (round lots for US stocks), fractional when needed.
    data.push_back({{"o", b.open},
                    {"c", b.close},
                    {"h", b.high},
                    {"l", b.low},
                    {"v", b.volume / kVolumeFactor},
                    {"t", b.ts / 1000}});
    high = std::max(high, b.high);
    low = low == 0 ? b.low : std::min(low, b.low);
  }
  json body;
  body["serverId"] = "20477";
  body["symbol"] = *symbol;
  body["text"] = fmt::format("{} INC", *symbol);
  body["priceFactor"] = 100;
  body["startTime"] = FormatIbTime(bars.empty() ? begin : bars.front().ts);
  body["high"] = fmt::format("{}/0/0", std::llround(high * 100));
  body["low"] = fmt::format("{}/0/0", std::llround(low * 100));
  body["timePeriod"] = period_text;
  body["barLength"] = bar == "5min" ? 300 : 86400;
  body["mdAvailability"] = "S";
  body["mktDataDelay"] = 0;
  body["outsideRth"] = outside_rth;
  body["volumeFactor"] = static_cast<int>(kVolumeFactor);
  body["priceDisplayRule"] = 1;
  body["priceDisplayValue"] = "2";
  body["negativeCapable"] = false;
  body["messageVersion"] = 2;
  body["data"] = std::move(data);
  body["points"] = bars.empty() ? 0 : static_cast<int>(bars.size()) - 1;  // IB counts from 0
  body["travelTime"] = 12;
  FakeProviderServer::Reply(res, body.dump(), "application/json", malformed);
}

}  // namespace

void RegisterFakeIbkr(httplib::Server& server, FakeProviderServer& state) {
  server.Get("/v1/api/iserver/secdef/search",
             [&state](const httplib::Request& req, httplib::Response& res) { HandleSearch(req, res, state); });
  server.Get("/v1/api/iserver/marketdata/history",
             [&state](const httplib::Request& req, httplib::Response& res) { HandleHistory(req, res, state); });
}

}  // namespace qtp::testing
