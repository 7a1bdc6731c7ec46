// Yahoo Finance chart API v8 as the connector meets it (yahoo.h): GET /v8/finance/chart/:symbol with
// period1/period2 (UNIX seconds, period2 exclusive) and interval=5m|1d, answered with the recorded
// body shape (shared/data/api_fixtures/yahoo_v8_chart): UNIX-second bar starts, parallel quote
// arrays, daily bars stamped 09:30 New York, and `meta` without `timestamp` when there is no bar.
// Every bar FakeBars5m has is served (pre/post-market included) so run_ingest's RTH filter is
// exercised; the 60-day intraday limit is the connector's to enforce (tests pick "today").
#include <cstdint>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "qtp/calendar/nyse_calendar.h"
#include "test_util/fake_provider_server.h"

namespace qtp::testing {

namespace {

using nlohmann::json;

void YahooError(httplib::Response& res, int status, const std::string& code, const std::string& description) {
  json body = {{"chart", {{"result", nullptr}, {"error", {{"code", code}, {"description", description}}}}}};
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

bool ParseSeconds(const std::string& text, int64_t* out) {
  if (text.empty() || text.size() > 12) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  *out = std::stoll(text);
  return true;
}

}  // namespace

void RegisterFakeYahoo(httplib::Server& server, FakeProviderServer& state) {
  server.Get(R"(/v8/finance/chart/([^/]+))", [&state](const httplib::Request& req, httplib::Response& res) {
    bool malformed = false;
    if (state.Begin("yahoo", req, res, &malformed)) return;
    const std::string symbol = req.matches[1];
    int64_t period1 = 0;
    int64_t period2 = 0;
    if (!ParseSeconds(req.get_param_value("period1"), &period1) ||
        !ParseSeconds(req.get_param_value("period2"), &period2) || period2 <= period1) {
      YahooError(res, 422, "Unprocessable Entity", "Invalid input - period1/period2 missing or out of order");
      return;
    }
    const std::string interval = req.get_param_value("interval");
    if (interval != "5m" && interval != "1d") {
      YahooError(res, 422, "Unprocessable Entity", "Invalid input - interval=" + interval + " is not supported.");
      return;
    }
    const TimestampUs begin = period1 * kMicrosPerSecond;
    const TimestampUs end = period2 * kMicrosPerSecond;  // exclusive
    const DateDays first = NyseCalendar::ExchangeDate(begin);
    const DateDays last = NyseCalendar::ExchangeDate(end - 1);

    json timestamps = json::array();
    json open = json::array(), high = json::array(), low = json::array(), close = json::array(), volume = json::array();
    if (interval == "5m") {
      for (const FakeBar& bar : state.Bars5m("yahoo", symbol, first, last)) {
        if (bar.start_utc < begin || bar.start_utc >= end) continue;
        timestamps.push_back(bar.start_utc / kMicrosPerSecond);
        open.push_back(bar.open);
        high.push_back(bar.high);
        low.push_back(bar.low);
        close.push_back(bar.close);
        volume.push_back(bar.volume);
      }
    } else {
      for (const FakeDailyBar& bar : FakeBars1d(symbol, first, last)) {
        const TimestampUs stamp = NyseCalendar::ExchangeTimeToUtc(bar.date, NyseCalendar::kRegularOpenMinute);
        if (stamp < begin || stamp >= end) continue;
        timestamps.push_back(stamp / kMicrosPerSecond);
        open.push_back(bar.open);
        high.push_back(bar.high);
        low.push_back(bar.low);
        close.push_back(bar.close);
        volume.push_back(bar.volume);
      }
    }

    json meta = {{"currency", "USD"},           {"symbol", symbol},  {"exchangeName", "NMS"},
                 {"instrumentType", "EQUITY"},  {"timezone", "EST"}, {"exchangeTimezoneName", "America/New_York"},
                 {"dataGranularity", interval}, {"range", ""}};
    json result = {{"meta", meta}};
    if (timestamps.empty()) {
      result["indicators"] = {{"quote", json::array({json::object()})}};  // the real weekend/holiday reply
    } else {
      json quote = {{"open", open}, {"high", high}, {"low", low}, {"close", close}, {"volume", volume}};
      result["timestamp"] = timestamps;
      result["indicators"] = {{"quote", json::array({quote})}};
      if (interval == "1d") result["indicators"]["adjclose"] = json::array({{{"adjclose", close}}});
    }
    json body = {{"chart", {{"result", json::array({result})}, {"error", nullptr}}}};
    FakeProviderServer::Reply(res, body.dump(), "application/json;charset=utf-8", malformed);
  });
}

}  // namespace qtp::testing
