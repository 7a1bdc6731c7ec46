#include "qtp/pipeline/daily_job.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/core/file_util.h"
#include "qtp/data/store/paths.h"
#include "qtp/data/store/production_columns.h"
#include "qtp/data/store/store.h"

namespace qtp {

namespace {

constexpr int64_t kCloseGraceMinutes = 15;

// The job's exclusive flock on data/jobs/daily.lock. The file keeps the holder's pid for the
// message a second job prints; the lock itself dies with the process.
class JobLock {
 public:
  static Result<JobLock> Acquire(const std::string& data_dir) {
    const std::string dir = paths::Join(data_dir, "jobs");
    QTP_RETURN_IF_ERROR(MakeDirs(dir));
    const std::string path = paths::Join(dir, "daily.lock");
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return Status::IOError(fmt::format("{}: {}", path, std::strerror(errno)));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      char pid[32] = {};
      const ssize_t n = ::pread(fd, pid, sizeof(pid) - 1, 0);
      ::close(fd);
      return Status::Unavailable(fmt::format("another qtp daily is running on {} (pid {}); try again when it ends",
                                             data_dir, n > 0 ? std::string(pid, static_cast<size_t>(n)) : "?"));
    }
    const std::string pid = std::to_string(::getpid());
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
      ::close(fd);
      return Status::IOError(fmt::format("{}: could not record the pid", path));
    }
    return JobLock(fd);
  }
  JobLock(JobLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  JobLock& operator=(JobLock&&) = delete;
  JobLock(const JobLock&) = delete;
  ~JobLock() {
    if (fd_ >= 0) ::close(fd_);
  }

 private:
  explicit JobLock(int fd) : fd_(fd) {}
  int fd_;
};

Table ToTable(const std::vector<StageRecord>& records) {
  Table t(schema::Runs());
  for (const StageRecord& r : records) {
    t.Column<std::string>("job_id").push_back(r.job_id);
    t.Column<int32_t>("as_of").push_back(r.as_of);
    t.Column<std::string>("stage").push_back(r.stage);
    t.Column<int64_t>("stage_index").push_back(r.stage_index);
    t.Column<std::string>("status").push_back(r.status);
    t.Column<int64_t>("started_at").push_back(r.started_at);
    t.Column<int64_t>("finished_at").push_back(r.finished_at);
    t.Column<double>("seconds").push_back(r.seconds);
    t.Column<std::string>("run_id").push_back(r.run_id);
    t.Column<int64_t>("rows").push_back(r.rows);
    t.Column<std::string>("error").push_back(r.error);
  }
  return t;
}

// The record is committed on its own, right when the stage ends: a job killed later still knows
// this stage is done.
Status CommitRecord(const std::string& data_dir, const StageRecord& record) {
  StoreOptions options;
  options.data_dir = data_dir;
  options.run_id = record.job_id;
  options.mode = StoreMode::kWrite;
  QTP_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(options));
  QTP_RETURN_IF_ERROR(store->Merge(schema::Runs(), "", ToTable({record})).status());
  return store->Commit();
}

// The alert in monitor_alerts too, where the dashboard and /metrics count it.
Status CommitAlert(const std::string& data_dir, const std::string& job_id, const RaisedAlert& alert) {
  StoreOptions options;
  options.data_dir = data_dir;
  options.run_id = job_id;
  options.mode = StoreMode::kWrite;
  QTP_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(options));
  QTP_RETURN_IF_ERROR(StoreAlerts(*store, {alert}));
  return store->Commit();
}

}  // namespace

DateDays DefaultAsOf(TimestampUs now) {
  const NyseCalendar& calendar = NyseCalendar::Get();
  const DateDays today = NyseCalendar::ExchangeDate(now);
  const std::optional<TradingSession> session = calendar.Session(today);
  if (session && now >= session->close_utc + kCloseGraceMinutes * 60 * 1000000) return today;
  return calendar.PreviousTradingDay(today);
}

Result<std::vector<StageRecord>> ReadStageRecords(const std::string& data_dir, DateDays as_of) {
  StoreOptions options;
  options.data_dir = data_dir;
  QTP_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(options));
  const int year = as_of == kNullDate ? 0 : YearOfDays(as_of);
  QTP_ASSIGN_OR_RETURN(
      Table t, as_of == kNullDate ? store->Read(schema::Runs(), "") : store->Read(schema::Runs(), "", year, year));
  std::vector<StageRecord> records;
  for (size_t i = 0; i < t.num_rows(); ++i) {
    StageRecord r;
    r.as_of = t.Column<int32_t>("as_of")[i];
    if (as_of != kNullDate && r.as_of != as_of) continue;
    r.job_id = t.Column<std::string>("job_id")[i];
    r.stage = t.Column<std::string>("stage")[i];
    r.stage_index = t.Column<int64_t>("stage_index")[i];
    r.status = t.Column<std::string>("status")[i];
    r.started_at = t.Column<int64_t>("started_at")[i];
    r.finished_at = t.Column<int64_t>("finished_at")[i];
    r.seconds = t.Column<double>("seconds")[i];
    r.run_id = t.Column<std::string>("run_id")[i];
    r.rows = t.Column<int64_t>("rows")[i];
    r.error = t.Column<std::string>("error")[i];
    records.push_back(std::move(r));
  }
  // Newest job first (by its first stage's start), its stages in order.
  std::map<std::string, TimestampUs> job_start;
  for (const StageRecord& r : records) {
    auto [it, inserted] = job_start.emplace(r.job_id, r.started_at);
    if (!inserted) it->second = std::min(it->second, r.started_at);
  }
  std::sort(records.begin(), records.end(), [&](const StageRecord& a, const StageRecord& b) {
    const TimestampUs sa = job_start[a.job_id], sb = job_start[b.job_id];
    if (sa != sb) return sa > sb;
    if (a.job_id != b.job_id) return a.job_id > b.job_id;
    return a.stage_index < b.stage_index;
  });
  return records;
}

Result<DailyJobSummary> RunDailyJob(const DailyJobOptions& options, const std::vector<DailyStage>& stages) {
  if (!NyseCalendar::Get().IsTradingDay(options.as_of)) {
    return Status::InvalidArgument(fmt::format("{} is not an NYSE trading day (the session before it: {})",
                                               FormatDate(options.as_of),
                                               FormatDate(NyseCalendar::Get().PreviousTradingDay(options.as_of))));
  }
  QTP_ASSIGN_OR_RETURN(JobLock lock, JobLock::Acquire(options.data_dir));
  QTP_ASSIGN_OR_RETURN(std::vector<StageRecord> earlier, ReadStageRecords(options.data_dir, options.as_of));
  std::set<std::string> done, jobs;
  for (const StageRecord& r : earlier) {
    jobs.insert(r.job_id);
    if (r.status == "succeeded") done.insert(r.stage);
  }
  DailyJobSummary summary;
  // Resume at the first stage without a success: a later stage that succeeded in an earlier job
  // still reruns, because its inputs may have changed since.
  size_t first = 0;
  while (first < stages.size() && done.count(stages[first].name) > 0) {
    summary.already_done.push_back(stages[first].name);
    ++first;
  }
  if (first == stages.size()) return summary;
  summary.job_id = fmt::format("daily-{}-{}", FormatDate(options.as_of), jobs.size() + 1);
  for (size_t i = first; i < stages.size(); ++i) {
    const DailyStage& stage = stages[i];
    if (options.on_start) options.on_start(i, stages.size(), stage.name);
    StageRecord record;
    record.job_id = summary.job_id;
    record.as_of = options.as_of;
    record.stage = stage.name;
    record.stage_index = static_cast<int64_t>(i);
    record.started_at = NowUs();
    const auto clock_start = std::chrono::steady_clock::now();
    Result<StageOutcome> outcome = stage.run();
    record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start).count();
    record.finished_at = NowUs();
    if (outcome.ok()) {
      record.status = "succeeded";
      record.run_id = outcome->run_id;
      record.rows = outcome->rows;
    } else {
      record.status = "failed";
      record.error = outcome.status().ToString();
    }
    QTP_RETURN_IF_ERROR(CommitRecord(options.data_dir, record).WithContext("recording the stage"));
    summary.records.push_back(record);
    if (options.on_finish) options.on_finish(record);
    if (!outcome.ok()) {
      summary.outcome = outcome.status().WithContext(fmt::format("stage {}", stage.name));
      if (options.alerts != nullptr) {
        Alert alert;
        alert.severity = "critical";
        alert.source = "daily";
        alert.key = fmt::format("daily/stage/{}", stage.name);
        alert.as_of = options.as_of;
        alert.subject = fmt::format("qtp daily {}: stage {} failed; the published rankings are unchanged",
                                    FormatDate(options.as_of), stage.name);
        alert.details = {{"job_id", record.job_id},
                         {"as_of", FormatDate(options.as_of)},
                         {"stage", stage.name},
                         {"error", record.error},
                         {"data_dir", options.data_dir}};
        // A webhook failure is already logged by the sink; the stage's failure is the job's outcome.
        QTP_RETURN_IF_ERROR(CommitAlert(options.data_dir, record.job_id, options.alerts->Raise(alert))
                                .WithContext("recording the alert"));
      }
      break;
    }
  }
  return summary;
}

}  // namespace qtp
