// `qtp ingest`, `qtp refresh` and `qtp providers check` end to end: the real binary against the local
// fake providers (tests/test_util/fake_provider_server.h), configured through config/data_sources.yaml
// and .env exactly as a user would.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "qtp/calendar/nyse_calendar.h"

#include "test_util/fake_provider_server.h"
#include "test_util/qtp_project.h"

namespace qtp {
namespace {

using test_util::QtpProject;
using testing::FakeBar;
using testing::FakeProviderServer;
using testing::Fault;
using testing::FaultKind;

class IngestCli : public ::testing::Test {
 protected:
  IngestCli() {
    // Retries without waiting seconds; ibkr and yahoo enabled as the defaults leave them off.
    std::string yaml = "priority: [alpaca, fmp, ibkr, alpha_vantage, yahoo, simulated]\n";
    for (const char* p : {"alpaca", "ibkr", "yahoo", "alpha_vantage", "fmp"}) {
      yaml += fmt::format(
          "{}:\n  enabled: true\n  backoff_base_ms: 1\n  max_retries: 2\n  rate_limit_per_minute: 0\n"
          "  max_calls_per_day: 0\n",
          p);
    }
    test_util::WriteFileText(project_.root() + "/config/data_sources.yaml", yaml);
    WriteDotEnv(FakeProviderServer::kAlpacaSecret);
  }

  void WriteDotEnv(const std::string& alpaca_secret) const {
    const std::string base = server_.base_url();
    test_util::WriteFileText(
        project_.root() + "/.env",
        fmt::format("# fake providers on loopback\nQTP_ALPACA_BASE_URL={0}\nQTP_IBKR_BASE_URL={0}/v1/api\n"
                    "QTP_YAHOO_BASE_URL={0}\nQTP_ALPHA_VANTAGE_BASE_URL={0}\nQTP_FMP_BASE_URL={0}\n"
                    "export APCA_API_KEY_ID={1}\nAPCA_API_SECRET_KEY=\"{2}\"\n"
                    "ALPHAVANTAGE_API_KEY={3}\nFMP_API_KEY='{4}'\n",
                    base, FakeProviderServer::kAlpacaKeyId, alpaca_secret, FakeProviderServer::kAlphaVantageKey,
                    FakeProviderServer::kFmpKey));
  }

  std::vector<std::string> Ingest(const std::string& provider, const std::string& tickers, const std::string& start,
                                  const std::string& end) const {
    return {"ingest", "--provider", provider, "--tickers", tickers, "--start", start, "--end", end};
  }

  std::string Rows() const {
    std::string out;
    for (const auto& row : project_.Query(test_util::BarDigestSql())) out += fmt::format("{}\n", fmt::join(row, ","));
    return out;
  }

  FakeProviderServer server_;
  QtpProject project_;
};

TEST_F(IngestCli, PullsTheSessionBarsAndARerunAsksTheProvidersForNothing) {
  const test_util::ProcessResult first = project_.RunOk(Ingest("auto", "KO,PEP", "2024-03-04", "2024-03-15"));
  EXPECT_NE(first.out.find("pulled 2 ticker(s)"), std::string::npos) << first.out;
  EXPECT_EQ(project_.QueryValue("SELECT count(*) FROM bars_5m_raw"), std::to_string(2 * 10 * 78));
  EXPECT_EQ(project_.QueryValue("SELECT count(*) FROM bars_5m_raw WHERE source <> 'alpaca'"), "0");
  const size_t requests = server_.RequestCount("alpaca");
  const std::string manifest = project_.Manifest();

  const test_util::ProcessResult again = project_.RunOk(Ingest("auto", "KO,PEP", "2024-03-04", "2024-03-15"));
  EXPECT_EQ(server_.RequestCount("alpaca"), requests);
  EXPECT_NE(again.out.find("20 already stored"), std::string::npos) << again.out;
  EXPECT_TRUE(test_util::SameManifest(project_.Manifest(), manifest));
  // The rest of the pipeline takes provider bars like any other.
  project_.RunOk({"--quiet", "clean"});
  EXPECT_EQ(project_.QueryValue("SELECT count(*) FROM bars_5m"), std::to_string(2 * 10 * 78));
}

TEST_F(IngestCli, AKilledPullResumesWithNoGapNoDuplicateAndNoPageDownloadedTwice) {
  // A clean run first, in its own project, for the reference store and request count.
  QtpProject reference;
  test_util::WriteFileText(reference.root() + "/config/data_sources.yaml",
                           test_util::ReadFileText(project_.root() + "/config/data_sources.yaml"));
  test_util::WriteFileText(reference.root() + "/.env", test_util::ReadFileText(project_.root() + "/.env"));
  const std::vector<std::string> args = Ingest("alpaca", "KO,PEP,XOM", "2024-02-20", "2024-03-15");
  reference.RunOk(args);
  const size_t clean_requests = server_.RequestCount("alpaca");
  std::string reference_digest;
  for (const auto& row : reference.Query(test_util::BarDigestSql())) {
    reference_digest += fmt::format("{}\n", fmt::join(row, ","));
  }

  // The killed run: the server holds its request number `kill_at` while the test kills the client.
  const size_t kill_at = clean_requests + clean_requests / 2;
  server_.OnRequest([&](const std::string& provider, size_t count) {
    if (provider == "alpaca" && count == kill_at) std::this_thread::sleep_for(std::chrono::seconds(2));
  });
  {
    test_util::QtpProcess child(args, project_.data());
    for (int i = 0; i < 2000 && server_.RequestCount("alpaca") < kill_at; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_EQ(server_.RequestCount("alpaca"), kill_at) << "the pull ended before the kill";
    EXPECT_EQ(child.Kill(), 128 + SIGKILL);
  }
  server_.OnRequest({});
  const size_t before_resume = server_.RequestCount("alpaca");
  project_.RunOk({"verify"});  // the store is consistent after the kill
  const test_util::ProcessResult resumed = project_.RunOk(args);
  const size_t resumed_requests = server_.RequestCount("alpaca") - before_resume;
  // Pages fetched before the kill come from the store or the raw-response cache: at most the one page
  // in flight at the kill is asked for again.
  EXPECT_LE((before_resume - clean_requests) + resumed_requests, clean_requests + 1) << resumed.out;
  EXPECT_GT(resumed_requests, 0u);
  EXPECT_EQ(Rows(), reference_digest);  // no gap, no duplicate, the same bars
  EXPECT_EQ(project_.QueryValue("SELECT count(*) - count(DISTINCT (ticker, ts)) FROM bars_5m_raw"), "0");
}

TEST_F(IngestCli, SecretsNeverReachTheTerminalTheLogsTheRunRecordsOrTheStore) {
  // Failures and retries on every provider that takes a key, so URLs and errors get logged.
  server_.QueueFaults("alpaca", {{FaultKind::kServerError, 0, 0}});
  server_.QueueFaults("alpha_vantage", {{FaultKind::kServerError, 0, 0}});
  server_.QueueFaults("fmp", {{FaultKind::kRateLimited, 0, 0}});
  std::string all_output;
  for (const auto& [provider, ticker] :
       std::vector<std::pair<std::string, std::string>>{{"alpaca", "KO"}, {"alpha_vantage", "PEP"}, {"fmp", "XOM"}}) {
    const test_util::ProcessResult r =
        project_.RunOk({"--log-level", "debug", "ingest", "--provider", provider, "--tickers", ticker, "--start",
                        "2024-03-04", "--end", "2024-03-05"});
    all_output += r.out + r.err;
  }
  // A rejected key: the error names the provider and the status, not the key.
  WriteDotEnv("wrong-secret-value-55");
  const test_util::ProcessResult rejected = project_.Run(
      {"ingest", "--provider", "alpaca", "--tickers", "KO", "--start", "2024-03-06", "--end", "2024-03-06"});
  EXPECT_NE(rejected.exit_code, 0);
  EXPECT_NE(rejected.out.find("credentials rejected"), std::string::npos) << rejected.out << rejected.err;
  all_output += rejected.out + rejected.err;
  EXPECT_NE(all_output.find("apikey=***"), std::string::npos) << all_output;  // URLs were logged, redacted
  EXPECT_EQ(project_.QueryValue("SELECT count(DISTINCT ticker) FROM bars_5m_raw"), "3");
  for (const std::string& secret :
       {std::string(FakeProviderServer::kAlpacaKeyId), std::string(FakeProviderServer::kAlpacaSecret),
        std::string(FakeProviderServer::kAlphaVantageKey), std::string(FakeProviderServer::kFmpKey),
        std::string("wrong-secret-value-55")}) {
    EXPECT_EQ(all_output.find(secret), std::string::npos) << secret;
    for (const auto& [path, bytes] : test_util::FilesUnder(project_.data())) {
      EXPECT_EQ(bytes.find(secret), std::string::npos) << secret << " in " << path;
    }
  }
}

TEST_F(IngestCli, FallsBackToTheBackupAndSaysSo) {
  server_.QueueFaults("alpaca", std::vector<Fault>(3, Fault{FaultKind::kServerError, 0, 0}));
  const test_util::ProcessResult r = project_.RunOk(Ingest("auto", "KO", "2024-03-04", "2024-03-08"));
  EXPECT_NE(r.out.find("1 fallback(s)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("served by fmp"), std::string::npos) << r.out;
  EXPECT_EQ(project_.QueryValue("SELECT count(*) FROM bars_5m_raw WHERE source LIKE 'fmp%'"), std::to_string(5 * 78));
}

TEST_F(IngestCli, AMalformedReplyIsAClearErrorAndStoresNothing) {
  server_.QueueFaults("fmp", {{FaultKind::kMalformed, 0, 0}});
  const test_util::ProcessResult r = project_.Run(Ingest("fmp", "KO", "2024-03-04", "2024-03-08"));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("could not be served by any provider"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("FAILED: KO 2024-03-04..2024-03-08: fmp: InvalidArgument"), std::string::npos) << r.out;
  EXPECT_EQ(project_.QueryValue("SELECT count(*) FROM bars_5m_raw"), "0");
}

TEST_F(IngestCli, TheSystemWideDailyBudgetHoldsAcrossCommands) {
  test_util::WriteFileText(project_.root() + "/config/system_limits.yaml",
                           "api_calls_per_day: 3\napi_calls_per_minute: 3\n");
  project_.RunOk(Ingest("fmp", "KO,PEP", "2024-03-04", "2024-03-08"));  // 2 calls
  const test_util::ProcessResult r = project_.Run(Ingest("fmp", "XOM,CVX", "2024-03-04", "2024-03-08"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE((r.out + r.err).find("api_calls_per_day = 3 in config/system_limits.yaml"), std::string::npos)
      << r.err << r.out;
  EXPECT_EQ(project_.QueryValue("SELECT count(DISTINCT ticker) FROM bars_5m_raw"), "3");
  EXPECT_EQ(server_.RequestCount("fmp"), 3u);
}

TEST_F(IngestCli, ProvidersCheckFindsTheMissingAndTheMovedBar) {
  const TimestampUs dropped = NyseCalendar::ExchangeTimeToUtc(ParseDate("2024-03-05").value(), 10 * 60);
  const TimestampUs moved = NyseCalendar::ExchangeTimeToUtc(ParseDate("2024-03-04").value(), 11 * 60);
  server_.Distort("fmp", [&](const std::string&, std::vector<FakeBar>& bars) {
    std::erase_if(bars, [&](const FakeBar& b) { return b.start_utc == dropped; });
    for (FakeBar& b : bars) {
      if (b.start_utc == moved) b.close *= 1.01;
    }
  });
  const test_util::ProcessResult r =
      project_.RunOk({"providers", "check", "--ticker", "KO", "--start", "2024-03-04", "--end", "2024-03-05"});
  const size_t at = r.out.find("report: ");
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string folder = r.out.substr(at + 8, r.out.find("/report.md", at) - at - 8);
  const nlohmann::json summary = nlohmann::json::parse(test_util::ReadFileText(folder + "/summary.json"));
  EXPECT_EQ(summary["reference"], "alpaca");
  EXPECT_EQ(summary["session_bars"], 2 * 78);
  const nlohmann::json& fmp = summary["providers"]["fmp"];
  EXPECT_EQ(fmp["missing_vs_others"], 1);
  EXPECT_EQ(fmp["missing_vs_calendar"], 1);
  EXPECT_EQ(fmp["price_mismatches"], 1);
  EXPECT_NEAR(fmp["max_close_difference"].get<double>(), 0.01, 1e-3);
  for (const char* agreeing : {"alpaca", "ibkr", "alpha_vantage"}) {
    EXPECT_EQ(summary["providers"][agreeing]["bars"], 2 * 78) << agreeing;
    EXPECT_EQ(summary["providers"][agreeing]["price_mismatches"], 0) << agreeing;
  }
  // 2024 is beyond Yahoo's 60-day intraday window: reported, not fatal.
  EXPECT_NE(summary["providers"]["yahoo"]["status"].get<std::string>().find("60 days"), std::string::npos);
  const std::string discrepancies = test_util::ReadFileText(folder + "/discrepancies.csv");
  EXPECT_NE(discrepancies.find(FormatTimestampUtc(dropped) + ",fmp,missing"), std::string::npos) << discrepancies;
  EXPECT_NE(discrepancies.find(FormatTimestampUtc(moved) + ",fmp,price"), std::string::npos) << discrepancies;
  EXPECT_TRUE(std::filesystem::exists(folder + "/plots/providers.png"));
  EXPECT_EQ(project_.QueryValue("SELECT count(*) FROM bars_5m_raw"), "0");  // nothing stored
}

TEST_F(IngestCli, RefreshPullsWhenAScheduledTimeHasPassedAndOnlyThen) {
  project_.RunOk(Ingest("alpaca", "KO,PEP", "2024-03-04", "2024-03-08"));
  test_util::WriteFileText(project_.root() + "/config/refresh.yaml",
                           "day_of_week: saturday\ntime: \"06:00\"\nprovider: alpaca\nrefetch_days: 2\n");
  // Saturday 2024-03-16 08:00 New York (12:00 UTC): the 06:00 refresh is due.
  const test_util::ProcessResult due = project_.RunOk({"refresh", "--at", "2024-03-16T12:00:00Z"});
  EXPECT_NE(due.out.find("refresh: done"), std::string::npos) << due.out;
  EXPECT_EQ(project_.QueryValue("SELECT count(*) FROM bars_5m_raw"), std::to_string(2 * 10 * 78));
  EXPECT_EQ(project_.QueryValue("SELECT max(ts)::DATE FROM bars_5m_raw"), "2024-03-15");
  // The two refetched days were pulled again: same bars, so no revision.
  EXPECT_EQ(project_.QueryValue("SELECT count(*) FROM bar_revisions"), "0");
  const size_t requests = server_.RequestCount("alpaca");
  const test_util::ProcessResult not_due = project_.RunOk({"refresh", "--at", "2024-03-17T12:00:00Z"});
  EXPECT_NE(not_due.out.find("not due"), std::string::npos) << not_due.out;
  EXPECT_NE(not_due.out.find("next at 2024-03-23T10:00:00"), std::string::npos) << not_due.out;  // 06:00 EDT
  EXPECT_EQ(server_.RequestCount("alpaca"), requests);
  const test_util::ProcessResult forced = project_.RunOk({"refresh", "--force", "--at", "2024-03-17T13:00:00Z"});
  EXPECT_NE(forced.out.find("refresh: done"), std::string::npos) << forced.out;
}

}  // namespace
}  // namespace qtp
