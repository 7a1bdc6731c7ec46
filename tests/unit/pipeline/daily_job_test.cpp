#include "qtp/pipeline/daily_job.h"

#include <gtest/gtest.h>

#include "qtp/core/time.h"
#include "qtp/monitor/alerts.h"
#include "test_util/qtp_project.h"
#include "test_util/temp_dir.h"
#include "test_util/webhook_receiver.h"

namespace qtp {
namespace {

DateDays Day(const char* text) { return ParseDate(text).value(); }

TimestampUs Utc(const char* date, int hour, int minute) {
  return static_cast<TimestampUs>(Day(date)) * kMicrosPerDay + (hour * 60 + minute) * int64_t{60000000};
}

// Stages that count their calls and fail on demand.
struct FakeStages {
  std::vector<std::string> calls;
  std::string fail_at;
  std::vector<DailyStage> Make() {
    std::vector<DailyStage> stages;
    for (const char* name : kDailyStageNames) {
      const std::string stage = name;
      stages.push_back({stage, [this, stage]() -> Result<StageOutcome> {
                          calls.push_back(stage);
                          if (stage == fail_at) return Status::Internal("disk on fire");
                          return StageOutcome{stage + "-run", static_cast<int64_t>(calls.size())};
                        }});
    }
    return stages;
  }
};

TEST(DefaultAsOf, IsTheLatestSessionClosedFifteenMinutesAgo) {
  // 2024-01-02 closes at 16:00 New York = 21:00 UTC (winter time).
  EXPECT_EQ(DefaultAsOf(Utc("2024-01-02", 21, 15)), Day("2024-01-02"));
  EXPECT_EQ(DefaultAsOf(Utc("2024-01-02", 21, 14)), Day("2023-12-29"));  // Jan 1 is a holiday
  EXPECT_EQ(DefaultAsOf(Utc("2024-01-06", 12, 0)), Day("2024-01-05"));   // a Saturday
  // Summer time: 16:00 New York = 20:00 UTC.
  EXPECT_EQ(DefaultAsOf(Utc("2024-07-01", 20, 15)), Day("2024-07-01"));
  // The day after Thanksgiving closes at 13:00 New York = 18:00 UTC.
  EXPECT_EQ(DefaultAsOf(Utc("2023-11-24", 18, 15)), Day("2023-11-24"));
  EXPECT_EQ(DefaultAsOf(Utc("2023-11-24", 18, 0)), Day("2023-11-22"));
}

class DailyJobTest : public ::testing::Test {
 protected:
  DailyJobOptions Options(DateDays as_of) {
    DailyJobOptions options;
    options.data_dir = dir_.path() + "/data";
    options.as_of = as_of;
    return options;
  }
  test_util::TempDir dir_;
};

TEST_F(DailyJobTest, RunsEveryStageOnceAndARerunChangesNothing) {
  FakeStages fake;
  const DailyJobOptions options = Options(Day("2024-01-02"));
  Result<DailyJobSummary> first = RunDailyJob(options, fake.Make());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->outcome.ok());
  EXPECT_EQ(first->job_id, "daily-2024-01-02-1");
  EXPECT_EQ(fake.calls, std::vector<std::string>(std::begin(kDailyStageNames), std::end(kDailyStageNames)));
  Result<std::vector<StageRecord>> records = ReadStageRecords(options.data_dir);
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 8u);
  for (size_t i = 0; i < records->size(); ++i) {
    const StageRecord& r = (*records)[i];
    EXPECT_EQ(r.stage, kDailyStageNames[i]);
    EXPECT_EQ(r.status, "succeeded");
    EXPECT_EQ(r.run_id, r.stage + "-run");
    EXPECT_EQ(r.rows, static_cast<int64_t>(i + 1));
    EXPECT_LE(r.started_at, r.finished_at);
  }
  const std::string manifest = test_util::ReadFileText(options.data_dir + "/manifest.json");

  fake.calls.clear();
  Result<DailyJobSummary> again = RunDailyJob(options, fake.Make());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->job_id.empty());
  EXPECT_EQ(again->already_done.size(), 8u);
  EXPECT_TRUE(fake.calls.empty());
  EXPECT_EQ(test_util::ReadFileText(options.data_dir + "/manifest.json"), manifest);
}

TEST_F(DailyJobTest, AFailedStageStopsTheJobRaisesAnAlertAndTheNextJobResumesThere) {
  test_util::WebhookReceiver receiver;
  DailyJobOptions options = Options(Day("2024-01-03"));
  AlertSink alerts(options.data_dir, receiver.url());
  options.alerts = &alerts;
  FakeStages fake;
  fake.fail_at = "predict";
  Result<DailyJobSummary> failed = RunDailyJob(options, fake.Make());
  ASSERT_TRUE(failed.ok()) << failed.status().ToString();
  EXPECT_FALSE(failed->outcome.ok());
  EXPECT_NE(failed->outcome.ToString().find("stage predict"), std::string::npos) << failed->outcome.ToString();
  EXPECT_EQ(fake.calls, (std::vector<std::string>{"refresh", "clean", "features", "select", "predict"}));
  ASSERT_EQ(failed->records.size(), 5u);
  EXPECT_EQ(failed->records.back().status, "failed");
  EXPECT_NE(failed->records.back().error.find("disk on fire"), std::string::npos);

  const std::vector<std::string> posted = receiver.bodies();
  ASSERT_EQ(posted.size(), 1u);
  const nlohmann::json alert = nlohmann::json::parse(posted[0]);
  EXPECT_EQ(alert["severity"], "critical");
  EXPECT_EQ(alert["details"]["stage"], "predict");
  EXPECT_EQ(alert["details"]["as_of"], "2024-01-03");
  EXPECT_NE(alert["details"]["error"].get<std::string>().find("disk on fire"), std::string::npos);
  const std::string trail = test_util::ReadFileText(options.data_dir + "/logs/alerts.jsonl");
  EXPECT_NE(trail.find("stage predict failed"), std::string::npos) << trail;

  fake.calls.clear();
  fake.fail_at.clear();
  Result<DailyJobSummary> resumed = RunDailyJob(options, fake.Make());
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_TRUE(resumed->outcome.ok());
  EXPECT_EQ(resumed->job_id, "daily-2024-01-03-2");
  EXPECT_EQ(resumed->already_done, (std::vector<std::string>{"refresh", "clean", "features", "select"}));
  EXPECT_EQ(fake.calls, (std::vector<std::string>{"predict", "costs", "publish", "monitor"}));
  Result<std::vector<StageRecord>> records = ReadStageRecords(options.data_dir, Day("2024-01-03"));
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 9u);
  EXPECT_EQ(records->front().job_id, "daily-2024-01-03-2");  // newest job first
  EXPECT_EQ(records->back().job_id, "daily-2024-01-03-1");
  EXPECT_EQ(receiver.bodies().size(), 1u);  // success raises nothing
}

TEST_F(DailyJobTest, UnreachableWebhookDoesNotHideTheFailure) {
  DailyJobOptions options = Options(Day("2024-01-04"));
  AlertSink alerts(options.data_dir, "http://127.0.0.1:1/hook");  // nothing listens on port 1
  options.alerts = &alerts;
  FakeStages fake;
  fake.fail_at = "refresh";
  Result<DailyJobSummary> failed = RunDailyJob(options, fake.Make());
  ASSERT_TRUE(failed.ok()) << failed.status().ToString();
  EXPECT_FALSE(failed->outcome.ok());
  EXPECT_NE(test_util::ReadFileText(options.data_dir + "/logs/alerts.jsonl").find("stage refresh failed"),
            std::string::npos);
}

TEST_F(DailyJobTest, ASecondJobOnTheSameStoreIsRefusedWhileTheFirstRuns) {
  const DailyJobOptions options = Options(Day("2024-01-05"));
  Status inner = Status::OK();
  std::vector<DailyStage> stages = {{"refresh", [&]() -> Result<StageOutcome> {
                                       FakeStages other;
                                       Result<DailyJobSummary> second = RunDailyJob(options, other.Make());
                                       inner = second.status();
                                       EXPECT_TRUE(other.calls.empty());
                                       return StageOutcome{};
                                     }}};
  ASSERT_TRUE(RunDailyJob(options, stages).ok());
  EXPECT_EQ(inner.code(), StatusCode::kUnavailable);
  EXPECT_NE(inner.ToString().find("another qtp daily is running"), std::string::npos) << inner.ToString();
  // The lock went with the job: the next one runs.
  FakeStages next;
  ASSERT_TRUE(RunDailyJob(Options(Day("2024-01-08")), next.Make()).ok());
  EXPECT_EQ(next.calls.size(), 8u);
}

TEST_F(DailyJobTest, RefusesADayTheExchangeIsClosed) {
  FakeStages fake;
  Result<DailyJobSummary> r = RunDailyJob(Options(Day("2024-01-06")), fake.Make());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().ToString().find("2024-01-05"), std::string::npos) << r.status().ToString();
  EXPECT_TRUE(fake.calls.empty());
}

}  // namespace
}  // namespace qtp
