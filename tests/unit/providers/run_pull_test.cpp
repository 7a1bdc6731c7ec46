// The whole pull path against the local fake providers, over real HTTP (libcurl): connectors,
// PoliteFetcher, fallback, resume, budgets, the RTH filter and the store.
#include "qtp/data/providers/run_pull.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include <fmt/format.h>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/data/providers/session.h"
#include "qtp/data/store/schema.h"
#include "test_util/fake_provider_server.h"
#include "test_util/temp_dir.h"

namespace qtp::providers {
namespace {

using testing::FakeBar;
using testing::FakeProviderServer;
using testing::Fault;
using testing::FaultKind;

DateDays DateOf(const char* text) { return ParseDate(text).value(); }

class RunPullTest : public ::testing::Test {
 protected:
  RunPullTest() {
    const std::string base = server_.base_url();
    env_ = {{"QTP_ALPACA_BASE_URL", base},
            {"QTP_IBKR_BASE_URL", base + "/v1/api"},
            {"QTP_YAHOO_BASE_URL", base},
            {"QTP_ALPHA_VANTAGE_BASE_URL", base},
            {"QTP_FMP_BASE_URL", base},
            {"APCA_API_KEY_ID", FakeProviderServer::kAlpacaKeyId},
            {"APCA_API_SECRET_KEY", FakeProviderServer::kAlpacaSecret},
            {"ALPHAVANTAGE_API_KEY", FakeProviderServer::kAlphaVantageKey},
            {"FMP_API_KEY", FakeProviderServer::kFmpKey}};
    for (config::ProviderSettings* p :
         {&sources_.alpaca, &sources_.ibkr, &sources_.yahoo, &sources_.alpha_vantage, &sources_.fmp}) {
      p->enabled = true;
      p->backoff_base_ms = 1;
      p->max_retries = 2;
      p->rate_limit_per_minute = 0;
      p->max_calls_per_day = 0;
    }
    sources_.priority = {"alpaca", "fmp", "ibkr", "alpha_vantage", "yahoo", "simulated"};
  }

  config::ProviderSettings& Settings(const std::string& provider) {
    std::map<std::string, config::ProviderSettings*> by_name = {{"alpaca", &sources_.alpaca},
                                                                {"ibkr", &sources_.ibkr},
                                                                {"yahoo", &sources_.yahoo},
                                                                {"alpha_vantage", &sources_.alpha_vantage},
                                                                {"fmp", &sources_.fmp}};
    return *by_name.at(provider);
  }

  config::EnvLookup Env() const {
    return [env = env_](const std::string& name) -> std::optional<std::string> {
      auto it = env.find(name);
      if (it == env.end()) return std::nullopt;
      return it->second;
    };
  }

  std::unique_ptr<Store> OpenStore(const std::string& run = "run1") const {
    Result<std::unique_ptr<Store>> store = Store::Open({dir_.path() + "/data", run, StoreMode::kWrite, 0});
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return std::move(store).value();
  }

  // Pulls with `choice` into the store; returns RunPull's status.
  Status Pull(const std::string& choice, const std::vector<std::string>& tickers, DateDays first, DateDays last,
              PullReport* report, std::map<std::string, FetchStats>* stats = nullptr,
              Interval interval = Interval::k5Min, DateDays today = DateOf("2026-11-27")) {
    std::unique_ptr<Store> store = OpenStore();
    FetcherClock clock;
    clock.sleep = [this](std::chrono::milliseconds ms) { sleeps_.push_back(ms.count()); };
    Result<std::unique_ptr<ProviderSession>> session =
        ProviderSession::Open(sources_, limits_, choice, Env(), dir_.path() + "/data", clock);
    if (!session.ok()) return session.status();
    Ingestor ingestor(*store);
    PullPlanRequest request;
    request.tickers = tickers;
    request.first = first;
    request.last = last;
    request.interval = interval;
    request.today = today;
    const Status status = RunPull(*store, ingestor, (*session)->chain(), request, report);
    if (stats != nullptr) *stats = (*session)->fetch_stats();
    return status;
  }

  Bars5m Stored(const std::string& ticker) const {
    std::unique_ptr<Store> store = OpenStore("reader");
    const std::vector<std::string> tickers = store->Tickers(schema::RawBars5m());
    if (std::find(tickers.begin(), tickers.end(), ticker) == tickers.end()) return Bars5m{};
    return schema::Bars5mFromTable(ticker, store->Read(schema::RawBars5m(), ticker).value());
  }

  // Every regular-session bar of the fake market in [first, last] is stored exactly once, with the fake
  // market's prices (to the cent), and tagged with `source_prefix`.
  void ExpectExactlyTheSessionBars(const std::string& ticker, DateDays first, DateDays last,
                                   const std::string& source_prefix) const {
    std::map<TimestampUs, FakeBar> expected;
    for (const FakeBar& bar : testing::FakeBars5m(ticker, first, last)) {
      if (NyseCalendar::Get().IsRegularSessionBar(bar.start_utc)) expected[bar.start_utc] = bar;
    }
    const Bars5m stored = Stored(ticker);
    ASSERT_EQ(stored.size(), expected.size()) << ticker << " " << source_prefix;
    for (size_t i = 0; i < stored.size(); ++i) {
      auto it = expected.find(stored.ts[i]);
      ASSERT_NE(it, expected.end()) << FormatTimestampUtc(stored.ts[i]);
      EXPECT_NEAR(stored.close[i], it->second.close, 0.005) << FormatTimestampUtc(stored.ts[i]);
      EXPECT_NEAR(stored.open[i], it->second.open, 0.005);
      EXPECT_NEAR(stored.high[i], it->second.high, 0.005);
      EXPECT_NEAR(stored.low[i], it->second.low, 0.005);
      EXPECT_EQ(stored.source[i].rfind(source_prefix, 0), 0u) << stored.source[i];
      if (i > 0) {
        EXPECT_LT(stored.ts[i - 1], stored.ts[i]);
      }
    }
  }

  FakeProviderServer server_;
  test_util::TempDir dir_;
  std::map<std::string, std::string> env_;
  config::DataSources sources_;
  config::SystemLimits limits_;
  std::vector<int64_t> sleeps_;
};

TEST_F(RunPullTest, EveryProviderDeliversEachSessionBarOnceAcrossAMonthBoundary) {
  // 2024-02-26 .. 2024-03-05: two calendar months, so month-sliced providers make two pulls.
  for (const std::string provider : {"alpaca", "ibkr", "alpha_vantage", "fmp"}) {
    SCOPED_TRACE(provider);
    const std::string ticker = provider == "alpha_vantage" ? "MSFT" : "KO";
    PullReport report;
    ASSERT_TRUE(Pull(provider, {ticker}, DateOf("2024-02-26"), DateOf("2024-03-05"), &report).ok());
    ExpectExactlyTheSessionBars(ticker, DateOf("2024-02-26"), DateOf("2024-03-05"), provider);
    EXPECT_EQ(report.pulls, 2u);
    if (provider != "ibkr") {  // IBKR filters with outsideRth=false itself; the others send pre/post-market bars
      EXPECT_GT(report.bars_outside_session, 0u);
    }
    std::filesystem::remove_all(dir_.path() + "/data");
  }
}

TEST_F(RunPullTest, YahooServesRecentFiveMinuteBarsAndRefusesOlderOnesSoIngestFallsBack) {
  const DateDays today = DateOf("2026-11-27");
  PullReport report;
  ASSERT_TRUE(
      Pull("yahoo", {"AAPL"}, DateOf("2026-11-02"), DateOf("2026-11-13"), &report, nullptr, Interval::k5Min, today)
          .ok());
  ExpectExactlyTheSessionBars("AAPL", DateOf("2026-11-02"), DateOf("2026-11-13"), "yahoo");
  PullReport old;
  const Status refused =
      Pull("yahoo", {"AAPL"}, DateOf("2025-01-06"), DateOf("2025-01-10"), &old, nullptr, Interval::k5Min, today);
  EXPECT_EQ(refused.code(), StatusCode::kUnavailable);
  ASSERT_EQ(old.failures.size(), 1u);
  EXPECT_NE(old.failures[0].find("60 days"), std::string::npos) << old.failures[0];
}

TEST_F(RunPullTest, EveryProviderRetriesA429AServerErrorAndATimeoutThenTheDataArrives) {
  for (const std::string provider : {"alpaca", "ibkr", "yahoo", "alpha_vantage", "fmp"}) {
    SCOPED_TRACE(provider);
    // Yahoo serves 5-minute bars of the last 59 days only.
    const DateDays first = provider == "yahoo" ? DateOf("2026-11-02") : DateOf("2024-03-04");
    const DateDays last = first + 4;
    config::ProviderSettings& settings = Settings(provider);
    // A month of Alpha Vantage JSON takes the fake a while to build: a timeout with headroom, a stall far past it.
    settings.timeout_ms = 2000;
    settings.max_retries = 3;
    server_.QueueFaults(
        provider, {{FaultKind::kRateLimited, 2, 0}, {FaultKind::kServerError, 0, 0}, {FaultKind::kStall, 0, 4000}});
    sleeps_.clear();
    PullReport report;
    std::map<std::string, FetchStats> stats;
    ASSERT_TRUE(Pull(provider, {"PEP"}, first, last, &report, &stats).ok());
    ExpectExactlyTheSessionBars("PEP", first, last, provider);
    EXPECT_EQ(stats[provider].rate_limited, 1u);
    EXPECT_EQ(stats[provider].server_errors, 1u);
    EXPECT_EQ(stats[provider].timeouts, 1u);
    EXPECT_EQ(stats[provider].retries, 3u);
    ASSERT_FALSE(sleeps_.empty());
    EXPECT_EQ(sleeps_.front(), 2000);  // Retry-After: 2
    EXPECT_EQ(report.fallbacks, 0u);
    std::filesystem::remove_all(dir_.path() + "/data");
  }
}

TEST_F(RunPullTest, APersistentlyFailingPrimaryFallsBackToTheBackupForThatPullOnly) {
  // alpaca: 3 failures = max_retries + 1 for the first pull, then healthy again.
  server_.QueueFaults(
      "alpaca", {{FaultKind::kServerError, 0, 0}, {FaultKind::kServerError, 0, 0}, {FaultKind::kServerError, 0, 0}});
  PullReport report;
  ASSERT_TRUE(Pull("auto", {"KO"}, DateOf("2024-02-26"), DateOf("2024-03-05"), &report).ok());
  EXPECT_EQ(report.fallbacks, 1u);
  ASSERT_EQ(report.fallback_notes.size(), 1u);
  EXPECT_NE(report.fallback_notes[0].find("served by fmp"), std::string::npos) << report.fallback_notes[0];
  EXPECT_EQ(report.providers["fmp"].pulls_served, 1u);
  EXPECT_EQ(report.providers["alpaca"].pulls_served, 1u);
  const Bars5m stored = Stored("KO");
  std::set<std::string> february_sources, march_sources;
  for (size_t i = 0; i < stored.size(); ++i) {
    (CivilFromDays(NyseCalendar::ExchangeDate(stored.ts[i])).month == 2 ? february_sources : march_sources)
        .insert(stored.source[i].substr(0, stored.source[i].find(';')));
  }
  EXPECT_EQ(february_sources, std::set<std::string>{"fmp"});
  EXPECT_EQ(march_sources, std::set<std::string>{"alpaca"});
  EXPECT_EQ(stored.size(), 7u * 78u);
}

TEST_F(RunPullTest, AResumedPullAsksOnlyForTheDaysNotStored) {
  PullReport first;
  ASSERT_TRUE(Pull("alpaca", {"KO"}, DateOf("2024-03-04"), DateOf("2024-03-08"), &first).ok());
  const size_t requests_before = server_.RequestCount("alpaca");
  PullReport second;
  ASSERT_TRUE(Pull("alpaca", {"KO"}, DateOf("2024-03-04"), DateOf("2024-03-15"), &second).ok());
  EXPECT_EQ(second.days_already_stored, 5u);
  const std::vector<testing::LoggedRequest> log = server_.Requests("alpaca");
  for (size_t i = requests_before; i < log.size(); ++i) {
    EXPECT_GE(log[i].params.at("start"), std::string("2024-03-11")) << log[i].query;
  }
  ExpectExactlyTheSessionBars("KO", DateOf("2024-03-04"), DateOf("2024-03-15"), "alpaca");
  // Everything stored: a third run makes no request at all.
  const size_t requests_after = server_.RequestCount("alpaca");
  PullReport third;
  ASSERT_TRUE(Pull("alpaca", {"KO"}, DateOf("2024-03-04"), DateOf("2024-03-15"), &third).ok());
  EXPECT_EQ(server_.RequestCount("alpaca"), requests_after);
  EXPECT_EQ(third.pulls, 0u);
  EXPECT_EQ(third.ingest.rows_added, 0u);
}

TEST_F(RunPullTest, AMalformedReplyStoresNothingAndNamesTheProviderAndTicker) {
  for (const std::string provider : {"alpaca", "ibkr", "yahoo", "alpha_vantage", "fmp"}) {
    SCOPED_TRACE(provider);
    const DateDays first = provider == "yahoo" ? DateOf("2026-11-02") : DateOf("2024-03-04");
    server_.QueueFaults(provider, {{FaultKind::kMalformed, 0, 0}});
    PullReport report;
    const Status s = Pull(provider, {"KO"}, first, first + 4, &report);
    EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s.ToString();
    ASSERT_EQ(report.failures.size(), 1u);
    EXPECT_NE(report.failures[0].find(fmt::format("KO {}..{}: {}", FormatDate(first), FormatDate(first + 4), provider)),
              std::string::npos)
        << report.failures[0];
    EXPECT_NE(report.failures[0].find("InvalidArgument"), std::string::npos) << report.failures[0];
    EXPECT_TRUE(Stored("KO").empty());
    std::filesystem::remove_all(dir_.path() + "/data");
  }
}

TEST_F(RunPullTest, ASpentDailyBudgetStopsTheRunWithAClearErrorAndKeepsFinishedTickers) {
  PullReport probe;
  ASSERT_TRUE(Pull("fmp", {"KO"}, DateOf("2024-03-04"), DateOf("2024-03-08"), &probe).ok());
  const int64_t per_ticker = static_cast<int64_t>(server_.RequestCount("fmp"));
  std::filesystem::remove_all(dir_.path() + "/data");
  sources_.fmp.max_calls_per_day = per_ticker;  // one ticker fits, the second does not
  PullReport report;
  const Status s = Pull("fmp", {"KO", "PEP"}, DateOf("2024-03-04"), DateOf("2024-03-08"), &report);
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded) << s.ToString();
  EXPECT_NE(s.message().find("budget"), std::string::npos) << s.message();
  EXPECT_TRUE(report.providers["fmp"].budget_spent);
  ASSERT_FALSE(report.failures.empty());
  EXPECT_NE(report.failures.back().find("fmp.max_calls_per_day"), std::string::npos) << report.failures.back();
  ExpectExactlyTheSessionBars("KO", DateOf("2024-03-04"), DateOf("2024-03-08"), "fmp");
  EXPECT_TRUE(Stored("PEP").empty());
}

TEST_F(RunPullTest, WithoutAnyCredentialAutoExplainsWhatIsMissing) {
  env_.clear();
  sources_.ibkr.enabled = false;
  sources_.yahoo.enabled = false;
  PullReport report;
  const Status s = Pull("auto", {"KO"}, DateOf("2024-03-04"), DateOf("2024-03-08"), &report);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find("APCA_API_KEY_ID"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("simulated: the simulated market is written by `qtp simulate`"), std::string::npos);
}

TEST(PlanPulls, RunsOfMissingDaysNeverCrossAMonthOrExceedTheBatch) {
  const NyseCalendar& calendar = NyseCalendar::Get();
  std::vector<DateDays> missing = calendar.TradingDays(DateOf("2024-02-20"), DateOf("2024-03-12"));
  // A stored hole in the middle: 2024-03-05 and 03-06 are not asked for again.
  missing.erase(std::remove_if(missing.begin(), missing.end(),
                               [](DateDays d) { return d == DateOf("2024-03-05") || d == DateOf("2024-03-06"); }),
                missing.end());
  const std::vector<std::pair<DateDays, DateDays>> pulls = PlanPulls(missing, 3);
  const std::vector<std::pair<DateDays, DateDays>> expected = {
      {DateOf("2024-02-20"), DateOf("2024-02-22")}, {DateOf("2024-02-23"), DateOf("2024-02-27")},
      {DateOf("2024-02-28"), DateOf("2024-02-29")}, {DateOf("2024-03-01"), DateOf("2024-03-04")},
      {DateOf("2024-03-07"), DateOf("2024-03-11")}, {DateOf("2024-03-12"), DateOf("2024-03-12")}};
  EXPECT_EQ(pulls, expected);
}

}  // namespace
}  // namespace qtp::providers
