#include "qtp/data/providers/alpaca.h"

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

using qtp::testing::FakeProviderServer;

std::string Fixture(const std::string& name) { return FixturePath("alpaca_v2", name); }

// A fake server with an Alpaca connector holding the credentials it accepts.
struct FakeAlpaca : FakePull<AlpacaProvider> {
  FakeAlpaca() : FakePull("", FakeProviderServer::kAlpacaKeyId, FakeProviderServer::kAlpacaSecret) {}
};

// --- the parser on recorded replies ----------------------------------------------------------------

TEST(AlpacaParser, ParsesTheRecordedKoPage) {
  QTP_FIXTURE_OR_SKIP(body, Fixture("alpaca_v2_bars_5Min_KO_page1.json"));
  Result<AlpacaBarsPage> page = ParseAlpacaBarsPage(body);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->symbol, "KO");
  EXPECT_EQ(page->next_page_token, "S098TXwxNzY5NzE2MjAwMDAwMDAwMDAw");
  ASSERT_EQ(page->bars.size(), 1000u);
  const Bar5m& first = page->bars.front();
  EXPECT_EQ(first.ts, Utc(2026, 1, 12, 14, 30));  // 09:30 New York: t is the bar start in UTC
  EXPECT_DOUBLE_EQ(first.open, 70.825);
  EXPECT_DOUBLE_EQ(first.high, 70.84);
  EXPECT_DOUBLE_EQ(first.low, 70.57);
  EXPECT_DOUBLE_EQ(first.close, 70.66);
  EXPECT_DOUBLE_EQ(first.volume, 45906);
  EXPECT_DOUBLE_EQ(first.vwap, 70.691363);
  EXPECT_EQ(first.trade_count, 313);
  const Bar5m& last = page->bars.back();
  EXPECT_EQ(last.ts, Utc(2026, 1, 29, 19, 45));
  EXPECT_DOUBLE_EQ(last.close, 73.895);
  EXPECT_DOUBLE_EQ(last.volume, 12866);
  EXPECT_EQ(last.trade_count, 137);
  for (size_t i = 1; i < page->bars.size(); ++i) {
    ASSERT_GT(page->bars[i].ts, page->bars[i - 1].ts) << "bar " << i;
    ASSERT_EQ(page->bars[i].ts % (5 * kMicrosPerMinute), 0) << "bar " << i;
  }
}

TEST(AlpacaParser, ParsesTheRecordedPepPageWithPreMarketBars) {
  QTP_FIXTURE_OR_SKIP(body, Fixture("alpaca_v2_bars_5Min_PEP_page1.json"));
  Result<AlpacaBarsPage> page = ParseAlpacaBarsPage(body);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->symbol, "PEP");
  EXPECT_EQ(page->next_page_token, "UEVQfE18MTc2OTcxNjUwMDAwMDAwMDAwMA==");
  ASSERT_EQ(page->bars.size(), 1000u);
  const Bar5m& first = page->bars.front();
  EXPECT_EQ(first.ts, Utc(2026, 1, 12, 13, 0));  // 08:00 New York, pre-market
  EXPECT_EQ(NyseCalendar::ExchangeMinuteOfDay(first.ts), 8 * 60);
  EXPECT_DOUBLE_EQ(first.open, 140.1);
  EXPECT_DOUBLE_EQ(first.volume, 300);
  EXPECT_EQ(first.trade_count, 1);
  const Bar5m& last = page->bars.back();
  EXPECT_EQ(last.ts, Utc(2026, 1, 29, 19, 50));
  EXPECT_DOUBLE_EQ(last.open, 150.23);
  EXPECT_DOUBLE_EQ(last.low, 150);  // an integral price served as 150
  EXPECT_DOUBLE_EQ(last.vwap, 150.138255);
}

TEST(AlpacaParser, RecordedDailyBarsAreStampedAtNewYorkMidnight) {
  QTP_FIXTURE_OR_SKIP(body, Fixture("alpaca_v2_stocks_bars_1Day_multi_XLP_MO_2026-08.json"));
  // The multi-symbol endpoint's shape is not a single-symbol page: refused with a clear message.
  Result<AlpacaBarsPage> multi = ParseAlpacaBarsPage(body);
  ASSERT_FALSE(multi.ok());
  EXPECT_EQ(multi.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(multi.status().message().find("multi-symbol"), std::string::npos) << multi.status().message();

  // Its XLP bars as the single-symbol endpoint serves them.
  const nlohmann::json doc = nlohmann::json::parse(body);
  nlohmann::json single = {{"bars", doc["bars"]["XLP"]}, {"next_page_token", nullptr}, {"symbol", "XLP"}};
  Result<AlpacaBarsPage> page = ParseAlpacaBarsPage(single.dump());
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_TRUE(page->next_page_token.empty());
  ASSERT_EQ(page->bars.size(), 20u);
  EXPECT_EQ(page->bars[0].ts, Utc(2026, 8, 3, 4, 0));
  EXPECT_EQ(NyseCalendar::ExchangeDate(page->bars[0].ts), Date("2026-08-03"));
  EXPECT_EQ(NyseCalendar::ExchangeDate(page->bars.back().ts), Date("2026-08-28"));
  for (const Bar5m& bar : page->bars) {
    EXPECT_EQ(NyseCalendar::ExchangeMinuteOfDay(bar.ts), 0);
    EXPECT_TRUE(NyseCalendar::Get().IsTradingDay(NyseCalendar::ExchangeDate(bar.ts)));
  }
  EXPECT_DOUBLE_EQ(page->bars[0].close, 84.86);
  EXPECT_DOUBLE_EQ(page->bars[0].volume, 12593653);
  EXPECT_EQ(page->bars[0].trade_count, 95577);
}

// --- the parser on hand-written bodies -------------------------------------------------------------

TEST(AlpacaParser, NullBarsIsAnEmptyLastPage) {
  Result<AlpacaBarsPage> page = ParseAlpacaBarsPage(R"({"bars":null,"next_page_token":null,"symbol":"KO"})");
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_TRUE(page->bars.empty());
  EXPECT_TRUE(page->next_page_token.empty());
  EXPECT_EQ(page->symbol, "KO");
  Result<AlpacaBarsPage> no_token = ParseAlpacaBarsPage(R"({"bars":[]})");
  ASSERT_TRUE(no_token.ok()) << no_token.status().ToString();
  EXPECT_TRUE(no_token->next_page_token.empty());
}

TEST(AlpacaParser, OptionalVwapAndTradeCountMayBeAbsent) {
  Result<AlpacaBarsPage> page =
      ParseAlpacaBarsPage(R"({"bars":[{"t":"2026-01-12T14:30:00Z","o":1,"h":2,"l":0.5,"c":1.5,"v":10}]})");
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->bars.size(), 1u);
  EXPECT_TRUE(std::isnan(page->bars[0].vwap));
  EXPECT_EQ(page->bars[0].trade_count, kNullInt64);
}

TEST(AlpacaParser, ErrorBodyIsInvalidArgumentWithAlpacasMessage) {
  Result<AlpacaBarsPage> page = ParseAlpacaBarsPage(R"({"code":42210000,"message":"invalid start"})");
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(page.status().message().find("alpaca"), std::string::npos);
  EXPECT_NE(page.status().message().find("invalid start"), std::string::npos) << page.status().message();
  EXPECT_NE(page.status().message().find("42210000"), std::string::npos) << page.status().message();
  Result<AlpacaBarsPage> forbidden = ParseAlpacaBarsPage(R"({"message":"forbidden"})");
  ASSERT_FALSE(forbidden.ok());
  EXPECT_NE(forbidden.status().message().find("forbidden"), std::string::npos);
}

TEST(AlpacaParser, MalformedBodiesAreInvalidArgumentsNamingTheProblem) {
  const std::string bar = R"("t":"2026-01-12T14:30:00Z","o":1,"h":2,"l":0.5,"c":1.5,"v":10)";
  const std::vector<MalformedCase> cases = {
      {"", "not JSON"},
      {"<html>502 Bad Gateway</html>", "not JSON"},
      {R"({"bars":[{"t":"2026-01-12T14:30:00Z")", "not JSON"},  // cut in half
      {"[1,2,3]", "not a JSON object"},
      {"{}", "no 'bars'"},
      {R"({"bars":5})", "'bars' is not an array"},
      {R"({"bars":[5]})", "bar 0 is not an object"},
      {R"({"bars":[{"o":1,"h":2,"l":0.5,"c":1.5,"v":10}]})", "bar 0 has no 't'"},
      {R"({"bars":[{"t":1768228200,"o":1,"h":2,"l":0.5,"c":1.5,"v":10}]})", "bar 0 has a non-string 't'"},
      {R"({"bars":[{"t":"2026-13-12T14:30:00Z","o":1,"h":2,"l":0.5,"c":1.5,"v":10}]})", "bad RFC-3339"},
      {R"({"bars":[{"t":"2026-01-12 14:30","o":1,"h":2,"l":0.5,"c":1.5,"v":10}]})", "bad RFC-3339"},
      {R"({"bars":[{"t":"2026-01-12T14:30:00Z","h":2,"l":0.5,"c":1.5,"v":10}]})", "bar 0 has no 'o'"},
      {R"({"bars":[{"t":"2026-01-12T14:30:00Z","o":"1","h":2,"l":0.5,"c":1.5,"v":10}]})", "'o' is not a number"},
      {R"({"bars":[{"t":"2026-01-12T14:30:00Z","o":1,"h":null,"l":0.5,"c":1.5,"v":10}]})", "'h' is not a number"},
      {R"({"bars":[{"t":"2026-01-12T14:30:00Z","o":1,"h":2,"l":-0.5,"c":1.5,"v":10}]})", "'l' is out of range"},
      {R"({"bars":[{"t":"2026-01-12T14:30:00Z","o":1,"h":2,"l":0.5,"c":1e300,"v":10}]})", "'c' is out of range"},
      {R"({"bars":[{"t":"2026-01-12T14:30:00Z","o":1,"h":2,"l":0.5,"c":1.5}]})", "bar 0 has no 'v'"},
      {R"({"bars":[{"t":"2026-01-12T14:30:00Z","o":1,"h":2,"l":0.5,"c":1.5,"v":-3}]})", "'v' is out of range"},
      {"{\"bars\":[{" + bar + ",\"n\":1.5}]}", "'n' is not an integer"},
      {"{\"bars\":[{" + bar + ",\"vw\":\"x\"}]}", "'vw' is not a number"},
      {"{\"bars\":[{" + bar + "},{" + bar + ",\"o\":true}]}", "bar 1 'o' is not a number"},
      {"{\"bars\":[],\"next_page_token\":7}", "'next_page_token' is not a string"},
      {"{\"bars\":[],\"symbol\":[]}", "'symbol' is not a string"},
  };
  for (const MalformedCase& c : cases) EXPECT_TRUE(RefusedAsMalformed(ParseAlpacaBarsPage, c, "alpaca"));
}

TEST(AlpacaParser, TimestampsHonorOffsetsAndFractions) {
  EXPECT_EQ(*ParseAlpacaTimestamp("2026-01-12T14:30:00Z"), Utc(2026, 1, 12, 14, 30));
  EXPECT_EQ(*ParseAlpacaTimestamp("2026-01-12T09:30:00-05:00"), Utc(2026, 1, 12, 14, 30));
  EXPECT_EQ(*ParseAlpacaTimestamp("2026-07-13T09:30:00-04:00"), Utc(2026, 7, 13, 13, 30));
  EXPECT_EQ(*ParseAlpacaTimestamp("2026-01-12T15:30:00+01:00"), Utc(2026, 1, 12, 14, 30));
  EXPECT_EQ(*ParseAlpacaTimestamp("2026-01-12T14:30:00.5Z"), Utc(2026, 1, 12, 14, 30) + 500000);
  EXPECT_EQ(*ParseAlpacaTimestamp("2021-02-08T09:00:00.123456789Z"), Utc(2021, 2, 8, 9, 0) + 123456);
  EXPECT_EQ(*ParseAlpacaTimestamp("2024-02-29T00:00:00Z"), Utc(2024, 2, 29, 0, 0));
  EXPECT_EQ(*ParseAlpacaTimestamp("1899-12-31T23:00:00-01:00"), Utc(1900, 1, 1, 0, 0));  // the instant is bounded
  for (const char* bad :
       {"", "2026-01-12", "2026-01-12T14:30:00", "2026-01-12 14:30:00Z", "2026-01-12T14:30Z", "2026-02-29T00:00:00Z",
        "2026-01-32T00:00:00Z", "2026-01-12T24:00:00Z", "2026-01-12T14:60:00Z", "2026-01-12T14:30:00.Z",
        "2026-01-12T14:30:00.1234567891Z", "2026-01-12T14:30:00+05", "2026-01-12T14:30:00+05:00x",
        "2026-01-12T14:30:00ZZ", "+026-01-12T14:30:00Z", "2026-01-12T14:30:00+25:00"}) {
    Result<TimestampUs> ts = ParseAlpacaTimestamp(bad);
    EXPECT_FALSE(ts.ok()) << bad;
  }
}

// --- Pull through a fake Alpaca --------------------------------------------------------------------

TEST(AlpacaProvider, FollowsNextPageTokenUntilTheLastPage) {
  FakeAlpaca alpaca;
  // Five trading days across the spring DST switch (2026-03-08): 120 bars a day in 200-bar pages.
  const PullRequest request = Request("KO", "2026-03-05", "2026-03-11", "2026-04-01");
  Result<PullResult> result = alpaca.Pull(request);
  ASSERT_TRUE(result.ok()) << result.status().ToString();

  const std::vector<qtp::testing::FakeBar> expected = qtp::testing::FakeBars5m("KO", request.first, request.last);
  ASSERT_EQ(expected.size(), 600u);
  const Bars5m& bars = result->bars5m;
  EXPECT_EQ(bars.ticker, "KO");
  ASSERT_TRUE(BarsMatchMarket(bars, expected, "alpaca"));  // every bar of the range exactly once
  for (size_t i = 0; i < bars.size(); ++i) {
    ASSERT_FALSE(std::isnan(bars.vwap[i])) << "bar " << i;
    ASSERT_NE(bars.trade_count[i], kNullInt64) << "bar " << i;
  }
  EXPECT_TRUE(result->bars1d.empty());

  EXPECT_EQ(result->requests, 3u);
  EXPECT_EQ(alpaca.fetcher.urls.size(), 3u);
  const std::vector<qtp::testing::LoggedRequest> log = alpaca.server.Requests("alpaca");
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].path, "/v2/stocks/KO/bars");
  EXPECT_TRUE(HasParams(log[0], {{"timeframe", "5Min"},
                                 {"start", "2026-03-05T05:00:00Z"},  // New York midnight (EST)
                                 {"end", "2026-03-12T03:59:59Z"},    // last second of 03-11 (EDT)
                                 {"limit", "10000"},
                                 {"adjustment", "raw"},
                                 {"feed", "iex"},
                                 {"sort", "asc"}}));
  EXPECT_EQ(log[0].params.count("page_token"), 0u);
  EXPECT_EQ(log[0].headers.at("apca-api-key-id"), FakeProviderServer::kAlpacaKeyId);
  EXPECT_EQ(log[0].headers.at("apca-api-secret-key"), FakeProviderServer::kAlpacaSecret);
  // Pages 2 and 3 carry the token the previous page ended with, and the same query otherwise.
  ASSERT_EQ(log[1].params.count("page_token"), 1u);
  ASSERT_EQ(log[2].params.count("page_token"), 1u);
  EXPECT_NE(log[1].params.at("page_token"), log[2].params.at("page_token"));
  EXPECT_EQ(log[2].params.at("start"), log[0].params.at("start"));
  EXPECT_EQ(log[2].params.at("end"), log[0].params.at("end"));
}

TEST(AlpacaProvider, SinglePageAndEmptyRanges) {
  FakeAlpaca alpaca;
  Result<PullResult> one_day = alpaca.Pull(Request("PEP", "2026-01-12", "2026-01-12", "2026-02-01"));
  ASSERT_TRUE(one_day.ok()) << one_day.status().ToString();
  EXPECT_EQ(one_day->bars5m.size(), 120u);  // pre- and post-market included: the RTH filter is ingest's
  EXPECT_EQ(one_day->requests, 1u);
  // A weekend: Alpaca answers "bars": null.
  Result<PullResult> weekend = alpaca.Pull(Request("PEP", "2026-01-10", "2026-01-11", "2026-02-01"));
  ASSERT_TRUE(weekend.ok()) << weekend.status().ToString();
  EXPECT_TRUE(weekend->bars5m.empty());
  EXPECT_EQ(weekend->requests, 1u);
}

TEST(AlpacaProvider, DailyBarsCarryTheExchangeDate) {
  FakeAlpaca alpaca;
  const PullRequest request = Request("XLP", "2025-10-20", "2025-11-14", "2026-01-01", Interval::kDaily);
  Result<PullResult> result = alpaca.Pull(request);  // spans the autumn DST switch
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const Bars1d& days = result->bars1d;
  ASSERT_EQ(days.size(), 20u);
  EXPECT_TRUE(BarsMatchMarket(days, qtp::testing::FakeBars1d("XLP", request.first, request.last), "alpaca"));
  for (size_t i = 0; i < days.size(); ++i) EXPECT_EQ(days.n_bars[i], kNullInt64) << FormatDate(days.date[i]);
  EXPECT_TRUE(result->bars5m.empty());
  EXPECT_EQ(alpaca.server.Requests("alpaca").at(0).params.at("timeframe"), "1Day");
}

TEST(AlpacaProvider, WrongCredentialsAreAnError) {
  FakePull<AlpacaProvider> alpaca("", FakeProviderServer::kAlpacaKeyId, "not-the-secret");
  Result<PullResult> result = alpaca.Pull(Request("KO", "2026-01-12", "2026-01-13", "2026-02-01"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);  // 403 from the fetcher
  EXPECT_NE(result.status().message().find("alpaca KO"), std::string::npos) << result.status().message();
  EXPECT_EQ(result.status().message().find("not-the-secret"), std::string::npos);
  EXPECT_EQ(alpaca.server.RequestCount("alpaca"), 1u);
}

TEST(AlpacaProvider, MalformedPageFailsThePullNamingTheTicker) {
  FakeAlpaca alpaca;
  alpaca.server.QueueFaults("alpaca", {qtp::testing::Fault{qtp::testing::FaultKind::kMalformed, 0, 0}});
  Result<PullResult> result = alpaca.Pull(Request("KO", "2026-01-12", "2026-01-13", "2026-02-01"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("alpaca KO: reply is not JSON"), std::string::npos)
      << result.status().message();
}

TEST(AlpacaProvider, ServerErrorOnALaterPageFailsThePull) {
  FakeAlpaca alpaca;
  FakeProviderServer& server = alpaca.server;
  server.OnRequest([&server](const std::string& provider_name, size_t count) {
    if (provider_name == "alpaca" && count == 1) {
      server.QueueFaults("alpaca", {qtp::testing::Fault{qtp::testing::FaultKind::kServerError, 0, 0}});
    }
  });
  Result<PullResult> result = alpaca.Pull(Request("KO", "2026-01-12", "2026-01-16", "2026-02-01"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(server.RequestCount("alpaca"), 2u);
}

TEST(AlpacaProvider, RequestsReachingTodayAreNotCacheable) {
  FakeAlpaca alpaca;
  AlpacaProvider& provider = alpaca.provider;
  RecordingFetcher fetcher;
  ASSERT_TRUE(provider.Pull(Request("KO", "2026-01-12", "2026-01-13", "2026-01-14"), fetcher).ok());
  ASSERT_EQ(fetcher.requests.size(), 2u);
  EXPECT_TRUE(fetcher.requests[0].cacheable);
  EXPECT_TRUE(fetcher.requests[1].cacheable);
  fetcher.requests.clear();
  ASSERT_TRUE(provider.Pull(Request("KO", "2026-01-12", "2026-01-13", "2026-01-13"), fetcher).ok());
  ASSERT_FALSE(fetcher.requests.empty());
  for (const HttpRequest& r : fetcher.requests) EXPECT_FALSE(r.cacheable) << r.url;
}

TEST(AlpacaProvider, RejectsAnEmptyRange) {
  FakeAlpaca alpaca;
  Result<PullResult> result = alpaca.Pull(Request("KO", "2026-01-13", "2026-01-12", "2026-02-01"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(alpaca.server.RequestCount("alpaca"), 0u);
}

}  // namespace
}  // namespace qtp::providers
