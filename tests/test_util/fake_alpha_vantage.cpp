// Alpha Vantage TIME_SERIES_INTRADAY as the connector meets it (alpha_vantage.h): GET /query with
// function, symbol, interval=5min, month=YYYY-MM and apikey; answers in HTTP 200 like the real API,
// errors included. The body is the documented JSON: "Meta Data" + "Time Series (5min)" keyed by
// US/Eastern wall clock, newest first, values as 4-decimal strings. Keys are bar STARTS, as the
// current API stamps them (see the BAR LABEL note in alpha_vantage.cpp). Every bar FakeBars5m has is
// served (pre/post-market included, whatever extended_hours says) so run_ingest's RTH filter is
// exercised.
#include <string>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "qtp/calendar/nyse_calendar.h"
#include "test_util/fake_provider_server.h"

namespace qtp::testing {

namespace {

// The real replies, verbatim.
constexpr const char* kMissingKeyBody =
    "{\n    \"Error Message\": \"the parameter apikey is invalid or missing. Please claim your free API key on "
    "(https://www.alphavantage.co/support/#api-key). It should take less than 20 seconds.\"\n}";
constexpr const char* kInvalidCallBody =
    "{\n    \"Error Message\": \"Invalid API call. Please retry or visit the documentation "
    "(https://www.alphavantage.co/documentation/) for TIME_SERIES_INTRADAY.\"\n}";

std::string EasternWallClock(TimestampUs ts) {
  const CivilDate d = CivilFromDays(NyseCalendar::ExchangeDate(ts));
  const int minute = NyseCalendar::ExchangeMinuteOfDay(ts);
  return fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d}:00", d.year, d.month, d.day, minute / 60, minute % 60);
}

// "YYYY-MM" → first day of that month; false otherwise.
bool ParseMonth(const std::string& text, DateDays* first) {
  if (text.size() != 7 || text[4] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const int year = std::stoi(text.substr(0, 4));
  const unsigned month = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
  if (year < 2000 || month < 1 || month > 12) return false;
  *first = DaysFromCivil(year, month, 1);
  return true;
}

}  // namespace

void RegisterFakeAlphaVantage(httplib::Server& server, FakeProviderServer& state) {
  server.Get("/query", [&state](const httplib::Request& req, httplib::Response& res) {
    bool malformed = false;
    if (state.Begin("alpha_vantage", req, res, &malformed)) return;
    if (req.get_param_value("apikey") != FakeProviderServer::kAlphaVantageKey) {
      FakeProviderServer::Reply(res, kMissingKeyBody, "application/json", malformed);
      return;
    }
    const std::string symbol = req.get_param_value("symbol");
    DateDays month_first = 0;
    if (req.get_param_value("function") != "TIME_SERIES_INTRADAY" || req.get_param_value("interval") != "5min" ||
        symbol.empty() || !ParseMonth(req.get_param_value("month"), &month_first)) {
      FakeProviderServer::Reply(res, kInvalidCallBody, "application/json", malformed);
      return;
    }
    const CivilDate m = CivilFromDays(month_first);
    const DateDays month_last =
        (m.month == 12 ? DaysFromCivil(m.year + 1, 1, 1) : DaysFromCivil(m.year, m.month + 1, 1)) - 1;
    const std::vector<FakeBar> bars = state.Bars5m("alpha_vantage", symbol, month_first, month_last);

    const std::string quoted_symbol = nlohmann::json(symbol).dump();
    std::string series;
    for (auto it = bars.rbegin(); it != bars.rend(); ++it) {  // newest first
      series += fmt::format(
          "{}        \"{}\": {{\n            \"1. open\": \"{:.4f}\",\n            \"2. high\": \"{:.4f}\",\n"
          "            \"3. low\": \"{:.4f}\",\n            \"4. close\": \"{:.4f}\",\n"
          "            \"5. volume\": \"{:.0f}\"\n        }}",
          series.empty() ? "" : ",\n", EasternWallClock(it->start_utc), it->open, it->high, it->low, it->close,
          it->volume);
    }
    const std::string last_refreshed =
        bars.empty() ? fmt::format("{:04d}-{:02d}-01", m.year, m.month) : EasternWallClock(bars.back().start_utc);
    const std::string body = fmt::format(
        "{{\n    \"Meta Data\": {{\n        \"1. Information\": \"Intraday (5min) open, high, low, close prices and "
        "volume\",\n        \"2. Symbol\": {},\n        \"3. Last Refreshed\": \"{}\",\n        \"4. Interval\": "
        "\"5min\",\n        \"5. Output Size\": \"Full size\",\n        \"6. Time Zone\": \"US/Eastern\"\n    }},\n"
        "    \"Time Series (5min)\": {{\n{}\n    }}\n}}",
        quoted_symbol, last_refreshed, series);
    FakeProviderServer::Reply(res, body, "application/json", malformed);
  });
}

}  // namespace qtp::testing
