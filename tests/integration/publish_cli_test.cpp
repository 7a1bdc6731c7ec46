// qtp publish and qtp db through the binary on a small simulated market: the embedded rankings
// (idempotent, rank changes, clear errors), and PostgreSQL 15 started by the test on loopback
// (test_util/postgres_server.h): migrate from empty and again, publish twice with identical rows, a
// later day keeps the earlier ones, a crash inside the open transaction leaves the previous state, and
// the password appears in no output, log or run record.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "test_util/postgres_server.h"
#include "test_util/qtp_project.h"

namespace qtp {
namespace {

using test_util::Contains;
using test_util::PostgresServer;
using test_util::ProcessResult;
using test_util::QtpProject;

// Sets an environment variable for the qtp children of one scope (they inherit the environment).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) { ::setenv(name, value.c_str(), 1); }
  ~ScopedEnv() { ::unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

// Ten names a day from a year of data (the default asks for 252 days of history).
constexpr const char* kSelectYaml = "select:\n  k: 10\n  filters:\n    min_history_days: 60\n";

// Every table of the migrations, each ordered by its key: two equal dumps are the same rows.
const std::vector<std::pair<std::string, std::string>>& DumpQueries() {
  static const std::vector<std::pair<std::string, std::string>> queries = {
      {"rankings", "SELECT * FROM rankings ORDER BY as_of, model_id, ticker"},
      {"backtest_runs", "SELECT * FROM backtest_runs ORDER BY run_id, scenario"},
      {"backtest_returns", "SELECT * FROM backtest_returns ORDER BY run_id, scenario, date"},
      {"models", "SELECT * FROM models ORDER BY model_id"},
      {"runs", "SELECT * FROM runs ORDER BY as_of, job_id, stage"},
      {"monitor_checks", "SELECT * FROM monitor_checks ORDER BY as_of, name"},
      {"monitor_drift", "SELECT * FROM monitor_drift ORDER BY as_of, kind, name, metric"},
      {"monitor_decay", "SELECT * FROM monitor_decay ORDER BY as_of, model_id"},
      {"monitor_alerts", "SELECT * FROM monitor_alerts ORDER BY as_of, raised_at, key"}};
  return queries;
}

class PublishCli : public ::testing::Test {
 protected:
  // One small market for the suite: 20 tickers, a year, ridge only, one short backtest.
  static void SetUpTestSuite() {
    p_ = new QtpProject();
    p_->RunOk({"init"});
    test_util::WriteFileText(p_->root() + "/config/models.yaml",
                             "walk_forward:\n  min_train_days: 120\npermutation_folds: 1\nplots: false\n");
    test_util::WriteFileText(p_->root() + "/config/execution.yaml", "backtest:\n  top_n: 5\n  plots: false\n");
    p_->WriteDefaultConfig(kSelectYaml);
    p_->Simulate(20, "2022-01-03", "2022-12-30", {"--signal", "0.1"});
    for (const char* stage : {"clean", "features", "select"}) p_->RunOk({"--quiet", stage});
    p_->RunOk({"--quiet", "train", "--models", "ridge,logistic"});
    p_->RunOk({"--quiet", "costs"});
    p_->RunOk({"--quiet", "backtest", "--scenario", "base"});
    const auto dates = p_->Query("SELECT DISTINCT date FROM predictions ORDER BY date DESC LIMIT 3");
    ASSERT_EQ(dates.size(), 4u);
    for (size_t i = 3; i >= 1; --i) days_.push_back(dates[i][0]);  // oldest first
  }
  static void TearDownTestSuite() {
    delete p_;
    p_ = nullptr;
  }

  static QtpProject* p_;
  static std::vector<std::string> days_;  // the last three days with predictions
};
QtpProject* PublishCli::p_ = nullptr;
std::vector<std::string> PublishCli::days_;

TEST_F(PublishCli, EmbeddedRankingsWithoutPostgres) {
  const ProcessResult first = p_->RunOk({"publish", "--as-of", days_[0]});
  EXPECT_TRUE(Contains(first.out, "PostgreSQL: not configured")) << first.out;
  // Every current model ranks the day's top-K names, 1..n.
  EXPECT_EQ(p_->QueryValue("SELECT count(DISTINCT model_id) FROM rankings WHERE as_of = '" + days_[0] + "'"), "2");
  EXPECT_EQ(p_->QueryValue("SELECT count(*) FROM rankings r WHERE NOT EXISTS (SELECT 1 FROM topk_history t "
                           "WHERE t.date = r.as_of AND t.ticker = r.ticker AND t.rank = r.universe_rank)"),
            "0");
  EXPECT_EQ(p_->QueryValue("SELECT count(*) FROM (SELECT model_id, count(*) AS n, max(rank) AS top, "
                           "count(DISTINCT rank) AS ranks FROM rankings GROUP BY model_id) WHERE n <> top OR "
                           "n <> ranks"),
            "0");
  EXPECT_EQ(p_->QueryValue("SELECT sum(is_primary) = count(*) / 2 FROM rankings"), "true") << "one primary model";
  EXPECT_EQ(p_->QueryValue("SELECT count(*) FROM rankings WHERE rank_change IS NOT NULL"), "0") << "nothing before";

  // The default date is the latest with predictions; the day before gives rank changes.
  p_->RunOk({"publish", "--as-of", days_[1]});
  const ProcessResult latest = p_->RunOk({"publish"});
  EXPECT_TRUE(Contains(latest.out, "publish: " + days_[2])) << latest.out;
  EXPECT_EQ(p_->QueryValue("SELECT count(*) FROM rankings r JOIN rankings p ON p.as_of = '" + days_[1] +
                           "' AND p.model_id = r.model_id AND p.ticker = r.ticker WHERE r.as_of = '" + days_[2] +
                           "' AND r.rank_change IS DISTINCT FROM p.rank - r.rank"),
            "0");
  EXPECT_NE(
      p_->QueryValue("SELECT count(*) FROM rankings WHERE as_of = '" + days_[2] + "' AND rank_change IS NOT NULL"),
      "0");

  // Publishing again changes no file of the store.
  const std::string manifest = p_->Manifest();
  const ProcessResult again = p_->RunOk({"publish", "--as-of", days_[2]});
  EXPECT_TRUE(Contains(again.out, "unchanged, already published")) << again.out;
  EXPECT_TRUE(test_util::SameManifest(p_->Manifest(), manifest));

  // A day without predictions names the stage to run; nothing changes.
  const ProcessResult missing = p_->Run({"publish", "--as-of", "2022-02-01"});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_TRUE(Contains(missing.err, "qtp predict --date 2022-02-01")) << missing.err;
  EXPECT_TRUE(test_util::SameManifest(p_->Manifest(), manifest));
}

TEST_F(PublishCli, PostgresMigratePublishTwiceAndSurviveACrash) {
  std::string why;
  PostgresServer* server = PostgresServer::Shared(&why);
  if (server == nullptr) GTEST_SKIP() << why;
  std::string error;
  ASSERT_TRUE(server->CreateDatabase("publish_cli", &error)) << error;
  const auto psql = [&](const std::string& sql) {
    std::string out;
    EXPECT_TRUE(server->Psql("publish_cli", sql, &out)) << sql << "\n" << out;
    return out;
  };
  const auto dump = [&] {
    std::string all;
    for (const auto& [table, sql] : DumpQueries()) all += "== " + table + "\n" + psql(sql);
    return all;
  };
  // The documented place for the password: QTP_PG_URL in the project's .env.
  test_util::WriteFileText(p_->root() + "/.env", "QTP_PG_URL=" + server->Url("publish_cli") + "\n");
  std::vector<ProcessResult> outputs;
  const auto run = [&](const std::vector<std::string>& args) {
    outputs.push_back(p_->Run(args));
    return outputs.back();
  };

  // An empty database: nothing is published until it is migrated.
  const ProcessResult status = run({"db", "status"});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(Contains(status.out, "001_init") && Contains(status.out, "pending")) << status.out;
  const std::string manifest_before = p_->Manifest();
  const ProcessResult unmigrated = run({"publish", "--as-of", days_[0]});
  EXPECT_EQ(unmigrated.exit_code, 2) << unmigrated.err;
  EXPECT_TRUE(Contains(unmigrated.err, "run `qtp db migrate` first")) << unmigrated.err;
  EXPECT_TRUE(test_util::SameManifest(p_->Manifest(), manifest_before)) << "nothing written before the check";

  const ProcessResult migrate = run({"db", "migrate"});
  EXPECT_EQ(migrate.exit_code, 0) << migrate.err;
  EXPECT_TRUE(Contains(migrate.out, "applied 001_init.sql")) << migrate.out;
  EXPECT_TRUE(Contains(migrate.out, "applied 002_monitoring.sql")) << migrate.out;
  EXPECT_EQ(psql("SELECT version, name, length(sha256), applied_at <= now() FROM schema_migrations ORDER BY version"),
            "1|init|64|t\n2|monitoring|64|t\n");
  EXPECT_EQ(psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('rankings', "
                 "'backtest_runs', 'backtest_returns', 'models', 'runs', 'monitor_checks', 'monitor_drift', "
                 "'monitor_decay', 'monitor_alerts')"),
            "9\n");
  EXPECT_EQ(psql("SELECT count(*) FROM pg_indexes WHERE indexname = 'rankings_as_of_model_rank'"), "1\n");
  const ProcessResult migrate_again = run({"db", "migrate"});
  EXPECT_EQ(migrate_again.exit_code, 0) << migrate_again.err;
  EXPECT_TRUE(Contains(migrate_again.out, "0 applied now, 2 already applied")) << migrate_again.out;
  EXPECT_EQ(psql("SELECT count(*) FROM schema_migrations"), "2\n");

  // Two days, then the second again: the same rows.
  for (const std::string& day : {days_[0], days_[1]}) {
    const ProcessResult published = run({"publish", "--as-of", day});
    ASSERT_EQ(published.exit_code, 0) << published.err;
    EXPECT_TRUE(Contains(published.out, "one transaction")) << published.out;
  }
  const std::string two_days = dump();
  const ProcessResult twice = run({"publish", "--as-of", days_[1]});
  ASSERT_EQ(twice.exit_code, 0) << twice.err;
  const std::string day_rows = p_->QueryValue("SELECT count(*) FROM rankings WHERE as_of = '" + days_[1] + "'");
  EXPECT_TRUE(Contains(twice.out, "rankings " + day_rows + " (0 new, 0 changed)")) << twice.out;
  EXPECT_EQ(dump(), two_days);
  // What PostgreSQL holds is what the embedded store holds, day by day, and the mirrors are filled.
  const std::string embedded_rows = p_->QueryValue("SELECT count(*) FROM rankings WHERE as_of <= '" + days_[1] + "'");
  EXPECT_EQ(psql("SELECT count(*) FROM rankings"), embedded_rows + "\n");
  EXPECT_EQ(psql("SELECT count(DISTINCT as_of), sum(is_primary::int) * 2 = count(*) FROM rankings"), "2|t\n");
  EXPECT_EQ(psql("SELECT string_agg(ticker || ':' || rank, ',' ORDER BY ticker) FROM rankings WHERE as_of = '" +
                 days_[1] + "' AND is_primary"),
            [&] {
              std::string s;
              for (const auto& row : p_->Query("SELECT ticker, rank FROM rankings WHERE as_of = '" + days_[1] +
                                               "' AND is_primary = 1 ORDER BY ticker")) {
                if (row[0] == "ticker") continue;
                s += (s.empty() ? "" : ",") + row[0] + ":" + row[1];
              }
              return s + "\n";
            }());
  EXPECT_EQ(psql("SELECT count(*), count(*) FILTER (WHERE is_current) FROM models"), "2|2\n");
  EXPECT_EQ(psql("SELECT count(*) FROM backtest_runs"), p_->QueryValue("SELECT count(*) FROM backtest_runs") + "\n");
  EXPECT_EQ(psql("SELECT count(*) FROM backtest_returns"),
            p_->QueryValue("SELECT count(*) FROM backtest_returns") + "\n");
  EXPECT_NE(psql("SELECT count(*) FROM backtest_returns"), "0\n");

  // Killed inside the open transaction, after the rankings insert: the two days stay as they were
  // and no row of the third appears. The next publish completes it.
  {
    ScopedEnv fault("QTP_TEST_FAULT", "publish_after_rankings");
    const ProcessResult crashed = run({"publish", "--as-of", days_[2]});
    EXPECT_EQ(crashed.exit_code, 137) << crashed.err;
  }
  EXPECT_EQ(dump(), two_days);
  const ProcessResult resumed = run({"publish", "--as-of", days_[2]});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(psql("SELECT count(DISTINCT as_of) FROM rankings"), "3\n");
  EXPECT_EQ(psql("SELECT count(*) FROM rankings WHERE as_of <= '" + days_[1] + "'"), embedded_rows + "\n");

  // A wrong password (the environment wins over .env) fails clearly and quotes no password.
  {
    const std::string wrong = "Wr0ng-pw-QTP-1234";
    ScopedEnv url("QTP_PG_URL", server->Url("publish_cli", wrong));
    const ProcessResult refused = run({"publish", "--as-of", days_[2]});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_TRUE(Contains(refused.err, "password authentication failed")) << refused.err;
    EXPECT_TRUE(Contains(refused.err, "postgresql://postgres:***@127.0.0.1")) << refused.err;
    EXPECT_FALSE(Contains(refused.err + refused.out, wrong));
  }

  // A password in the config file works, draws a warning and stays out of the snapshot.
  std::filesystem::remove(p_->root() + "/.env");
  p_->WriteDefaultConfig(std::string(kSelectYaml) + "production:\n  postgres_url: " + server->Url("publish_cli") +
                         "\n");
  const ProcessResult from_config = run({"publish", "--as-of", days_[2]});
  EXPECT_EQ(from_config.exit_code, 0) << from_config.err;
  EXPECT_TRUE(Contains(from_config.err, "production.postgres_url holds a password")) << from_config.err;
  bool snapshot_redacted = false;
  for (const auto& [path, bytes] : test_util::FilesUnder(p_->DataPath("runs"))) {
    snapshot_redacted |= path.ends_with("config.yaml") && Contains(bytes, "postgresql://postgres:***@127.0.0.1");
  }
  EXPECT_TRUE(snapshot_redacted) << "the run's config snapshot shows the URL, redacted";
  p_->WriteDefaultConfig(kSelectYaml);

  // The password is in no output and no file of the data dir (run records, config snapshots, logs).
  for (const ProcessResult& r : outputs) {
    EXPECT_FALSE(Contains(r.out, PostgresServer::kPassword)) << r.out;
    EXPECT_FALSE(Contains(r.err, PostgresServer::kPassword)) << r.err;
  }
  const auto files = test_util::FilesUnder(p_->data());
  EXPECT_FALSE(test_util::FilesWithExtension(files, "config.yaml").empty()) << "run records were written";
  for (const auto& [path, bytes] : files) EXPECT_FALSE(Contains(bytes, PostgresServer::kPassword)) << path;
}

// No server behind the URL: the publish fails at once, names the redacted target, writes nothing.
TEST(PublishUnreachable, FailsClearlyWithoutTouchingTheStore) {
  QtpProject p;
  p.RunOk({"init"});
  const ProcessResult unconfigured = p.Run({"db", "migrate"});
  EXPECT_EQ(unconfigured.exit_code, 2);
  EXPECT_TRUE(Contains(unconfigured.err, "no PostgreSQL configured: set QTP_PG_URL")) << unconfigured.err;

  ScopedEnv url("QTP_PG_URL", "postgresql://qtp:Unreachable-s3cret@127.0.0.1:1/qtp");
  const ProcessResult publish = p.Run({"publish"});
  EXPECT_EQ(publish.exit_code, 1) << publish.err;
  EXPECT_TRUE(Contains(publish.err, "PostgreSQL postgresql://qtp:***@127.0.0.1:1/qtp: cannot connect")) << publish.err;
  EXPECT_FALSE(Contains(publish.err + publish.out, "Unreachable-s3cret"));
  EXPECT_FALSE(std::filesystem::exists(p.DataPath("manifest.json")) && Contains(p.Manifest(), "published/rankings"));
  const ProcessResult migrate = p.Run({"db", "migrate"});
  EXPECT_EQ(migrate.exit_code, 1);
  EXPECT_FALSE(Contains(migrate.err, "Unreachable-s3cret")) << migrate.err;
}

}  // namespace
}  // namespace qtp
