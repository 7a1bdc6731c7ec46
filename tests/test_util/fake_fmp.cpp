// Financial Modeling Prep v3 charts as the connector meets them (fmp.h):
//   GET /api/v3/historical-chart/5min/:symbol?from=&to=&apikey=  → [{"date":"YYYY-MM-DD HH:MM:SS"
//       (US/Eastern, bar start), "open","low","high","close","volume"}, ...] newest first
//   GET /api/v3/historical-price-full/:symbol?from=&to=&apikey=  → {"symbol","historical":[...]} newest
//       first, in the recorded fixture's field order
// A wrong key gets FMP's 401 with its real error body. Every bar FakeBars5m has is served (pre/post-
// market included) so run_ingest's RTH filter is exercised.
#include <string>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "qtp/calendar/nyse_calendar.h"
#include "test_util/fake_provider_server.h"

namespace qtp::testing {

namespace {

using nlohmann::ordered_json;

constexpr const char* kInvalidKeyBody =
    "{\n  \"Error Message\": \"Invalid API KEY. Feel free to create a Free API Key or visit "
    "https://site.financialmodelingprep.com/faqs?search=why-is-my-api-key-invalid for more information.\"\n}";

// Checks the key and reads from/to; false when the response was already written.
bool Prelude(FakeProviderServer& state, const httplib::Request& req, httplib::Response& res, bool* malformed,
             DateDays* from, DateDays* to) {
  if (state.Begin("fmp", req, res, malformed)) return false;
  if (req.get_param_value("apikey") != FakeProviderServer::kFmpKey) {
    res.status = 401;
    res.set_content(kInvalidKeyBody, "application/json");
    return false;
  }
  Result<DateDays> f = ParseDate(req.get_param_value("from"));
  Result<DateDays> t = ParseDate(req.get_param_value("to"));
  if (!f.ok() || !t.ok()) {
    res.status = 400;
    res.set_content(R"({"Error Message": "from and to must be YYYY-MM-DD"})", "application/json");
    return false;
  }
  *from = *f;
  *to = *t;
  return true;
}

}  // namespace

void RegisterFakeFmp(httplib::Server& server, FakeProviderServer& state) {
  server.Get(R"(/api/v3/historical-chart/5min/([^/]+))", [&state](const httplib::Request& req, httplib::Response& res) {
    bool malformed = false;
    DateDays from = 0, to = 0;
    if (!Prelude(state, req, res, &malformed, &from, &to)) return;
    const std::string symbol = req.matches[1];
    const std::vector<FakeBar> bars = state.Bars5m("fmp", symbol, from, to);
    ordered_json rows = ordered_json::array();
    for (auto it = bars.rbegin(); it != bars.rend(); ++it) {  // newest first
      const CivilDate d = CivilFromDays(NyseCalendar::ExchangeDate(it->start_utc));
      const int minute = NyseCalendar::ExchangeMinuteOfDay(it->start_utc);
      rows.push_back({{"date", fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d}:00", d.year, d.month, d.day, minute / 60,
                                           minute % 60)},
                      {"open", it->open},
                      {"low", it->low},
                      {"high", it->high},
                      {"close", it->close},
                      {"volume", it->volume}});
    }
    FakeProviderServer::Reply(res, rows.dump(), "application/json", malformed);
  });

  server.Get(R"(/api/v3/historical-price-full/([^/]+))", [&state](const httplib::Request& req, httplib::Response& res) {
    bool malformed = false;
    DateDays from = 0, to = 0;
    if (!Prelude(state, req, res, &malformed, &from, &to)) return;
    const std::string symbol = req.matches[1];
    const std::vector<FakeDailyBar> days = FakeBars1d(symbol, from, to);
    ordered_json historical = ordered_json::array();
    for (auto it = days.rbegin(); it != days.rend(); ++it) {  // newest first
      const double change = it->close - it->open;
      historical.push_back({{"date", FormatDate(it->date)},
                            {"open", it->open},
                            {"high", it->high},
                            {"low", it->low},
                            {"close", it->close},
                            {"adjClose", it->close},
                            {"volume", it->volume},
                            {"unadjustedVolume", it->volume},
                            {"change", change},
                            {"changePercent", it->open > 0 ? 100.0 * change / it->open : 0.0},
                            {"vwap", (it->high + it->low + it->close) / 3.0},
                            {"label", FormatDate(it->date)},
                            {"changeOverTime", it->open > 0 ? change / it->open : 0.0}});
    }
    // FMP answers {} when it has nothing for the symbol and range.
    ordered_json body = ordered_json::object();
    if (!historical.empty()) body = {{"symbol", symbol}, {"historical", historical}};
    FakeProviderServer::Reply(res, body.dump(), "application/json", malformed);
  });
}

}  // namespace qtp::testing
