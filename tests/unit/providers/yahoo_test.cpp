#include "qtp/data/providers/yahoo.h"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "provider_test_util.h"
#include "qtp/calendar/nyse_calendar.h"
#include "test_util/direct_fetcher.h"
#include "test_util/fake_provider_server.h"

namespace qtp::providers {
namespace {

// The Yahoo body of a recorded fixture: the recorder wrapped it as response.bodyJson.
std::string ChartBody(const std::string& recorded) {
  return nlohmann::json::parse(recorded).at("response").at("bodyJson").dump();
}

// const std::string var = the Yahoo body of the fixture `name`, or the test is skipped.
#define QTP_CHART_OR_SKIP(var, name)                                        \
  QTP_FIXTURE_OR_SKIP(var##_recorded, FixturePath("yahoo_v8_chart", name)); \
  const std::string var = ChartBody(var##_recorded)

TEST(YahooParse, RealDailyChartWithSplitAndDividend) {
  QTP_CHART_OR_SKIP(body, "chart-AAPL-2020-08-31-to-2020-11-07.json");
  Result<YahooChart> chart = ParseYahooChart(body);
  ASSERT_TRUE(chart.ok()) << chart.status().ToString();
  EXPECT_EQ(chart->symbol, "AAPL");
  ASSERT_EQ(chart->timestamps.size(), 49u);
  EXPECT_EQ(chart->timestamps[0], 1598880600);  // 2020-08-31 09:30 New York
  EXPECT_EQ(NyseCalendar::ExchangeDate(chart->timestamps[0] * kMicrosPerSecond), D(2020, 8, 31));
  EXPECT_NEAR(chart->close[0], 129.04, 1e-4);  // split-adjusted (pre-split close was ~499)
  EXPECT_NEAR(chart->high[0], 131.0, 1e-9);
  EXPECT_DOUBLE_EQ(chart->volume[0], 225702700);
  ASSERT_EQ(chart->actions.size(), 2u);
  const CorporateAction& split = chart->actions[0];
  EXPECT_EQ(split.type, CorporateActionType::kSplit);
  EXPECT_EQ(split.ex_date, D(2020, 8, 31));
  EXPECT_DOUBLE_EQ(split.split_ratio, 4.0);
  EXPECT_EQ(split.source, "yahoo");
  const CorporateAction& dividend = chart->actions[1];
  EXPECT_EQ(dividend.type, CorporateActionType::kDividend);
  EXPECT_EQ(dividend.ex_date, D(2020, 11, 6));
  EXPECT_DOUBLE_EQ(dividend.dividend, 0.205);
  EXPECT_EQ(dividend.ticker, "AAPL");
}

TEST(YahooParse, RealHolidayStartGivesOneBar) {
  QTP_CHART_OR_SKIP(body, "chart-AAPL-2020-01-01-to-2020-01-03.json");
  Result<YahooChart> chart = ParseYahooChart(body);
  ASSERT_TRUE(chart.ok()) << chart.status().ToString();
  ASSERT_EQ(chart->timestamps.size(), 1u);
  EXPECT_EQ(NyseCalendar::ExchangeDate(chart->timestamps[0] * kMicrosPerSecond), D(2020, 1, 2));
}

TEST(YahooParse, RealWeekendReplyWithoutTimestampIsEmpty) {
  QTP_CHART_OR_SKIP(body, "chart-AAPL-2025-02-01-to-2025-02-02-includePrePost-false-interval-1m.json");
  Result<YahooChart> chart = ParseYahooChart(body);
  ASSERT_TRUE(chart.ok()) << chart.status().ToString();
  EXPECT_EQ(chart->symbol, "AAPL");
  EXPECT_TRUE(chart->timestamps.empty());
  EXPECT_TRUE(chart->actions.empty());
}

TEST(YahooParse, QuotesWithoutTimestampAreEmptyNotACrash) {
  QTP_CHART_OR_SKIP(body, "chart-notimestamp-quotes-length.fake.json");
  Result<YahooChart> chart = ParseYahooChart(body);
  ASSERT_TRUE(chart.ok()) << chart.status().ToString();
  EXPECT_TRUE(chart->timestamps.empty());
  QTP_CHART_OR_SKIP(holiday, "chart-TSLA-2025-01-01-to-2025-01-02-interval-1h.fake.json");
  Result<YahooChart> empty = ParseYahooChart(holiday);
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_TRUE(empty->timestamps.empty());
}

TEST(YahooParse, ErrorObjects) {
  Result<YahooChart> not_found =
      ParseYahooChart(R"({"chart":{"result":null,"error":{"code":"Not Found","description":"No data found,)"
                      R"( symbol may be delisted"}}})");
  ASSERT_FALSE(not_found.ok());
  EXPECT_EQ(not_found.status().code(), StatusCode::kNotFound);
  EXPECT_NE(not_found.status().message().find("No data found, symbol may be delisted"), std::string::npos);

  Result<YahooChart> other = ParseYahooChart(
      R"({"chart":{"result":null,"error":{"code":"Unprocessable Entity","description":"5m data not available"}}})");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(other.status().message().find("5m data not available"), std::string::npos);
}

TEST(YahooParse, NullEntriesAreSkipped) {
  Result<YahooChart> chart = ParseYahooChart(R"({"chart":{"result":[{"meta":{"symbol":"X"},
      "timestamp":[1709559000,1709559300,1709559600],
      "indicators":{"quote":[{"open":[1,null,3],"high":[1.5,2.5,3.5],"low":[0.5,1.5,2.5],"close":[1,2,3],
                              "volume":[10,20,null]}]}}],"error":null}})");
  ASSERT_TRUE(chart.ok()) << chart.status().ToString();
  ASSERT_EQ(chart->timestamps.size(), 1u);
  EXPECT_EQ(chart->timestamps[0], 1709559000);
  EXPECT_DOUBLE_EQ(chart->volume[0], 10);
}

TEST(YahooParse, MalformedBodiesAreInvalidArgument) {
  const std::string quote = R"("indicators":{"quote":[{"open":[1],"high":[1],"low":[1],"close":[1],"volume":[1]}]})";
  const std::vector<std::string> bodies = {
      "",
      "<html>Too Many Requests</html>",
      R"({"chart":{"result":[{"timestamp":[1709559000],)",  // cut
      "[]",
      R"({"chart":null})",
      R"({"chart":{"result":null,"error":null}})",
      R"({"chart":{"result":{"timestamp":[]},"error":null}})",
      R"({"chart":{"result":["x"],"error":null}})",
      R"({"chart":{"result":[{"timestamp":"1709559000",)" + quote + "}]}}",
      R"({"chart":{"result":[{"timestamp":[1709559000.5],)" + quote + "}]}}",
      R"({"chart":{"result":[{"timestamp":[99999999999999],)" + quote + "}]}}",
      R"({"chart":{"result":[{"timestamp":[1709559000,1709559300],)" + quote + "}]}}",  // arrays too short
      R"({"chart":{"result":[{"timestamp":[1709559000]}]}})",                           // no indicators
      R"({"chart":{"result":[{"timestamp":[1709559000],"indicators":{"quote":[]}}]}})",
      R"({"chart":{"result":[{"timestamp":[1709559000],"indicators":{"quote":[{"open":["1"],"high":[1],"low":[1],
          "close":[1],"volume":[1]}]}}]}})",
      R"({"chart":{"result":[{"timestamp":[1709559000],"indicators":{"quote":[{"open":[-1],"high":[1],"low":[1],
          "close":[1],"volume":[1]}]}}]}})",
      R"({"chart":{"result":[{"timestamp":[1709559000],"indicators":{"quote":[{"open":[1e300],"high":[1],"low":[1],
          "close":[1],"volume":[1]}]}}]}})",
      R"({"chart":{"result":[{"timestamp":[1709559000],"indicators":{"quote":[{"open":[1],"high":[1],"low":[2],
          "close":[1],"volume":[1]}]}}]}})",  // high < low
      R"({"chart":{"result":[{"events":{"splits":{"1":{"date":1598880600,"numerator":4,"denominator":0}}}}]}})",
      R"({"chart":{"result":[{"events":{"splits":{"1":{"numerator":4,"denominator":1}}}}]}})",
      R"({"chart":{"result":[{"events":{"dividends":{"1":{"date":1604673000,"amount":"0.2"}}}}]}})",
      R"({"chart":{"result":[{"events":"div"}]}})",
  };
  for (const std::string& body : bodies) EXPECT_TRUE(RefusedAsMalformed(ParseYahooChart, {body, ""}, "yahoo"));
}

TEST(YahooParse, TruncatedRealBodyIsInvalidArgument) {
  QTP_CHART_OR_SKIP(body, "chart-AAPL-2020-08-31-to-2020-11-07.json");
  for (size_t cut : {size_t{1}, body.size() / 3, body.size() / 2, body.size() - 1}) {
    Result<YahooChart> chart = ParseYahooChart(std::string_view(body).substr(0, cut));
    ASSERT_FALSE(chart.ok()) << cut;
    EXPECT_EQ(chart.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(YahooPull, FiveMinuteBarsMatchTheFakeMarket) {
  FakePull<YahooProvider> yahoo("");
  const PullRequest request = Request("AAPL", D(2024, 3, 4), D(2024, 3, 8), D(2024, 3, 20));
  Result<PullResult> pulled = yahoo.Pull(request);
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  EXPECT_EQ(pulled->requests, 1u);
  const Bars5m& bars = pulled->bars5m;
  EXPECT_EQ(bars.ticker, "AAPL");
  ASSERT_TRUE(BarsMatchMarket(bars, testing::FakeBars5m("AAPL", request.first, request.last), "yahoo;adj=split"));
  // Every regular-session bar of the 5 full days exactly once.
  EXPECT_TRUE(EachRegularSessionBarOnce(bars.ts, 5u * 78u));

  const std::vector<testing::LoggedRequest> log = yahoo.server.Requests("yahoo");
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].path, "/v8/finance/chart/AAPL");
  EXPECT_TRUE(
      HasParams(log[0], {{"interval", "5m"},
                         {"includePrePost", "false"},
                         {"events", "div|split"},
                         {"period1", std::to_string(NyseCalendar::ExchangeTimeToUtc(D(2024, 3, 4), 0) / 1000000)},
                         {"period2", std::to_string(NyseCalendar::ExchangeTimeToUtc(D(2024, 3, 9), 0) / 1000000)}}));
}

TEST(YahooPull, DailyBarsAreDatedInNewYork) {
  FakePull<YahooProvider> yahoo("");
  // Across the DST switch.
  const PullRequest request = Request("MSFT", D(2023, 10, 2), D(2024, 3, 28), D(2024, 6, 1), Interval::kDaily);
  Result<PullResult> pulled = yahoo.Pull(request);
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  EXPECT_EQ(pulled->requests, 1u);
  ASSERT_TRUE(
      BarsMatchMarket(pulled->bars1d, testing::FakeBars1d("MSFT", request.first, request.last), "yahoo;adj=split"));
  EXPECT_TRUE(pulled->bars5m.empty());
  EXPECT_EQ(yahoo.server.Requests("yahoo").at(0).params.at("interval"), "1d");
}

TEST(YahooPull, IntradayOlderThanTheWindowIsNotSupportedWithoutARequest) {
  FakePull<YahooProvider> yahoo("");
  PullRequest request = Request("AAPL", D(2024, 5, 31), D(2024, 5, 31), D(2024, 6, 3));
  for (int back : {61, 60, 365}) {
    request.first = request.today - back;
    Result<PullResult> pulled = yahoo.Pull(request);
    ASSERT_FALSE(pulled.ok()) << back;
    EXPECT_EQ(pulled.status().code(), StatusCode::kNotSupported);
    EXPECT_NE(pulled.status().message().find("60 days"), std::string::npos) << pulled.status().message();
  }
  EXPECT_EQ(yahoo.server.RequestCount("yahoo"), 0u);
  request.first = request.today - YahooProvider::kIntradayLookbackDays;
  Result<PullResult> pulled = yahoo.Pull(request);
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  EXPECT_FALSE(pulled->bars5m.empty());
  // Daily history has no such limit.
  request.first = D(2024, 1, 2);
  request.interval = Interval::kDaily;
  EXPECT_TRUE(yahoo.Pull(request).ok());
}

TEST(YahooPull, MalformedReplyNamesProviderAndTicker) {
  FakePull<YahooProvider> yahoo("");
  yahoo.server.QueueFaults("yahoo", {testing::Fault{testing::FaultKind::kMalformed, 0, 0}});
  Result<PullResult> pulled = yahoo.Pull(Request("KO", D(2024, 3, 4), D(2024, 3, 5), D(2024, 3, 20)));
  ASSERT_FALSE(pulled.ok());
  EXPECT_EQ(pulled.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(pulled.status().message().rfind("yahoo: KO 2024-03-04..2024-03-05: ", 0), 0u) << pulled.status().message();
}

}  // namespace
}  // namespace qtp::providers
