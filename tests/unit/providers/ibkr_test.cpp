#include "qtp/data/providers/ibkr.h"

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "provider_test_util.h"
#include "qtp/calendar/nyse_calendar.h"
#include "test_util/direct_fetcher.h"
#include "test_util/fake_provider_server.h"

namespace qtp::providers {
namespace {

using qtp::testing::FakeProviderServer;

// IB reports volume in units of volumeFactor (100 shares), so shares come back as v * 100.
constexpr double kVolumeTolerance = 1e-6;

// A fake server with an IBKR connector on its gateway path.
struct FakeIbkr : FakePull<IbkrProvider> {
  FakeIbkr() : FakePull("/v1/api") {}
};

std::vector<qtp::testing::FakeBar> RegularSession(const std::vector<qtp::testing::FakeBar>& bars) {
  std::vector<qtp::testing::FakeBar> out;
  for (const auto& bar : bars) {
    if (NyseCalendar::Get().IsRegularSessionBar(bar.start_utc)) out.push_back(bar);
  }
  return out;
}

// --- conid lookup ------------------------------------------------------------------------------------

// The shape of IBKR's documented secdef/search example (conid as a string, sections with secTypes).
constexpr const char* kAaplSearch = R"([
  {"conid":"265598","companyHeader":"APPLE INC - NASDAQ","companyName":"APPLE INC","symbol":"AAPL",
   "description":"NASDAQ","restricted":null,"fop":null,"opt":"20260116;20260220","war":null,
   "sections":[{"secType":"STK"},{"secType":"OPT","months":"JAN26;FEB26","exchange":"SMART;AMEX"}]},
  {"conid":"38708077","companyHeader":"APPLE INC - MEXI","companyName":"APPLE INC","symbol":"AAPL",
   "description":"MEXI","restricted":null,"sections":[{"secType":"STK"}]}
])";

TEST(IbkrParser, ConidOfTheDocumentedSearchReply) {
  Result<std::string> conid = ParseIbkrConid(kAaplSearch, "AAPL");
  ASSERT_TRUE(conid.ok()) << conid.status().ToString();
  EXPECT_EQ(*conid, "265598");
  Result<std::string> lower = ParseIbkrConid(kAaplSearch, "aapl");
  ASSERT_TRUE(lower.ok());
  EXPECT_EQ(*lower, "265598");
}

TEST(IbkrParser, ConidPrefersAUsListedStockOfTheSameSymbol) {
  const char* body = R"([
    {"conid":111,"symbol":"AAPLX","description":"NASDAQ","sections":[{"secType":"STK"}]},
    {"conid":222,"symbol":"AAPL","description":"NASDAQ","sections":[{"secType":"IND"}]},
    {"conid":333,"symbol":"AAPL","description":"MEXI","sections":[{"secType":"STK"}]},
    {"conid":"abc","symbol":"AAPL","description":"NYSE","secType":"STK"},
    {"conid":-1,"symbol":"AAPL","description":"NYSE","secType":"STK"},
    {"conid":444,"symbol":"AAPL","description":"NYSE","secType":"STK"},
    {"conid":555,"symbol":"AAPL","description":"NASDAQ","secType":"STK"}
  ])";
  Result<std::string> conid = ParseIbkrConid(body, "AAPL");
  ASSERT_TRUE(conid.ok()) << conid.status().ToString();
  EXPECT_EQ(*conid, "444");  // numeric conid, top-level secType, first US listing
  // Only a foreign listing: better than nothing (the first matching stock).
  Result<std::string> foreign =
      ParseIbkrConid(R"([{"conid":333,"symbol":"AAPL","description":"MEXI","sections":[{"secType":"STK"}]}])", "AAPL");
  ASSERT_TRUE(foreign.ok());
  EXPECT_EQ(*foreign, "333");
}

TEST(IbkrParser, ConidNotFoundAndMalformedReplies) {
  for (const char* body : {"[]", R"([{"conid":1,"symbol":"MSFT","description":"NASDAQ","secType":"STK"}])",
                           R"([{"conid":1,"symbol":"AAPL","description":"NASDAQ"}])", R"([5, null, "x"])"}) {
    Result<std::string> conid = ParseIbkrConid(body, "AAPL");
    ASSERT_FALSE(conid.ok()) << body;
    EXPECT_EQ(conid.status().code(), StatusCode::kNotFound) << body;
    EXPECT_NE(conid.status().message().find("AAPL"), std::string::npos);
  }
  const auto parse_aapl = [](std::string_view body) { return ParseIbkrConid(body, "AAPL"); };
  for (const MalformedCase& c :
       std::vector<MalformedCase>{{"", "not JSON"},
                                  {"[{\"conid\":", "not JSON"},
                                  {"{}", "not a JSON array"},
                                  {R"({"error":"Bad Request: symbol required","statusCode":400})", "symbol required"},
                                  {R"({"error":{"code":7}})", "error reply"}}) {
    EXPECT_TRUE(RefusedAsMalformed(parse_aapl, c, "ibkr"));
  }
}

// --- history parser ----------------------------------------------------------------------------------

// The shape of IBKR's documented marketdata/history example (AAPL, period=1w, bar=1d).
constexpr const char* kAaplHistory = R"({
  "serverId":"4155816","symbol":"AAPL","text":"APPLE INC","priceFactor":100,"startTime":"20250513-13:30:00",
  "high":"21394/266616.18/1440","low":"20426/267569.89/8640","timePeriod":"1w","barLength":86400,
  "mdAvailability":"S","mktDataDelay":0,"outsideRth":false,"volumeFactor":100,"priceDisplayRule":1,
  "priceDisplayValue":"2","negativeCapable":false,"messageVersion":2,"direction":-1,
  "data":[{"o":212.43,"c":212.33,"h":213.94,"l":210.58,"v":235240.24,"t":1747229400000},
          {"o":207.78,"c":208.78,"h":209.48,"l":204.26,"v":267569.89,"t":1747661400000}],
  "points":1,"travelTime":7})";

TEST(IbkrParser, HistoryOfTheDocumentedReply) {
  Result<std::vector<Bar5m>> bars = ParseIbkrHistory(kAaplHistory);
  ASSERT_TRUE(bars.ok()) << bars.status().ToString();
  ASSERT_EQ(bars->size(), 2u);
  const Bar5m& bar = (*bars)[0];
  EXPECT_EQ(bar.ts, Utc(2025, 5, 14, 13, 30));  // the session open (09:30 EDT) of 2025-05-14
  EXPECT_EQ(NyseCalendar::ExchangeDate(bar.ts), Date("2025-05-14"));
  EXPECT_DOUBLE_EQ(bar.open, 212.43);
  EXPECT_DOUBLE_EQ(bar.high, 213.94);
  EXPECT_DOUBLE_EQ(bar.low, 210.58);
  EXPECT_DOUBLE_EQ(bar.close, 212.33);
  EXPECT_NEAR(bar.volume, 23524024, 1e-6);  // v is in units of volumeFactor (100 shares)
  EXPECT_TRUE(std::isnan(bar.vwap));
  EXPECT_EQ(bar.trade_count, kNullInt64);
  EXPECT_EQ((*bars)[1].ts, Utc(2025, 5, 19, 13, 30));
}

TEST(IbkrParser, HistoryWithoutVolumeFactorIsInShares) {
  Result<std::vector<Bar5m>> bars =
      ParseIbkrHistory(R"({"symbol":"X","data":[{"o":1,"c":1.5,"h":2,"l":0.5,"v":1234,"t":1768228200000}]})");
  ASSERT_TRUE(bars.ok()) << bars.status().ToString();
  ASSERT_EQ(bars->size(), 1u);
  EXPECT_DOUBLE_EQ((*bars)[0].volume, 1234);
  EXPECT_EQ((*bars)[0].ts, Utc(2026, 1, 12, 14, 30));
  Result<std::vector<Bar5m>> empty = ParseIbkrHistory(R"({"symbol":"X","data":[],"points":0})");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  Result<std::vector<Bar5m>> null_data = ParseIbkrHistory(R"({"symbol":"X","data":null})");
  ASSERT_TRUE(null_data.ok());
  EXPECT_TRUE(null_data->empty());
}

TEST(IbkrParser, MalformedHistoryRepliesAreInvalidArgumentsNamingTheProblem) {
  const std::string ok_bar = R"("o":1,"c":1.5,"h":2,"l":0.5,"v":10,"t":1768228200000)";
  const std::vector<MalformedCase> cases = {
      {"", "not JSON"},
      {R"({"data":[{"o":1,"c")", "not JSON"},
      {"[]", "not a JSON object"},
      {R"({"error":"Chart data unavailable"})", "error reply: Chart data unavailable"},
      {R"({"symbol":"X"})", "no 'data'"},
      {R"({"data":{}})", "'data' is not an array"},
      {R"({"data":[1]})", "bar 0 is not an object"},
      {R"({"data":[{"o":1,"c":1.5,"h":2,"l":0.5,"v":10}]})", "bar 0 has no 't'"},
      {R"({"data":[{"o":1,"c":1.5,"h":2,"l":0.5,"v":10,"t":"1768228200000"}]})", "bar 0 't' is not a number"},
      {R"({"data":[{"o":1,"c":1.5,"h":2,"l":0.5,"v":10,"t":1768228200}]})", "'t' is out of range"},  // seconds
      {R"({"data":[{"o":1,"c":1.5,"h":2,"l":0.5,"v":10,"t":1768228200000.5}]})", "not whole milliseconds"},
      {R"({"data":[{"c":1.5,"h":2,"l":0.5,"v":10,"t":1768228200000}]})", "bar 0 has no 'o'"},
      {R"({"data":[{"o":1,"c":1.5,"h":2,"l":0.5,"t":1768228200000}]})", "bar 0 has no 'v'"},
      {R"({"data":[{"o":1,"c":null,"h":2,"l":0.5,"v":10,"t":1768228200000}]})", "'c' is not a number"},
      {R"({"data":[{"o":-1,"c":1.5,"h":2,"l":0.5,"v":10,"t":1768228200000}]})", "'o' is out of range"},
      {R"({"data":[{"o":1,"c":1.5,"h":1e300,"l":0.5,"v":10,"t":1768228200000}]})", "'h' is out of range"},
      {R"({"volumeFactor":0,"data":[]})", "'volumeFactor' is out of range"},
      {R"({"volumeFactor":"100","data":[]})", "'volumeFactor' is not a number"},
      {"{\"data\":[{" + ok_bar + "},{" + ok_bar + ",\"l\":\"x\"}]}", "bar 1 'l' is not a number"},
  };
  for (const MalformedCase& c : cases) EXPECT_TRUE(RefusedAsMalformed(ParseIbkrHistory, c, "ibkr"));
}

// --- Pull through a fake gateway ---------------------------------------------------------------------

TEST(IbkrProvider, WalksTheRangeInWindowsOfAtMostAThousandPoints) {
  FakeIbkr ibkr;
  // 19 trading days (MLK day 2026-01-19 closed): windows of 7 + 7 + 5 days.
  const PullRequest request = Request("MSFT", "2026-01-05", "2026-01-30", "2026-03-01");
  Result<PullResult> result = ibkr.Pull(request);
  ASSERT_TRUE(result.ok()) << result.status().ToString();

  const std::vector<qtp::testing::FakeBar> expected =
      RegularSession(qtp::testing::FakeBars5m("MSFT", request.first, request.last));
  ASSERT_EQ(expected.size(), 19u * 78u);
  const Bars5m& bars = result->bars5m;
  EXPECT_EQ(bars.ticker, "MSFT");
  // Every regular-session bar exactly once.
  ASSERT_TRUE(BarsMatchMarket(bars, expected, "ibkr;adj=split", kVolumeTolerance));

  EXPECT_EQ(result->requests, 4u);  // one conid lookup + three history windows
  const std::vector<qtp::testing::LoggedRequest> log = ibkr.server.Requests("ibkr");
  ASSERT_EQ(log.size(), 4u);
  EXPECT_EQ(log[0].path, "/v1/api/iserver/secdef/search");
  EXPECT_EQ(log[0].params.at("symbol"), "MSFT");
  std::set<std::string> conids;
  for (size_t i = 1; i < log.size(); ++i) {
    EXPECT_EQ(log[i].path, "/v1/api/iserver/marketdata/history");
    EXPECT_TRUE(HasParams(log[i], {{"bar", "5min"}, {"outsideRth", "false"}}));
    conids.insert(log[i].params.at("conid"));
  }
  EXPECT_EQ(conids.size(), 1u);
  // Window 1 = 2026-01-05 .. 01-13: 9 calendar days ending at 01-14 00:00 New York (05:00Z).
  EXPECT_TRUE(HasParams(log[1], {{"period", "9d"}, {"startTime", "20260114-05:00:00"}}));
  EXPECT_TRUE(HasParams(log[3], {{"period", "5d"}, {"startTime", "20260131-05:00:00"}}));  // 01-26 .. 01-30
}

TEST(IbkrProvider, CachesTheConidAcrossPulls) {
  FakeIbkr ibkr;
  Result<PullResult> first = ibkr.Pull(Request("KO", "2026-01-12", "2026-01-13", "2026-02-01"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->requests, 2u);
  EXPECT_EQ(first->bars5m.size(), 2u * 78u);
  Result<PullResult> second = ibkr.Pull(Request("KO", "2026-01-14", "2026-01-14", "2026-02-01"));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->requests, 1u);
  EXPECT_EQ(second->bars5m.size(), 78u);
  size_t searches = 0;
  for (const auto& r : ibkr.server.Requests("ibkr")) searches += r.path == "/v1/api/iserver/secdef/search";
  EXPECT_EQ(searches, 1u);
}

TEST(IbkrProvider, DailyBarsCarryTheExchangeDate) {
  FakeIbkr ibkr;
  const PullRequest request = Request("XLP", "2025-10-20", "2025-11-14", "2026-01-01", Interval::kDaily);
  Result<PullResult> result = ibkr.Pull(request);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->bars1d.size(), 20u);
  EXPECT_TRUE(BarsMatchMarket(result->bars1d, qtp::testing::FakeBars1d("XLP", request.first, request.last),
                              "ibkr;adj=split", kVolumeTolerance));
  EXPECT_EQ(result->requests, 2u);
  EXPECT_EQ(ibkr.server.Requests("ibkr").at(1).params.at("bar"), "1d");
}

TEST(IbkrProvider, UnknownSymbolIsNotFound) {
  FakeIbkr ibkr;
  Result<PullResult> result = ibkr.Pull(Request("NOSUCHSYM", "2026-01-12", "2026-01-13", "2026-02-01"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kNotFound);
  EXPECT_NE(result.status().message().find("ibkr NOSUCHSYM"), std::string::npos) << result.status().message();
  EXPECT_EQ(ibkr.server.RequestCount("ibkr"), 1u);
}

TEST(IbkrProvider, MalformedHistoryFailsThePull) {
  FakeIbkr ibkr;
  FakeProviderServer& server = ibkr.server;
  server.OnRequest([&server](const std::string& provider_name, size_t count) {
    if (provider_name == "ibkr" && count == 1) {  // the lookup passes, the first history reply is cut
      server.QueueFaults("ibkr", {qtp::testing::Fault{qtp::testing::FaultKind::kMalformed, 0, 0}});
    }
  });
  Result<PullResult> result = ibkr.Pull(Request("KO", "2026-01-12", "2026-01-13", "2026-02-01"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("ibkr KO: reply is not JSON"), std::string::npos)
      << result.status().message();
}

TEST(IbkrProvider, WindowReachingTodayEndsNowAndIsNotCacheable) {
  FakeIbkr ibkr;
  RecordingFetcher fetcher;
  // 8 trading days: the first window (7 days) is complete, the second reaches today.
  Result<PullResult> result = ibkr.provider.Pull(Request("KO", "2026-01-02", "2026-01-13", "2026-01-13"), fetcher);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(fetcher.requests.size(), 3u);
  EXPECT_TRUE(fetcher.requests[0].cacheable);  // the conid lookup
  EXPECT_TRUE(fetcher.requests[1].cacheable);
  EXPECT_NE(fetcher.requests[1].url.find("startTime="), std::string::npos);
  EXPECT_FALSE(fetcher.requests[2].cacheable);
  EXPECT_EQ(fetcher.requests[2].url.find("startTime="), std::string::npos) << fetcher.requests[2].url;
  EXPECT_NE(fetcher.requests[2].url.find("period=1d"), std::string::npos) << fetcher.requests[2].url;
}

TEST(IbkrProvider, RangeWithoutTradingDaysMakesNoRequest) {
  FakeIbkr ibkr;
  Result<PullResult> result = ibkr.Pull(Request("KO", "2026-01-10", "2026-01-11", "2026-02-01"));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->bars5m.empty());
  EXPECT_EQ(result->requests, 0u);
  EXPECT_EQ(ibkr.server.RequestCount("ibkr"), 0u);
}

}  // namespace
}  // namespace qtp::providers
