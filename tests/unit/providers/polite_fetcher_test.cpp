// PoliteFetcher's policy, driven by a scripted transport and a fake clock: retries, Retry-After,
// backoff with jitter, budgets, pacing, the raw-response cache and secret redaction.
#include "qtp/data/providers/polite_fetcher.h"

#include <gtest/gtest.h>

#include <deque>
#include <filesystem>
#include <fstream>

#include "test_util/temp_dir.h"

namespace qtp::providers {
namespace {

using std::chrono::milliseconds;

// Replies in order; records every URL asked.
class ScriptedTransport : public HttpTransport {
 public:
  void Push(int status, std::string body, std::map<std::string, std::string> headers = {}) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    replies_.push_back(std::move(r));
  }
  void PushTimeout() { replies_.push_back(Status::Unavailable("timed out after 100 ms (timeout_ms)")); }
  Result<HttpResponse> Get(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
                           int /*timeout_ms*/) override {
    urls.push_back(url);
    last_headers = headers;
    if (replies_.empty()) return Status::Internal("script exhausted");
    Result<HttpResponse> r = std::move(replies_.front());
    replies_.pop_front();
    return r;
  }
  std::vector<std::string> urls;
  std::vector<std::pair<std::string, std::string>> last_headers;

 private:
  std::deque<Result<HttpResponse>> replies_;
};

// A steady clock that only moves when the fetcher sleeps.
struct FakeTime {
  std::chrono::steady_clock::time_point now{};
  std::vector<int64_t> sleeps_ms;
  FetcherClock Clock(uint64_t seed = 7) {
    FetcherClock c;
    c.now = [this] { return now; };
    c.sleep = [this](milliseconds ms) {
      sleeps_ms.push_back(ms.count());
      now += ms;
    };
    c.jitter_seed = seed;
    return c;
  }
};

config::ProviderSettings Settings(int retries = 3, int per_minute = 0, int64_t per_day = 0) {
  config::ProviderSettings s;
  s.max_retries = retries;
  s.backoff_base_ms = 100;
  s.rate_limit_per_minute = per_minute;
  s.max_calls_per_day = per_day;
  return s;
}

class PoliteFetcherTest : public ::testing::Test {
 protected:
  PoliteFetcherTest()
      : ledger_(ApiUsageLedger::Open("", 0).value()),
        system_bucket_(
            0, 0, [] { return std::chrono::steady_clock::time_point{}; }, [](milliseconds) {}),
        cache_(dir_.path() + "/cache") {}

  PoliteFetcher Make(const config::ProviderSettings& settings, std::vector<std::string> secrets = {}) {
    return PoliteFetcher("alpaca", settings, transport_, ledger_, system_bucket_, cache_, std::move(secrets),
                         time_.Clock());
  }

  test_util::TempDir dir_;
  ScriptedTransport transport_;
  ApiUsageLedger ledger_;
  TokenBucket system_bucket_;
  ResponseCache cache_;
  FakeTime time_;
};

AcceptBody Keep(std::string* into) {
  return [into](std::string_view body) {
    *into = std::string(body);
    return Status::OK();
  };
}

TEST_F(PoliteFetcherTest, Waits429sRetryAfterThenSucceeds) {
  transport_.Push(429, R"({"message":"too many requests."})", {{"retry-after", "7"}});
  transport_.Push(200, "ok");
  PoliteFetcher fetcher = Make(Settings());
  std::string body;
  ASSERT_TRUE(fetcher.Get({"http://x/v2/bars", {}, true}, Keep(&body)).ok());
  EXPECT_EQ(body, "ok");
  EXPECT_EQ(time_.sleeps_ms, std::vector<int64_t>{7000});  // exactly Retry-After, not the backoff
  EXPECT_EQ(fetcher.stats().requests, 2u);
  EXPECT_EQ(fetcher.stats().rate_limited, 1u);
  EXPECT_EQ(fetcher.stats().retries, 1u);
}

TEST_F(PoliteFetcherTest, BacksOffExponentiallyWithJitterOn5xxAndTimeouts) {
  transport_.Push(500, "oops");
  transport_.PushTimeout();
  transport_.Push(503, "busy");
  transport_.Push(200, "ok");
  PoliteFetcher fetcher = Make(Settings(3));
  std::string body;
  ASSERT_TRUE(fetcher.Get({"http://x/a", {}, true}, Keep(&body)).ok());
  ASSERT_EQ(time_.sleeps_ms.size(), 3u);
  for (size_t k = 0; k < 3; ++k) {
    const double base = 100.0 * (1 << k);  // backoff_base_ms · 2^k, times a jitter in [0.5, 1.5)
    EXPECT_GE(time_.sleeps_ms[k], 0.5 * base) << k;
    EXPECT_LT(time_.sleeps_ms[k], 1.5 * base) << k;
  }
  EXPECT_EQ(fetcher.stats().server_errors, 2u);
  EXPECT_EQ(fetcher.stats().timeouts, 1u);
}

TEST_F(PoliteFetcherTest, GivesUpAfterMaxRetriesWithTheLastError) {
  for (int i = 0; i < 3; ++i) transport_.Push(500, "still down");
  PoliteFetcher fetcher = Make(Settings(2));
  std::string body;
  const Status s = fetcher.Get({"http://x/a", {}, true}, Keep(&body));
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("gave up after 3 attempt(s)"), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("HTTP 500"), std::string::npos) << s.ToString();
  EXPECT_EQ(transport_.urls.size(), 3u);
}

TEST_F(PoliteFetcherTest, AHugeRetryAfterGivesUpAtOnceSoIngestCanFallBack) {
  transport_.Push(429, "slow down", {{"retry-after", "3600"}});
  PoliteFetcher fetcher = Make(Settings(5));
  std::string body;
  const Status s = fetcher.Get({"http://x/a", {}, true}, Keep(&body));
  EXPECT_EQ(s.code(), StatusCode::kRateLimited);
  EXPECT_TRUE(time_.sleeps_ms.empty());
}

TEST_F(PoliteFetcherTest, ClientErrorsAreNotRetried) {
  transport_.Push(404, R"({"message":"not found"})");
  transport_.Push(403, R"({"message":"forbidden"})");
  PoliteFetcher fetcher = Make(Settings(5));
  std::string body;
  EXPECT_EQ(fetcher.Get({"http://x/a", {}, true}, Keep(&body)).code(), StatusCode::kNotFound);
  const Status forbidden = fetcher.Get({"http://x/b", {}, true}, Keep(&body));
  EXPECT_EQ(forbidden.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(forbidden.message().find("credentials rejected"), std::string::npos);
  EXPECT_EQ(transport_.urls.size(), 2u);
  EXPECT_TRUE(time_.sleeps_ms.empty());
}

TEST_F(PoliteFetcherTest, SoftRefusalInsideA200IsRetriedAndAMalformedBodyIsNeitherRetriedNorCached) {
  transport_.Push(200, R"({"Note":"call frequency"})");
  transport_.Push(200, "good");
  PoliteFetcher fetcher = Make(Settings(3));
  int calls = 0;
  const AcceptBody judge = [&calls](std::string_view body) {
    ++calls;
    if (body.find("Note") != std::string_view::npos) return Status::RateLimited("soft limit");
    if (body == "broken") return Status::InvalidArgument("alpaca: reply is not JSON");
    return Status::OK();
  };
  ASSERT_TRUE(fetcher.Get({"http://x/a", {}, true}, judge).ok());
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(time_.sleeps_ms.size(), 1u);

  transport_.Push(200, "broken");
  const Status s = fetcher.Get({"http://x/b", {}, true}, judge);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(transport_.urls.size(), 3u);
  EXPECT_FALSE(cache_.Lookup("alpaca", "http://x/b").has_value());
}

TEST_F(PoliteFetcherTest, ACachedReplyCostsNoCallUnlessTheRequestIsNotCacheable) {
  transport_.Push(200, "page");
  PoliteFetcher fetcher = Make(Settings());
  std::string body;
  ASSERT_TRUE(fetcher.Get({"http://x/a?apikey=SECRET1", {}, true}, Keep(&body)).ok());
  body.clear();
  ASSERT_TRUE(fetcher.Get({"http://x/a?apikey=SECRET1", {}, true}, Keep(&body)).ok());
  EXPECT_EQ(body, "page");
  EXPECT_EQ(transport_.urls.size(), 1u);
  EXPECT_EQ(fetcher.stats().cache_hits, 1u);
  // Today's bars may still change: never served from the cache.
  transport_.Push(200, "fresh");
  ASSERT_TRUE(fetcher.Get({"http://x/a?apikey=SECRET1", {}, false}, Keep(&body)).ok());
  EXPECT_EQ(body, "fresh");
  // The cache file holds neither the key nor a name derived from it.
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_.path())) {
    EXPECT_EQ(entry.path().string().find("SECRET1"), std::string::npos);
  }
}

TEST_F(PoliteFetcherTest, SecretsNeverReachErrorMessages) {
  transport_.Push(401, R"({"message":"invalid key SECRET-KEY-42"})");
  PoliteFetcher fetcher = Make(Settings(), {"SECRET-KEY-42"});
  std::string body;
  const Status s = fetcher.Get(
      {"http://x/q?symbol=A&apikey=SECRET-KEY-42&x=1", {{"APCA-API-KEY-ID", "SECRET-KEY-42"}}, true}, Keep(&body));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message().find("SECRET-KEY-42"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("apikey=***"), std::string::npos) << s.message();
  EXPECT_EQ(transport_.last_headers.at(0).second, "SECRET-KEY-42");  // the header itself is sent
}

TEST(Redact, ReplacesSecretValuesAndKeyLikeQueryParameters) {
  EXPECT_EQ(Redact("https://h/q?function=X&apikey=abc123&symbol=IBM", {}),
            "https://h/q?function=X&apikey=***&symbol=IBM");
  EXPECT_EQ(Redact("https://h/q?token=t0k&api_key=k", {}), "https://h/q?token=***&api_key=***");
  EXPECT_EQ(Redact("key id PKABC and PKABC again", {"PKABC", ""}), "key id *** and *** again");
  EXPECT_EQ(Redact("https://h/q?monkey=1", {}), "https://h/q?monkey=1");
}

TEST_F(PoliteFetcherTest, TheProviderDailyBudgetStopsCallsWithAClearError) {
  for (int i = 0; i < 3; ++i) transport_.Push(200, "ok");
  PoliteFetcher fetcher = Make(Settings(3, 0, 2));
  std::string body;
  ASSERT_TRUE(fetcher.Get({"http://x/1", {}, false}, Keep(&body)).ok());
  ASSERT_TRUE(fetcher.Get({"http://x/2", {}, false}, Keep(&body)).ok());
  const Status s = fetcher.Get({"http://x/3", {}, false}, Keep(&body));
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded);
  EXPECT_NE(s.message().find("alpaca.max_calls_per_day = 2 in config/data_sources.yaml"), std::string::npos)
      << s.message();
  EXPECT_EQ(transport_.urls.size(), 2u);
}

TEST_F(PoliteFetcherTest, TheTokenBucketPacesRequestsToTheConfiguredRate) {
  for (int i = 0; i < 62; ++i) transport_.Push(200, "ok");
  PoliteFetcher fetcher = Make(Settings(0, 60));  // 60 a minute: a burst of 60, then one a second
  std::string body;
  for (int i = 0; i < 62; ++i) {
    ASSERT_TRUE(fetcher.Get({"http://x/" + std::to_string(i), {}, false}, Keep(&body)).ok());
  }
  EXPECT_EQ(time_.sleeps_ms, (std::vector<int64_t>{1000, 1000}));
  EXPECT_EQ(fetcher.stats().waited_ms, 2000);
}

TEST(TokenBucket, AfterTheBurstOneTokenPerIntervalWithoutOvershoot) {
  std::chrono::steady_clock::time_point now{};
  std::vector<int64_t> sleeps;
  TokenBucket bucket(
      120, 2, [&] { return now; },
      [&](milliseconds ms) {
        sleeps.push_back(ms.count());
        now += ms;
      });
  for (int i = 0; i < 6; ++i) bucket.Acquire();
  // 2 at once, then one every 500 ms.
  EXPECT_EQ(sleeps, (std::vector<int64_t>{500, 500, 500, 500}));
  now += std::chrono::seconds(10);  // idle time refills to the burst size only
  sleeps.clear();
  for (int i = 0; i < 3; ++i) bucket.Acquire();
  EXPECT_EQ(sleeps, std::vector<int64_t>{500});
}

TEST(ApiUsageLedger, CountsAcrossCommandsAndForgetsCallsOlderThanADay) {
  test_util::TempDir dir;
  const std::string path = dir.path() + "/staging/api_usage.json";
  int64_t now = 1'700'000'000;
  {
    ApiUsageLedger ledger = ApiUsageLedger::Open(path, 3, [&] { return now; }).value();
    ASSERT_TRUE(ledger.Reserve("alpha_vantage", 0).ok());
    ASSERT_TRUE(ledger.Reserve("fmp", 0).ok());
  }
  now += 3600;
  ApiUsageLedger again = ApiUsageLedger::Open(path, 3, [&] { return now; }).value();  // a later command
  EXPECT_EQ(again.CallsLastDay(""), 2);
  ASSERT_TRUE(again.Reserve("fmp", 0).ok());
  const Status spent = again.Reserve("fmp", 0);
  EXPECT_EQ(spent.code(), StatusCode::kLimitExceeded);
  EXPECT_NE(spent.message().find("api_calls_per_day = 3 in config/system_limits.yaml"), std::string::npos);
  now += 23 * 3600 + 60;  // the first two calls leave the window (counted by the minute: up to 60 s late)
  EXPECT_TRUE(again.Reserve("fmp", 0).ok());
  EXPECT_EQ(again.CallsLastDay("fmp"), 2);
}

TEST(ApiUsageLedger, ACorruptLedgerIsAClearError) {
  test_util::TempDir dir;
  const std::string path = dir.path() + "/api_usage.json";
  std::ofstream(path) << "[1,2";
  const Result<ApiUsageLedger> ledger = ApiUsageLedger::Open(path, 10);
  ASSERT_FALSE(ledger.ok());
  EXPECT_EQ(ledger.status().code(), StatusCode::kCorruption);
  EXPECT_NE(ledger.status().message().find("delete it"), std::string::npos);
}

}  // namespace
}  // namespace qtp::providers
