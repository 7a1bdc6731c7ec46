// `qtp daily`: the after-close job (refresh → clean → features → select → predict → costs → publish
// → monitor) for one as-of date. Each stage is a function returning its outcome; the job records one
// row per stage in the `runs` dataset when the stage ends, so
//   - a re-run for an as-of whose stages all succeeded does nothing (idempotent),
//   - a job that failed or was killed resumes at the first stage without a success for that as-of,
//   - a failed stage raises an alert and stops the job before publish: the published rankings of
//     earlier days stay what they were.
// One job at a time per data directory (data/jobs/daily.lock, an flock released by the kernel when
// the holder dies, so a crash never leaves a stale lock).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/time.h"
#include "qtp/monitor/alerts.h"

namespace qtp {

inline constexpr const char* kDailyStageNames[] = {"refresh", "clean", "features", "select",
                                                   "predict", "costs", "publish",  "monitor"};

struct StageOutcome {
  std::string run_id;  // the stage's run record, "" when it has none
  int64_t rows = -1;   // its headline row count, -1 when it has none
};

struct DailyStage {
  std::string name;
  std::function<Result<StageOutcome>()> run;
};

// One row of the `runs` dataset (schema::Runs()).
struct StageRecord {
  std::string job_id;
  DateDays as_of = kNullDate;
  std::string stage;
  int64_t stage_index = 0;
  std::string status;  // succeeded, failed
  TimestampUs started_at = 0;
  TimestampUs finished_at = 0;
  double seconds = 0;
  std::string run_id;
  int64_t rows = -1;
  std::string error;
};

struct DailyJobOptions {
  std::string data_dir;
  DateDays as_of = kNullDate;
  // Called with each stage's index and name before it runs and with its record after (progress lines).
  std::function<void(size_t index, size_t total, const std::string& stage)> on_start;
  std::function<void(const StageRecord& record)> on_finish;
  AlertSink* alerts = nullptr;  // a failed stage is raised here
};

struct DailyJobSummary {
  std::string job_id;                     // "" when nothing ran (all stages had succeeded before)
  std::vector<std::string> already_done;  // stages an earlier job of the as-of completed
  std::vector<StageRecord> records;       // this job's stages, in order
  Status outcome;                         // the first failure, or OK
};

// Runs `stages` (in order) for options.as_of under the job lock. A stage's failure ends the job
// (summary.outcome); errors of the job itself (lock held, store unreadable) are returned as errors.
Result<DailyJobSummary> RunDailyJob(const DailyJobOptions& options, const std::vector<DailyStage>& stages);

// Every stage record of the store, newest job first (stages in order), optionally of one as-of.
Result<std::vector<StageRecord>> ReadStageRecords(const std::string& data_dir, DateDays as_of = kNullDate);

// The as-of a job started at `now` works on: the latest NYSE session whose close (plus a 15-minute
// grace for the closing prints) is at or before `now`.
DateDays DefaultAsOf(TimestampUs now);

}  // namespace qtp
