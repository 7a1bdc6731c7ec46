#include "qtp/data/providers/fmp.h"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "provider_test_util.h"
#include "qtp/calendar/nyse_calendar.h"
#include "test_util/direct_fetcher.h"
#include "test_util/fake_provider_server.h"

namespace qtp::providers {
namespace {

// A fake server with an FMP connector holding the key it accepts.
struct FakeFmp : FakePull<FmpProvider> {
  FakeFmp() : FakePull("", testing::FakeProviderServer::kFmpKey) {}
};

TEST(FmpParse, RealDailyFixture) {
  QTP_FIXTURE_OR_SKIP(body, FixturePath("fmp_v3", "historical-price-full_AAPL_2016-06-02_to_2021-06-01.json"));
  Result<std::vector<Bar1d>> bars = ParseFmpDaily(body);
  ASSERT_TRUE(bars.ok()) << bars.status().ToString();
  ASSERT_EQ(bars->size(), 1258u);
  EXPECT_EQ(bars->front().date, D(2016, 6, 2));  // ascending after parsing (the reply is newest first)
  const Bar1d& newest = bars->back();
  EXPECT_EQ(newest.date, D(2021, 6, 1));
  EXPECT_DOUBLE_EQ(newest.open, 125.08);
  EXPECT_DOUBLE_EQ(newest.high, 125.35);
  EXPECT_DOUBLE_EQ(newest.low, 123.95);
  EXPECT_DOUBLE_EQ(newest.close, 124.28);
  EXPECT_DOUBLE_EQ(newest.volume, 63890796);  // served as 6.3890796E7
  EXPECT_TRUE(std::isnan(newest.vwap));       // FMP's "vwap" is (h + l + c) / 3: not kept
  for (size_t i = 1; i < bars->size(); ++i) ASSERT_LT((*bars)[i - 1].date, (*bars)[i].date);
}

TEST(FmpParse, DailyStableShapeAndEmptyReplies) {
  Result<std::vector<Bar1d>> flat =
      ParseFmpDaily(R"([{"symbol":"AAPL","date":"2025-02-04","open":227.25,"high":233.13,"low":226.65,"close":232.8,)"
                    R"("volume":45067301,"change":5.55,"changePercent":2.44,"vwap":230.86}])");
  ASSERT_TRUE(flat.ok()) << flat.status().ToString();
  ASSERT_EQ(flat->size(), 1u);
  EXPECT_EQ((*flat)[0].date, D(2025, 2, 4));
  for (const char* empty : {"{}", R"({"symbol":"NOPE"})", R"({"symbol":"X","historical":[]})", "[]"}) {
    Result<std::vector<Bar1d>> bars = ParseFmpDaily(empty);
    ASSERT_TRUE(bars.ok()) << empty << ": " << bars.status().ToString();
    EXPECT_TRUE(bars->empty());
  }
}

TEST(FmpParse, IntradayEasternStartLabels) {
  Result<std::vector<Bar5m>> bars = ParseFmpIntraday(R"([
    {"date":"2023-10-13 15:55:00","open":178.6,"low":178.4,"high":178.92,"close":178.85,"volume":3143421},
    {"date":"2023-10-13 15:50:00","open":178.35,"low":178.26,"high":178.66,"close":178.6,"volume":1223094}])");
  ASSERT_TRUE(bars.ok()) << bars.status().ToString();
  ASSERT_EQ(bars->size(), 2u);
  EXPECT_EQ((*bars)[0].ts, Utc(2023, 10, 13, 19, 50));  // EDT: UTC = wall clock + 4 h
  EXPECT_EQ((*bars)[1].ts, Utc(2023, 10, 13, 19, 55));
  EXPECT_DOUBLE_EQ((*bars)[1].high, 178.92);
  EXPECT_DOUBLE_EQ((*bars)[1].volume, 3143421);
  EXPECT_TRUE(NyseCalendar::Get().IsRegularSessionBar((*bars)[1].ts));  // 15:55 is the session's last bar
  Result<std::vector<Bar5m>> winter =
      ParseFmpIntraday(R"([{"date":"2024-01-05 09:30:00","open":1,"low":1,"high":1,"close":1,"volume":0}])");
  ASSERT_TRUE(winter.ok());
  EXPECT_EQ((*winter)[0].ts, Utc(2024, 1, 5, 14, 30));  // EST
  EXPECT_TRUE(ParseFmpIntraday("[]")->empty());
}

TEST(FmpParse, ErrorReplies) {
  const std::string invalid_key = R"({"Error Message": "Invalid API KEY. Feel free to create a Free API Key or visit )"
                                  R"(https://site.financialmodelingprep.com/faqs?search=why-is-my-api-key-invalid )"
                                  R"(for more information."})";
  const std::string limit = R"({"Error Message": "Limit Reach . Please upgrade your plan or visit our documentation )"
                            R"(for more details at https://site.financialmodelingprep.com/"})";
  EXPECT_EQ(ParseFmpIntraday(invalid_key).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseFmpDaily(invalid_key).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseFmpIntraday(limit).status().code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(ParseFmpDaily(limit).status().code(), StatusCode::kLimitExceeded);
  EXPECT_NE(ParseFmpDaily(limit).status().message().find("Limit Reach"), std::string::npos);
}

TEST(FmpParse, MalformedBodiesAreInvalidArgument) {
  const std::vector<std::string> intraday = {
      "",
      "<html>",
      R"([{"date":"2023-10-13 15:55:00","open":1,)",
      R"({"x":1})",
      R"(["row"])",
      R"([{"open":1,"low":1,"high":1,"close":1,"volume":1}])",
      R"([{"date":20231013,"open":1,"low":1,"high":1,"close":1,"volume":1}])",
      R"([{"date":"2023-10-13","open":1,"low":1,"high":1,"close":1,"volume":1}])",
      R"([{"date":"2023-10-13 15:57:00","open":1,"low":1,"high":1,"close":1,"volume":1}])",
      R"([{"date":"2023-13-13 15:55:00","open":1,"low":1,"high":1,"close":1,"volume":1}])",
      R"([{"date":"2023-10-13 15:55:00","open":"1","low":1,"high":1,"close":1,"volume":1}])",
      R"([{"date":"2023-10-13 15:55:00","open":1,"low":1,"high":1,"close":1}])",
      R"([{"date":"2023-10-13 15:55:00","open":-1,"low":1,"high":1,"close":1,"volume":1}])",
      R"([{"date":"2023-10-13 15:55:00","open":1e308,"low":1,"high":1,"close":1,"volume":1}])",
      R"([{"date":"2023-10-13 15:55:00","open":1,"low":2,"high":1,"close":1,"volume":1}])",
  };
  for (const std::string& body : intraday) EXPECT_TRUE(RefusedAsMalformed(ParseFmpIntraday, {body, ""}, "fmp"));
  const std::vector<std::string> daily = {
      "",
      "7",
      R"({"symbol":"X","historical":{}})",
      R"({"historical":[1]})",
      R"({"historical":[{"date":"2021-06-01 00:00:00","open":1,"high":1,"low":1,"close":1,"volume":1}]})",
      R"({"historical":[{"date":"2021-06-01","open":1,"high":1,"low":1,"close":null,"volume":1}]})",
      R"({"historical":[{"date":"2021-06-01","open":1,"high":1,"low":1,"close":1,"volume":-5}]})",
  };
  for (const std::string& body : daily) EXPECT_TRUE(RefusedAsMalformed(ParseFmpDaily, {body, ""}, "fmp"));
}

TEST(FmpPull, FiveMinuteBarsInMonthlyWindows) {
  FakeFmp fmp;
  const PullRequest request = Request("KO", D(2024, 2, 26), D(2024, 3, 5), D(2024, 4, 2), Interval::k5Min);
  Result<PullResult> pulled = fmp.Pull(request);
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  EXPECT_EQ(pulled->requests, 2u);
  const std::vector<testing::LoggedRequest> log = fmp.server.Requests("fmp");
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].path, "/api/v3/historical-chart/5min/KO");
  EXPECT_TRUE(HasParams(log[0], {{"from", "2024-02-26"}, {"to", "2024-02-29"}}));
  EXPECT_TRUE(HasParams(log[1], {{"from", "2024-03-01"}, {"to", "2024-03-05"}}));

  const Bars5m& bars = pulled->bars5m;
  ASSERT_TRUE(BarsMatchMarket(bars, testing::FakeBars5m("KO", request.first, request.last), "fmp;adj=split"));
  EXPECT_TRUE(EachRegularSessionBarOnce(bars.ts, 7u * 78u));
}

TEST(FmpPull, DailyBars) {
  FakeFmp fmp;
  const PullRequest request = Request("KO", D(2024, 1, 2), D(2024, 3, 28), D(2024, 4, 2), Interval::kDaily);
  Result<PullResult> pulled = fmp.Pull(request);
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  EXPECT_EQ(pulled->requests, 1u);
  EXPECT_EQ(fmp.server.Requests("fmp").at(0).path, "/api/v3/historical-price-full/KO");
  ASSERT_TRUE(BarsMatchMarket(pulled->bars1d, testing::FakeBars1d("KO", request.first, request.last), "fmp;adj=split"));
}

TEST(FmpPull, LongDailyHistoryIsWalkedInFiveYearWindows) {
  CannedFetcher fetcher("{}");
  FmpProvider provider("http://fmp.invalid", "key");
  Result<PullResult> pulled =
      provider.Pull(Request("KO", D(2005, 3, 1), D(2024, 6, 30), D(2024, 6, 30), Interval::kDaily), fetcher);
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  ASSERT_EQ(fetcher.requests.size(), 4u);
  EXPECT_EQ(fetcher.requests[0].url,
            "http://fmp.invalid/api/v3/historical-price-full/KO?from=2005-03-01&to=2010-02-28&apikey=key");
  EXPECT_NE(fetcher.requests[3].url.find("from=2020-03-01&to=2024-06-30"), std::string::npos);
  EXPECT_TRUE(fetcher.requests[0].cacheable);
  EXPECT_FALSE(fetcher.requests[3].cacheable);  // reaches today
}

TEST(FmpPull, WrongKeyIsAnError) {
  FakePull<FmpProvider> fmp("", "wrong-key-2718");
  for (Interval interval : {Interval::k5Min, Interval::kDaily}) {
    Result<PullResult> pulled = fmp.Pull(Request("KO", D(2024, 3, 4), D(2024, 3, 5), D(2024, 4, 2), interval));
    ASSERT_FALSE(pulled.ok());
    EXPECT_EQ(pulled.status().code(), StatusCode::kInvalidArgument);  // 401
    EXPECT_EQ(pulled.status().message().find("wrong-key-2718"), std::string::npos);
    EXPECT_EQ(pulled.status().message().rfind("fmp: KO 2024-03-04..2024-03-05: ", 0), 0u) << pulled.status().message();
  }
}

TEST(FmpPull, LimitReachInsideA200IsLimitExceeded) {
  CannedFetcher fetcher(R"({"Error Message": "Limit Reach . Please upgrade your plan"})");
  FmpProvider provider("http://fmp.invalid", "key");
  Result<PullResult> pulled =
      provider.Pull(Request("KO", D(2024, 3, 4), D(2024, 3, 5), D(2024, 4, 2), Interval::k5Min), fetcher);
  ASSERT_FALSE(pulled.ok());
  EXPECT_EQ(pulled.status().code(), StatusCode::kLimitExceeded);
}

TEST(FmpPull, MalformedReplyIsInvalidArgument) {
  FakeFmp fmp;
  fmp.server.QueueFaults("fmp", {testing::Fault{testing::FaultKind::kMalformed, 0, 0}});
  Result<PullResult> pulled = fmp.Pull(Request("KO", D(2024, 3, 4), D(2024, 3, 5), D(2024, 4, 2), Interval::k5Min));
  ASSERT_FALSE(pulled.ok());
  EXPECT_EQ(pulled.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(pulled.status().message().find("KO"), std::string::npos);
}

}  // namespace
}  // namespace qtp::providers
