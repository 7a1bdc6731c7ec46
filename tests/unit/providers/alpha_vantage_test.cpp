#include "qtp/data/providers/alpha_vantage.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "provider_test_util.h"
#include "qtp/calendar/nyse_calendar.h"
#include "test_util/direct_fetcher.h"
#include "test_util/fake_provider_server.h"

namespace qtp::providers {
namespace {

// A fake server with an Alpha Vantage connector holding the key it accepts.
struct FakeAlphaVantage : FakePull<AlphaVantageProvider> {
  FakeAlphaVantage() : FakePull("", testing::FakeProviderServer::kAlphaVantageKey) {}
};

const char* kNote = R"js({"Note": "Thank you for using Alpha Vantage! Our standard API call frequency is 5 )js"
                    R"js(calls per minute and 500 calls per day. Please visit https://www.alphavantage.co/premium/ )js"
                    R"js(if you would like to target a higher API call frequency."})js";
const char* kDailyQuota =
    R"js({"Information": "Thank you for using Alpha Vantage! Our standard API rate limit is )js"
    R"js(25 requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ )js"
    R"js(to instantly remove all daily rate limits."})js";
const char* kBurst = R"js({"Information": "Thank you for using Alpha Vantage! Please consider spreading out )js"
                     R"js(your free API requests more sparingly. You may subscribe to any of the premium plans )js"
                     R"js(at https://www.alphavantage.co/premium/ to lift the free key rate limit (25 requests )js"
                     R"js(per day) and instantly unlock all premium endpoints"})js";
const char* kPremium = R"js({"Information": "Thank you for using Alpha Vantage! This is a premium endpoint. You )js"
                       R"js(may subscribe to any of the premium plans at https://www.alphavantage.co/premium/ )js"
                       R"js(to instantly unlock all premium endpoints"})js";
const char* kInvalidCall = R"js({"Error Message": "Invalid API call. Please retry or visit the documentation )js"
                           R"js((https://www.alphavantage.co/documentation/) )js"
                           R"js(for TIME_SERIES_INTRADAY."})js";

TEST(AlphaVantageParse, RealMsftOneMinuteFixtureInUtc) {
  QTP_FIXTURE_OR_SKIP(body, FixturePath("alphavantage", "TIME_SERIES_INTRADAY_MSFT_1min_compact_2017-12-18.json"));
  Result<std::vector<Bar5m>> bars = ParseAlphaVantageIntraday(body, 1);
  ASSERT_TRUE(bars.ok()) << bars.status().ToString();
  ASSERT_EQ(bars->size(), 100u);
  // 2017-12-18 is EST: UTC = wall clock + 5 h; ascending, start-labelled (no shift).
  EXPECT_EQ(bars->front().ts, Utc(2017, 12, 18, 18, 17));  // "2017-12-18 13:17:00"
  const Bar5m& newest = bars->back();                      // "2017-12-18 14:56:00"
  EXPECT_EQ(newest.ts, Utc(2017, 12, 18, 19, 56));
  EXPECT_DOUBLE_EQ(newest.open, 86.49);
  EXPECT_DOUBLE_EQ(newest.high, 86.50);
  EXPECT_DOUBLE_EQ(newest.low, 86.475);
  EXPECT_DOUBLE_EQ(newest.close, 86.50);
  EXPECT_DOUBLE_EQ(newest.volume, 10494);
  EXPECT_TRUE(std::isnan(newest.vwap));
  for (size_t i = 1; i < bars->size(); ++i) ASSERT_LT((*bars)[i - 1].ts, (*bars)[i].ts);
  // The same body read as 5-minute data has no "Time Series (5min)".
  Result<std::vector<Bar5m>> wrong = ParseAlphaVantageIntraday(body, 5);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), StatusCode::kInvalidArgument);
}

TEST(AlphaVantageParse, EasternWallClockAcrossDst) {
  const std::string body = R"js({"Meta Data": {"4. Interval": "5min", "6. Time Zone": "US/Eastern"},
    "Time Series (5min)": {
      "2024-03-11 09:30:00": {"1. open": "10.0", "2. high": "10.5", "3. low": "9.5", "4. close": "10.1",
                              "5. volume": "100"},
      "2024-03-08 15:55:00": {"1. open": "9.0", "2. high": "9.5", "3. low": "8.5", "4. close": "9.1",
                              "5. volume": "200"}}})js";
  Result<std::vector<Bar5m>> bars = ParseAlphaVantageIntraday(body, 5);
  ASSERT_TRUE(bars.ok()) << bars.status().ToString();
  ASSERT_EQ(bars->size(), 2u);
  EXPECT_EQ((*bars)[0].ts, Utc(2024, 3, 8, 20, 55));   // EST
  EXPECT_EQ((*bars)[1].ts, Utc(2024, 3, 11, 13, 30));  // EDT
  EXPECT_DOUBLE_EQ((*bars)[1].volume, 100);
}

TEST(AlphaVantageClassify, SoftRefusalsInsideHttp200) {
  EXPECT_EQ(ClassifyAlphaVantageReply(kNote).code(), StatusCode::kRateLimited);
  EXPECT_EQ(ClassifyAlphaVantageReply(kBurst).code(), StatusCode::kRateLimited);
  EXPECT_EQ(ClassifyAlphaVantageReply(kDailyQuota).code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(ClassifyAlphaVantageReply(kPremium).code(), StatusCode::kNotSupported);
  EXPECT_EQ(ClassifyAlphaVantageReply(kInvalidCall).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(
      ClassifyAlphaVantageReply(R"js({"Information": "The **demo** API key is for demo purposes only."})js").code(),
      StatusCode::kInvalidArgument);
  // An error reply mangled into CSV lines (seen in a recorded bulk download).
  EXPECT_EQ(ClassifyAlphaVantageReply("{\nError Message\n}\n").code(), StatusCode::kInvalidArgument);
  // Data and plain garbage are not soft refusals (the parser judges those).
  EXPECT_TRUE(ClassifyAlphaVantageReply(R"js({"Meta Data": {}, "Time Series (5min)": {}})js").ok());
  EXPECT_TRUE(ClassifyAlphaVantageReply("").ok());
  // The parser reports them with the same codes, never as an empty month.
  EXPECT_EQ(ParseAlphaVantageIntraday(kNote, 5).status().code(), StatusCode::kRateLimited);
  EXPECT_EQ(ParseAlphaVantageIntraday(kDailyQuota, 5).status().code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(ParseAlphaVantageIntraday(kPremium, 5).status().code(), StatusCode::kNotSupported);
  EXPECT_EQ(ParseAlphaVantageIntraday(kInvalidCall, 5).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseAlphaVantageIntraday("{\nError Message\n}\n", 5).status().code(), StatusCode::kInvalidArgument);
}

TEST(AlphaVantageParse, MalformedBodiesAreInvalidArgument) {
  auto series = [](const std::string& key, const std::string& bar) {
    return R"js({"Time Series (5min)": {")js" + key + R"js(": )js" + bar + "}}";
  };
  const std::string good_bar =
      R"js({"1. open": "1", "2. high": "1", "3. low": "1", "4. close": "1", "5. volume": "1"})js";
  const std::vector<std::string> bodies = {
      "",
      "not json",
      "[]",
      "{}",
      R"js({"Time Series (5min)": []})js",
      R"js({"Meta Data": {"6. Time Zone": "UTC"}, "Time Series (5min)": {}})js",
      R"js({"Meta Data": {"4. Interval": "1min"}, "Time Series (5min)": {}})js",
      series("2024-03-04 09:30:00", "[]"),
      series("2024-03-04T09:30:00", good_bar),
      series("2024-03-04 09:31:00", good_bar),  // off the 5-minute grid
      series("2024-03-04 25:30:00", good_bar),
      series("2024-02-30 09:30:00", good_bar),
      series("0001-01-01 09:30:00", good_bar),
      series("2024-03-04 09:30:00", R"js({"1. open": "1", "2. high": "1", "3. low": "1", "5. volume": "1"})js"),
      series("2024-03-04 09:30:00",
             R"js({"1. open": "x", "2. high": "1", "3. low": "1", "4. close": "1", "5. volume": "1"})js"),
      series("2024-03-04 09:30:00",
             R"js({"1. open": "1.5e", "2. high": "1", "3. low": "1", "4. close": "1", "5. volume": "1"})js"),
      series("2024-03-04 09:30:00",
             R"js({"1. open": "1e999", "2. high": "1", "3. low": "1", "4. close": "1", "5. volume": "1"})js"),
      series("2024-03-04 09:30:00",
             R"js({"1. open": "-1", "2. high": "1", "3. low": "1", "4. close": "1", "5. volume": "1"})js"),
      series("2024-03-04 09:30:00",
             R"js({"1. open": "1", "2. high": "1", "3. low": "2", "4. close": "1", "5. volume": "1"})js"),
      series("2024-03-04 09:30:00",
             R"js({"1. open": null, "2. high": "1", "3. low": "1", "4. close": "1", "5. volume": "1"})js"),
  };
  const auto parse_5min = [](std::string_view body) { return ParseAlphaVantageIntraday(body, 5); };
  for (const std::string& body : bodies) EXPECT_TRUE(RefusedAsMalformed(parse_5min, {body, ""}, "alpha_vantage"));
  EXPECT_FALSE(ParseAlphaVantageIntraday(series("2024-03-04 09:30:00", good_bar), 7).ok());
  EXPECT_TRUE(ParseAlphaVantageIntraday(series("2024-03-04 09:30:00", good_bar), 5).ok());
}

TEST(AlphaVantagePull, OneRequestPerMonthAndEveryBarOnce) {
  FakeAlphaVantage av;
  const PullRequest request = Request("IBM", D(2024, 2, 26), D(2024, 3, 5), D(2024, 4, 2));
  Result<PullResult> pulled = av.Pull(request);
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  EXPECT_EQ(pulled->requests, 2u);
  const std::vector<testing::LoggedRequest> log = av.server.Requests("alpha_vantage");
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].path, "/query");
  EXPECT_EQ(log[1].params.at("month"), "2024-03");
  EXPECT_TRUE(HasParams(log[0], {{"month", "2024-02"},
                                 {"function", "TIME_SERIES_INTRADAY"},
                                 {"symbol", "IBM"},
                                 {"interval", "5min"},
                                 {"outputsize", "full"},
                                 {"adjusted", "false"},
                                 {"extended_hours", "false"},
                                 {"datatype", "json"}}));

  // Rows outside [first, last] (the rest of February's and March's slices) are dropped.
  const std::vector<testing::FakeBar> market = testing::FakeBars5m("IBM", request.first, request.last);
  const Bars5m& bars = pulled->bars5m;
  ASSERT_EQ(bars.size(), market.size());
  std::vector<TimestampUs> sorted = bars.ts;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < market.size(); ++i) {
    ASSERT_EQ(sorted[i], market[i].start_utc) << i;
  }
  for (size_t i = 0; i < bars.size(); ++i) {
    ASSERT_EQ(bars.source[i], "alpha_vantage");
    if (bars.ts[i] == market[0].start_utc) {
      EXPECT_DOUBLE_EQ(bars.open[i], market[0].open);
      EXPECT_DOUBLE_EQ(bars.close[i], market[0].close);
      EXPECT_DOUBLE_EQ(bars.volume[i], market[0].volume);
    }
  }
  EXPECT_TRUE(EachRegularSessionBarOnce(bars.ts, 7u * 78u));  // Feb 26-29, Mar 1, 4, 5
}

TEST(AlphaVantagePull, WrongKeyIsAnErrorWithoutTheKey) {
  FakePull<AlphaVantageProvider> av("", "not-the-key-3141");
  Result<PullResult> pulled = av.Pull(Request("IBM", D(2024, 3, 4), D(2024, 3, 5), D(2024, 4, 2)));
  ASSERT_FALSE(pulled.ok());
  EXPECT_EQ(pulled.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(pulled.status().message().find("apikey is invalid or missing"), std::string::npos);
  EXPECT_EQ(pulled.status().message().find("not-the-key-3141"), std::string::npos);
  EXPECT_EQ(pulled.status().message().rfind("alpha_vantage: IBM month 2024-03: ", 0), 0u) << pulled.status().message();
}

TEST(AlphaVantagePull, SoftRefusalsReachTheFetcherAsTheirCodes) {
  for (const auto& [body, code] :
       std::vector<std::pair<const char*, StatusCode>>{{kNote, StatusCode::kRateLimited},
                                                       {kDailyQuota, StatusCode::kLimitExceeded},
                                                       {kPremium, StatusCode::kNotSupported},
                                                       {kInvalidCall, StatusCode::kInvalidArgument}}) {
    CannedFetcher fetcher(body);
    AlphaVantageProvider provider("http://av.invalid", "k");
    Result<PullResult> pulled = provider.Pull(Request("IBM", D(2024, 3, 4), D(2024, 3, 5), D(2024, 4, 2)), fetcher);
    ASSERT_FALSE(pulled.ok()) << body;
    EXPECT_EQ(pulled.status().code(), code) << body;
    EXPECT_EQ(fetcher.requests.size(), 1u);
  }
}

TEST(AlphaVantagePull, RunningMonthIsNotCacheableAndOldMonthsAre) {
  CannedFetcher fetcher(R"js({"Time Series (5min)": {}})js");
  AlphaVantageProvider provider("http://av.invalid", "k e y");
  Result<PullResult> pulled = provider.Pull(Request("IBM", D(2024, 1, 30), D(2024, 3, 1), D(2024, 3, 10)), fetcher);
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  ASSERT_EQ(fetcher.requests.size(), 3u);
  EXPECT_TRUE(fetcher.requests[0].cacheable);
  EXPECT_TRUE(fetcher.requests[1].cacheable);
  EXPECT_FALSE(fetcher.requests[2].cacheable);  // March 2024 has not ended on 2024-03-10
  EXPECT_NE(fetcher.requests[0].url.find("http://av.invalid/query?function=TIME_SERIES_INTRADAY&symbol=IBM"
                                         "&interval=5min&month=2024-01&"),
            std::string::npos)
      << fetcher.requests[0].url;
  EXPECT_NE(fetcher.requests[0].url.find("apikey=k%20e%20y"), std::string::npos);
}

TEST(AlphaVantagePull, DailyAndPre2000AreNotSupported) {
  CannedFetcher fetcher("{}");
  AlphaVantageProvider provider("http://av.invalid", "k");
  PullRequest request = Request("IBM", D(2024, 3, 4), D(2024, 3, 5), D(2024, 4, 2));
  request.interval = Interval::kDaily;
  EXPECT_FALSE(provider.Supports(Interval::kDaily));
  EXPECT_EQ(provider.Pull(request, fetcher).status().code(), StatusCode::kNotSupported);
  EXPECT_EQ(provider.Pull(Request("IBM", D(1999, 1, 4), D(1999, 12, 31), D(2024, 4, 2)), fetcher).status().code(),
            StatusCode::kNotSupported);
  EXPECT_TRUE(fetcher.requests.empty());
}

TEST(AlphaVantagePull, MalformedReplyIsInvalidArgument) {
  FakeAlphaVantage av;
  av.server.QueueFaults("alpha_vantage", {testing::Fault{testing::FaultKind::kMalformed, 0, 0}});
  Result<PullResult> pulled = av.Pull(Request("IBM", D(2024, 3, 4), D(2024, 3, 5), D(2024, 4, 2)));
  ASSERT_FALSE(pulled.ok());
  EXPECT_EQ(pulled.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(pulled.status().message().find("IBM"), std::string::npos);
}

}  // namespace
}  // namespace qtp::providers
