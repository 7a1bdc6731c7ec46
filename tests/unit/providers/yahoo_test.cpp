#include "qtp/data/providers/yahoo.h"

#include <cmath>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "qtp/calendar/nyse_calendar.h"
#include "test_util/direct_fetcher.h"
#include "test_util/fake_provider_server.h"

namespace qtp::providers {
namespace {

const std::string kFixtures = std::string(QTP_SHARED_DATA_DIR) + "/api_fixtures/yahoo_v8_chart/";

DateDays D(int y, unsigned m, unsigned d) { return DaysFromCivil(y, m, d); }

// The Yahoo body of a recorded fixture: the recorder wrapped it as response.bodyJson.
std::optional<std::string> FixtureBody(const std::string& name) {
  std::ifstream in(kFixtures + name);
  if (!in) return std::nullopt;
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const nlohmann::json wrapper = nlohmann::json::parse(text);
  return wrapper.at("response").at("bodyJson").dump();
}

#define QTP_FIXTURE_OR_SKIP(var, name)                                                        \
  const std::optional<std::string> var = FixtureBody(name);                                   \
  if (!var) {                                                                                 \
    GTEST_SKIP() << "shared fixture " << kFixtures << name << " is absent (needs ../shared)"; \
  }

TEST(YahooParse, RealDailyChartWithSplitAndDividend) {
  QTP_FIXTURE_OR_SKIP(body, "chart-AAPL-2020-08-31-to-2020-11-07.json");
  Result<YahooChart> chart = ParseYahooChart(*body);
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
  QTP_FIXTURE_OR_SKIP(body, "chart-AAPL-2020-01-01-to-2020-01-03.json");
  Result<YahooChart> chart = ParseYahooChart(*body);
  ASSERT_TRUE(chart.ok()) << chart.status().ToString();
  ASSERT_EQ(chart->timestamps.size(), 1u);
  EXPECT_EQ(NyseCalendar::ExchangeDate(chart->timestamps[0] * kMicrosPerSecond), D(2020, 1, 2));
}

TEST(YahooParse, RealWeekendReplyWithoutTimestampIsEmpty) {
  QTP_FIXTURE_OR_SKIP(body, "chart-AAPL-2025-02-01-to-2025-02-02-includePrePost-false-interval-1m.json");
  Result<YahooChart> chart = ParseYahooChart(*body);
  ASSERT_TRUE(chart.ok()) << chart.status().ToString();
  EXPECT_EQ(chart->symbol, "AAPL");
  EXPECT_TRUE(chart->timestamps.empty());
  EXPECT_TRUE(chart->actions.empty());
}

TEST(YahooParse, QuotesWithoutTimestampAreEmptyNotACrash) {
  QTP_FIXTURE_OR_SKIP(body, "chart-notimestamp-quotes-length.fake.json");
  Result<YahooChart> chart = ParseYahooChart(*body);
  ASSERT_TRUE(chart.ok()) << chart.status().ToString();
  EXPECT_TRUE(chart->timestamps.empty());
  QTP_FIXTURE_OR_SKIP(holiday, "chart-TSLA-2025-01-01-to-2025-01-02-interval-1h.fake.json");
  Result<YahooChart> empty = ParseYahooChart(*holiday);
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
  for (const std::string& body : bodies) {
    Result<YahooChart> chart = ParseYahooChart(body);
    ASSERT_FALSE(chart.ok()) << body;
    EXPECT_EQ(chart.status().code(), StatusCode::kInvalidArgument) << body;
    EXPECT_EQ(chart.status().message().rfind("yahoo: ", 0), 0u) << chart.status().message();
  }
}

TEST(YahooParse, TruncatedRealBodyIsInvalidArgument) {
  QTP_FIXTURE_OR_SKIP(body, "chart-AAPL-2020-08-31-to-2020-11-07.json");
  for (size_t cut : {size_t{1}, body->size() / 3, body->size() / 2, body->size() - 1}) {
    Result<YahooChart> chart = ParseYahooChart(std::string_view(*body).substr(0, cut));
    ASSERT_FALSE(chart.ok()) << cut;
    EXPECT_EQ(chart.status().code(), StatusCode::kInvalidArgument);
  }
}

std::vector<TimestampUs> Starts(const std::vector<testing::FakeBar>& bars) {
  std::vector<TimestampUs> out;
  for (const testing::FakeBar& bar : bars) out.push_back(bar.start_utc);
  return out;
}

TEST(YahooPull, FiveMinuteBarsMatchTheFakeMarket) {
  testing::FakeProviderServer server;
  testing::DirectFetcher fetcher;
  YahooProvider provider(server.base_url());
  PullRequest request;
  request.ticker = "AAPL";
  request.first = D(2024, 3, 4);
  request.last = D(2024, 3, 8);
  request.interval = Interval::k5Min;
  request.today = D(2024, 3, 20);
  Result<PullResult> pulled = provider.Pull(request, fetcher);
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  EXPECT_EQ(pulled->requests, 1u);
  const std::vector<testing::FakeBar> market = testing::FakeBars5m("AAPL", request.first, request.last);
  const Bars5m& bars = pulled->bars5m;
  EXPECT_EQ(bars.ticker, "AAPL");
  ASSERT_EQ(bars.ts, Starts(market));
  for (size_t i = 0; i < bars.size(); ++i) {
    ASSERT_EQ(bars.open[i], market[i].open) << i;
    ASSERT_EQ(bars.high[i], market[i].high) << i;
    ASSERT_EQ(bars.low[i], market[i].low) << i;
    ASSERT_EQ(bars.close[i], market[i].close) << i;
    ASSERT_EQ(bars.volume[i], market[i].volume) << i;
    ASSERT_EQ(bars.source[i], "yahoo;adj=split");
  }
  // Every regular-session bar of the 5 full days exactly once.
  std::set<TimestampUs> regular;
  for (TimestampUs ts : bars.ts) {
    if (NyseCalendar::Get().IsRegularSessionBar(ts)) {
      EXPECT_TRUE(regular.insert(ts).second);
    }
  }
  EXPECT_EQ(regular.size(), 5u * 78u);

  const std::vector<testing::LoggedRequest> log = server.Requests("yahoo");
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].path, "/v8/finance/chart/AAPL");
  EXPECT_EQ(log[0].params.at("interval"), "5m");
  EXPECT_EQ(log[0].params.at("includePrePost"), "false");
  EXPECT_EQ(log[0].params.at("events"), "div|split");
  EXPECT_EQ(log[0].params.at("period1"), std::to_string(NyseCalendar::ExchangeTimeToUtc(D(2024, 3, 4), 0) / 1000000));
  EXPECT_EQ(log[0].params.at("period2"), std::to_string(NyseCalendar::ExchangeTimeToUtc(D(2024, 3, 9), 0) / 1000000));
}

TEST(YahooPull, DailyBarsAreDatedInNewYork) {
  testing::FakeProviderServer server;
  testing::DirectFetcher fetcher;
  YahooProvider provider(server.base_url());
  PullRequest request;
  request.ticker = "MSFT";
  request.first = D(2023, 10, 2);
  request.last = D(2024, 3, 28);  // across the DST switch
  request.interval = Interval::kDaily;
  request.today = D(2024, 6, 1);
  Result<PullResult> pulled = provider.Pull(request, fetcher);
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  EXPECT_EQ(pulled->requests, 1u);
  const std::vector<testing::FakeDailyBar> market = testing::FakeBars1d("MSFT", request.first, request.last);
  const Bars1d& bars = pulled->bars1d;
  ASSERT_EQ(bars.size(), market.size());
  for (size_t i = 0; i < bars.size(); ++i) {
    ASSERT_EQ(bars.date[i], market[i].date) << i;
    ASSERT_EQ(bars.open[i], market[i].open) << i;
    ASSERT_EQ(bars.close[i], market[i].close) << i;
    ASSERT_EQ(bars.volume[i], market[i].volume) << i;
    ASSERT_EQ(bars.source[i], "yahoo;adj=split");
  }
  EXPECT_TRUE(pulled->bars5m.empty());
  EXPECT_EQ(server.Requests("yahoo").at(0).params.at("interval"), "1d");
}

TEST(YahooPull, IntradayOlderThanTheWindowIsNotSupportedWithoutARequest) {
  testing::FakeProviderServer server;
  testing::DirectFetcher fetcher;
  YahooProvider provider(server.base_url());
  PullRequest request;
  request.ticker = "AAPL";
  request.today = D(2024, 6, 3);
  request.last = D(2024, 5, 31);
  request.interval = Interval::k5Min;
  for (int back : {61, 60, 365}) {
    request.first = request.today - back;
    Result<PullResult> pulled = provider.Pull(request, fetcher);
    ASSERT_FALSE(pulled.ok()) << back;
    EXPECT_EQ(pulled.status().code(), StatusCode::kNotSupported);
    EXPECT_NE(pulled.status().message().find("60 days"), std::string::npos) << pulled.status().message();
  }
  EXPECT_EQ(server.RequestCount("yahoo"), 0u);
  request.first = request.today - YahooProvider::kIntradayLookbackDays;
  Result<PullResult> pulled = provider.Pull(request, fetcher);
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  EXPECT_FALSE(pulled->bars5m.empty());
  // Daily history has no such limit.
  request.first = D(2024, 1, 2);
  request.interval = Interval::kDaily;
  EXPECT_TRUE(provider.Pull(request, fetcher).ok());
}

TEST(YahooPull, MalformedReplyNamesProviderAndTicker) {
  testing::FakeProviderServer server;
  server.QueueFaults("yahoo", {testing::Fault{testing::FaultKind::kMalformed, 0, 0}});
  testing::DirectFetcher fetcher;
  YahooProvider provider(server.base_url());
  PullRequest request;
  request.ticker = "KO";
  request.first = D(2024, 3, 4);
  request.last = D(2024, 3, 5);
  request.interval = Interval::k5Min;
  request.today = D(2024, 3, 20);
  Result<PullResult> pulled = provider.Pull(request, fetcher);
  ASSERT_FALSE(pulled.ok());
  EXPECT_EQ(pulled.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(pulled.status().message().rfind("yahoo: KO 2024-03-04..2024-03-05: ", 0), 0u) << pulled.status().message();
}

}  // namespace
}  // namespace qtp::providers
