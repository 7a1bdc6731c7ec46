// qtp daily / qtp runs through the binary on a small simulated market: every stage once per as-of
// (a re-run changes nothing), a failed stage alerts and leaves the published rankings alone, a
// failed or killed job resumes at the stage it did not finish and publishes what an uninterrupted
// job publishes, the simulated market extended day by day equals simulating in one go (across a
// regime shift), one job at a time.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "test_util/qtp_project.h"
#include "test_util/run_qtp.h"
#include "test_util/webhook_receiver.h"

namespace qtp {
namespace {

namespace fs = std::filesystem;
using test_util::Contains;
using test_util::ProcessResult;
using test_util::QtpProject;

constexpr const char* kModelsYaml = "walk_forward:\n  min_train_days: 120\npermutation_folds: 1\nplots: false\n";
// Nine months of history: names qualify for the top-K after 60 days instead of a year.
constexpr const char* kConfigYaml = "select:\n  filters:\n    min_history_days: 60\n";
constexpr const char* kFirstDay = "2023-10-02";
constexpr const char* kSecondDay = "2023-10-03";
constexpr const char* kThirdDay = "2023-10-04";
constexpr const char* kFourthDay = "2023-10-05";

// Every published ranking row, in key order: what a consumer of the rankings sees.
constexpr const char* kRankingsSql = "SELECT * FROM rankings ORDER BY as_of, model_id, ticker";

// Whether another process holds the job lock of `data_dir` right now (the probe takes the lock for an
// instant when it is free: use it only when no job may be starting).
bool JobLockHeld(const std::string& data_dir) {
  const int fd = ::open((data_dir + "/jobs/daily.lock").c_str(), O_RDONLY);
  if (fd < 0) return false;
  const bool held = ::flock(fd, LOCK_EX | LOCK_NB) != 0;
  ::close(fd);
  return held;
}

// Starts `qtp daily --as-of day` in the background and returns once the stage `stage` has started
// (its log exists), or fails the test.
void StartDailyUntilStage(test_util::QtpProcess& job, const QtpProject& p, const std::string& day,
                          const std::string& stage) {
  ASSERT_TRUE(job.started());
  const std::string log = p.DataPath("logs/daily/" + day + "/" + stage + ".log");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!fs::exists(log) && !job.Finished() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(fs::exists(log)) << "the job never started its " << stage << " stage";
}

std::string RunsOf(const QtpProject& p, const std::string& job_id) {
  return p.QueryValue("SELECT string_agg(stage || ':' || status, ',' ORDER BY stage_index) FROM runs WHERE job_id = '" +
                      job_id + "'");
}

// One flow (each step needs the trained project of the steps before; one setup keeps the suite short).
TEST(DailyCli, PublishesEachDayOnceAlertsOnFailureResumesAndRunsOneJobAtATime) {
  QtpProject p;
  p.RunOk({"init"});
  test_util::WriteFileText(p.root() + "/config/models.yaml", kModelsYaml);
  p.WriteDefaultConfig(kConfigYaml);
  // The market changes regime after day 2 (a date past the initial end: only the extensions see it).
  p.Simulate(24, "2023-01-01", "2023-09-29", {"--signal", "0.1", "--regime-shift", kSecondDay});
  for (const char* stage : {"clean", "features", "select"}) p.RunOk({"--quiet", stage});
  p.RunOk({"--quiet", "train", "--models", "ridge"});

  // Day 1: every stage once, the day published and checked.
  const ProcessResult first = p.RunOk({"daily", "--as-of", kFirstDay});
  EXPECT_TRUE(Contains(first.out, "[8/8] monitor")) << first.out;
  EXPECT_EQ(RunsOf(p, std::string("daily-") + kFirstDay + "-1"),
            "refresh:succeeded,clean:succeeded,features:succeeded,select:succeeded,predict:succeeded,"
            "costs:succeeded,publish:succeeded,monitor:succeeded");
  EXPECT_EQ(p.QueryValue(std::string("SELECT count(*) > 0 FROM rankings WHERE is_primary = 1 AND as_of = DATE '") +
                         kFirstDay + "'"),
            "true");
  EXPECT_EQ(p.QueryValue(std::string("SELECT string_agg(name || ':' || status, ',' ORDER BY name) FROM "
                                     "monitor_checks WHERE as_of = DATE '") +
                         kFirstDay + "'"),
            "bars_fresh:ok,data_delay_hours:n/a,features_complete:ok,job_failures:ok,job_last_success:ok,"
            "job_slowest_stage:ok,missing_bar_rate:ok,provider_disagreement:ok,ranking_coverage:ok,"
            "rankings_published:ok,stale_tickers:ok");
  const ProcessResult show = p.RunOk({"runs", "show", std::string("daily-") + kFirstDay + "-1"});
  for (const char* stage : {"refresh", "clean", "features", "select", "predict", "costs", "publish", "monitor"}) {
    EXPECT_TRUE(Contains(show.out, stage)) << show.out;
  }
  EXPECT_NE(p.Run({"runs", "show", "daily-1999-01-04-1"}).exit_code, 0);

  // A re-run of a finished day changes nothing.
  const std::string manifest = p.Manifest();
  EXPECT_TRUE(Contains(p.RunOk({"daily", "--as-of", kFirstDay}).out, "nothing to do"));
  EXPECT_TRUE(test_util::SameManifest(p.Manifest(), manifest));
  const auto first_day = p.Query(kRankingsSql);

  // Day 2 fails at refresh (no provider has credentials): an alert, nothing published.
  test_util::WebhookReceiver receiver;
  ::setenv("QTP_ALERT_WEBHOOK", receiver.url().c_str(), 1);
  p.WriteDefaultConfig(std::string(kConfigYaml) + "production:\n  source: providers\n");
  const ProcessResult failed = p.Run({"daily", "--as-of", kSecondDay});
  ::unsetenv("QTP_ALERT_WEBHOOK");
  EXPECT_EQ(failed.exit_code, 1) << failed.out << failed.err;
  EXPECT_TRUE(Contains(failed.err, "stage refresh")) << failed.err;
  EXPECT_TRUE(Contains(failed.err, "the published rankings are unchanged")) << failed.err;
  EXPECT_EQ(p.Query(kRankingsSql), first_day);
  const std::vector<std::string> alerts = receiver.bodies();
  ASSERT_EQ(alerts.size(), 1u);
  const nlohmann::json alert = nlohmann::json::parse(alerts[0]);
  EXPECT_EQ(alert["severity"], "critical");
  EXPECT_EQ(alert["details"]["stage"], "refresh");
  EXPECT_EQ(alert["details"]["as_of"], kSecondDay);
  EXPECT_TRUE(Contains(test_util::ReadFileText(p.DataPath("logs/alerts.jsonl")), "stage refresh failed"));
  EXPECT_TRUE(Contains(p.RunOk({"runs"}).out, "failed"));

  // Imported files as the source fail the same way when no ticker's bars reach the as-of.
  p.WriteDefaultConfig(std::string(kConfigYaml) + "production:\n  source: files\n");
  const ProcessResult stale = p.Run({"daily", "--as-of", kSecondDay});
  EXPECT_EQ(stale.exit_code, 1) << stale.out << stale.err;
  EXPECT_TRUE(Contains(stale.err, std::string("no imported bars reach ") + kSecondDay)) << stale.err;
  EXPECT_EQ(p.Query(kRankingsSql), first_day);

  // Back to the simulated source: the next job resumes at the failed stage; day 1 stays as it was.
  p.WriteDefaultConfig(std::string(kConfigYaml) + "production:\n  source: simulate\n");
  const ProcessResult resumed = p.RunOk({"daily", "--as-of", kSecondDay});
  EXPECT_TRUE(Contains(resumed.out, std::string("job daily-") + kSecondDay + "-3")) << resumed.out;
  EXPECT_EQ(p.Query(std::string("SELECT * FROM rankings WHERE as_of = DATE '") + kFirstDay +
                    "' ORDER BY as_of, model_id, ticker"),
            first_day);

  // Day 3, killed during its features stage, then resumed: it publishes what an uninterrupted job
  // publishes (a copy of the project runs one).
  QtpProject uninterrupted;
  fs::copy(p.root(), uninterrupted.root(), fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  uninterrupted.RunOk({"--quiet", "daily", "--as-of", kThirdDay});
  {
    test_util::QtpProcess job({"daily", "--as-of", kThirdDay}, p.data());
    StartDailyUntilStage(job, p, kThirdDay, "features");
    job.Kill();
  }
  // The stage the job was running dies with it: soon nothing holds the job lock or keeps writing. (The
  // kill can land between a stage's fork and exec, while the child still has the lock's descriptor;
  // the child's PR_SET_PDEATHSIG comes as the job exits, so allow it a moment to go.)
  const auto lock_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (JobLockHeld(p.data()) && std::chrono::steady_clock::now() < lock_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_FALSE(JobLockHeld(p.data()));
  const std::string job1 = std::string("'daily-") + kThirdDay + "-1'";
  const std::string done = p.QueryValue("SELECT count(*) FROM runs WHERE status = 'succeeded' AND job_id = " + job1);
  EXPECT_GE(std::stoi(done), 2) << "refresh and clean had finished";
  EXPECT_EQ(p.QueryValue("SELECT count(*) FROM runs WHERE status <> 'succeeded' AND job_id = " + job1), "0");
  const ProcessResult after_kill = p.RunOk({"daily", "--as-of", kThirdDay});
  EXPECT_TRUE(Contains(after_kill.out, "resumed: " + done + " already done")) << after_kill.out;
  EXPECT_EQ(p.QueryValue(std::string("SELECT min(stage_index) FROM runs WHERE job_id = 'daily-") + kThirdDay + "-2'"),
            done);
  EXPECT_EQ(p.Query(kRankingsSql), uninterrupted.Query(kRankingsSql));

  // The simulated market extended day by day is the market simulated in one go to the same day: the
  // extensions carried the regime shift, so day 3 is in the new regime in both.
  QtpProject direct;
  direct.RunOk({"init"});
  direct.Simulate(24, "2023-01-01", kThirdDay, {"--signal", "0.1", "--regime-shift", kSecondDay});
  EXPECT_EQ(p.Query(test_util::BarDigestSql()), direct.Query(test_util::BarDigestSql()));

  // One job at a time: a second job is refused while the first runs.
  test_util::QtpProcess job({"daily", "--as-of", kFourthDay}, p.data());
  StartDailyUntilStage(job, p, kFourthDay, "refresh");
  const ProcessResult second = p.Run({"daily", "--as-of", kFourthDay});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_TRUE(Contains(second.err, "another qtp daily is running")) << second.err;
  job.Kill();
}

}  // namespace
}  // namespace qtp
