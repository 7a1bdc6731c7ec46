// qtp daily: the after-close job; qtp runs: its history (docs/production.md).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "cli.h"
#include "qtp/calendar/nyse_calendar.h"
#include "qtp/core/file_util.h"
#include "qtp/data/providers/registry.h"
#include "qtp/data/store/paths.h"
#include "qtp/data/store/schema.h"
#include "qtp/pipeline/daily_job.h"
#include "qtp/pipeline/run_record.h"
#include "qtp/pipeline/stage_process.h"

namespace qtp::cli {

namespace {

// How far back a provider refresh re-reads: a week covers a long weekend plus late corrections.
constexpr int kProviderLookbackDays = 7;

// Where each stage's headline row count sits in its run's metrics.json (the first pointer present wins).
const std::map<std::string, std::vector<std::string>>& RowsPointers() {
  static const std::map<std::string, std::vector<std::string>> pointers = {
      {"refresh", {"/ingest/rows_added", "/pull/ingest/rows_added"}},
      {"clean", {"/bars_out"}},
      {"features", {"/ticker_days_computed"}},
      {"select", {"/rows"}},
      {"predict", {"/rows_added"}},
      {"costs", {"/rows"}},
      {"publish", {"/rows"}},
      {"monitor", {"/rows"}},
  };
  return pointers;
}

int64_t HeadlineRows(const nlohmann::json& metrics, const std::string& stage) {
  const auto it = RowsPointers().find(stage);
  if (it == RowsPointers().end()) return -1;
  for (const std::string& pointer : it->second) {
    const nlohmann::json::json_pointer ptr(pointer);
    if (metrics.contains(ptr) && metrics[ptr].is_number_integer()) return metrics[ptr].get<int64_t>();
  }
  return -1;
}

class DailyStages {
 public:
  DailyStages(const Globals& g, const ProjectConfig& config, DateDays as_of, std::string log_dir)
      : g_(g), config_(config), as_of_(as_of), log_dir_(std::move(log_dir)) {}

  std::vector<DailyStage> All() {
    const std::string day = FormatDate(as_of_);
    return {{"refresh", [this] { return Refresh(); }},
            Child("clean", {"clean"}),
            Child("features", {"features"}),
            Child("select", {"select"}),
            Child("predict", {"predict", "--date", day}),
            Child("costs", {"costs"}),
            Child("publish", {"publish", "--as-of", day}),
            Child("monitor", {"monitor", "--as-of", day})};
  }

 private:
  DailyStage Child(const std::string& name, std::vector<std::string> args) {
    return {name, [this, name, args] { return RunStageChild(name, args); }};
  }

  Result<StageOutcome> RunStageChild(const std::string& name, const std::vector<std::string>& args) {
    ChildCommand command;
    command.executable = std::filesystem::read_symlink("/proc/self/exe").string();
    command.args = {"--data-dir", g_.data_dir, "--quiet"};
    if (!g_.config_file.empty()) command.args.insert(command.args.end(), {"--config", g_.config_file});
    command.args.insert(command.args.end(), args.begin(), args.end());
    command.log_path = paths::Join(log_dir_, name + ".log");
    QTP_ASSIGN_OR_RETURN(const ChildOutcome child, RunChild(command));
    if (child.exit_code != 0) {
      return Status::Internal(fmt::format("qtp {} exited with code {}: {} (log: {})", args.front(), child.exit_code,
                                          child.error_line, command.log_path));
    }
    return StageOutcome{child.run_id, HeadlineRows(ReadRunMetrics(g_.data_dir, child.run_id), name)};
  }

  // New bars up to the as-of: from the providers when they are the source, else by extending the
  // simulated market (same tickers, start, seed, signal and regime shift as the last `qtp simulate`;
  // a later end day adds days and leaves the stored ones as they are).
  Result<StageOutcome> Refresh() {
    QTP_ASSIGN_OR_RETURN(const std::string source, Source());
    if (source == "files") return ImportedBarsReachTheAsOf();
    if (source == "providers") {
      StoreOptions options;
      options.data_dir = g_.data_dir;
      QTP_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(options));
      std::string tickers;
      for (const std::string& t : store->Tickers(schema::RawBars5m())) tickers += (tickers.empty() ? "" : ",") + t;
      if (tickers.empty()) {
        return Status::NotFound("no stored 5-minute bars to refresh: ingest the tickers once with qtp ingest");
      }
      return RunStageChild("refresh", {"ingest", "--provider", "auto", "--tickers", tickers, "--start",
                                       FormatDate(as_of_ - kProviderLookbackDays), "--end", FormatDate(as_of_)});
    }
    const std::optional<nlohmann::json> simulated = LatestSuccessfulRun(g_.data_dir, "simulate");
    if (!simulated) {
      return Status::NotFound(
          "no simulated market to extend and no provider with credentials (config/data_sources.yaml): run qtp "
          "simulate or qtp ingest first");
    }
    const nlohmann::json& args = (*simulated)["args"];
    QTP_ASSIGN_OR_RETURN(const DateDays simulated_end, ParseDate(args.value("end", "")));
    std::vector<std::string> extend({"simulate", "--tickers", args.value("tickers", ""), "--start",
                                     args.value("start", ""), "--end", FormatDate(std::max(simulated_end, as_of_)),
                                     "--seed", args.value("seed", ""), "--signal", args.value("signal", "")});
    if (args.contains("regime_shift")) extend.insert(extend.end(), {"--regime-shift", args.value("regime_shift", "")});
    return RunStageChild("refresh", extend);
  }

  // With `files` the bars arrive by `qtp import` before the job: the refresh stage fetches nothing and
  // only makes sure some ticker's raw bars reach the as-of, so stale files fail the job before it
  // publishes rankings of a day it has no data for. Its rows: the tickers whose bars reach it.
  Result<StageOutcome> ImportedBarsReachTheAsOf() const {
    StoreOptions options;
    options.data_dir = g_.data_dir;
    QTP_ASSIGN_OR_RETURN(const std::unique_ptr<Store> store, Store::Open(options));
    const int64_t as_of_us = static_cast<int64_t>(as_of_) * kMicrosPerDay;
    std::set<std::string> current;
    for (const auto& [path, e] : store->manifest().entries) {
      const bool reaches = (e.dataset == schema::RawBars1d().name && e.max_time >= as_of_) ||
                           (e.dataset == schema::RawBars5m().name && e.max_time >= as_of_us);
      if (reaches && e.rows > 0) current.insert(e.ticker);
    }
    if (current.empty()) {
      return Status::NotFound(
          fmt::format("no imported bars reach {} (production.source is files): import them with qtp import first",
                      FormatDate(as_of_)));
    }
    return StageOutcome{"", static_cast<int64_t>(current.size())};
  }

  Result<std::string> Source() {
    const std::string& source = config_.stages.production.source;
    if (source != "auto") return source;
    QTP_ASSIGN_OR_RETURN(const config::EnvLookup env, ProviderEnv(g_));
    return providers::ResolveProviders(config_.sources, "auto", env).ok() ? std::string("providers")
                                                                          : std::string("simulate");
  }

 private:
  const Globals& g_;
  const ProjectConfig& config_;
  DateDays as_of_;
  std::string log_dir_;
};

std::string Seconds(double s) { return fmt::format("{:.1f} s", s); }

void PrintRecords(const std::vector<StageRecord>& records) {
  std::printf("%-22s %-10s %-9s %-10s %9s %10s  %s\n", "job", "as_of", "stage", "status", "seconds", "rows", "error");
  for (const StageRecord& r : records) {
    std::printf("%-22s %-10s %-9s %-10s %9.1f %10s  %s\n", r.job_id.c_str(), FormatDate(r.as_of).c_str(),
                r.stage.c_str(), r.status.c_str(), r.seconds, r.rows >= 0 ? std::to_string(r.rows).c_str() : "",
                r.error.c_str());
  }
}

}  // namespace

void AddDailyCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("daily",
                                 "The after-close job for one day: refresh -> clean -> features -> select -> "
                                 "predict -> costs -> publish -> monitor (docs/production.md)");
  static std::string as_of_text;
  cmd->add_option("--as-of", as_of_text,
                  "Trading day (YYYY-MM-DD; default: the latest NYSE session closed 15 minutes ago)");
  cmd->callback([&g] {
    Result<ProjectConfig> config = LoadConfig(g);
    if (!config.ok()) {
      g.exit_code = Fail(config.status());
      return;
    }
    DateDays as_of = DefaultAsOf(NowUs());
    if (!as_of_text.empty()) {
      Result<DateDays> parsed = ParseDate(as_of_text);
      if (!parsed.ok()) {
        g.exit_code = Fail(parsed.status());
        return;
      }
      as_of = *parsed;
    }
    const std::string log_dir = paths::Join(g.data_dir, fmt::format("logs/daily/{}", FormatDate(as_of)));
    if (Status made = MakeDirs(log_dir); !made.ok()) {
      g.exit_code = Fail(made);
      return;
    }
    AlertSink alerts(g.data_dir, AlertWebhook(*config), AlertPolicyOf(*config));
    DailyStages stages(g, *config, as_of, log_dir);
    DailyJobOptions options;
    options.data_dir = g.data_dir;
    options.as_of = as_of;
    options.alerts = &alerts;
    options.on_start = [&](size_t index, size_t total, const std::string& stage) {
      if (!g.quiet) std::printf("[%zu/%zu] %s ...\n", index + 1, total, stage.c_str());
      std::fflush(stdout);
    };
    options.on_finish = [&](const StageRecord& r) {
      if (g.quiet) return;
      std::printf("      %s in %s%s%s\n", r.status.c_str(), Seconds(r.seconds).c_str(),
                  r.rows >= 0 ? fmt::format(", {} rows", r.rows).c_str() : "",
                  r.run_id.empty() ? "" : fmt::format(" (run {})", r.run_id).c_str());
      std::fflush(stdout);
    };
    const std::vector<DailyStage> all = stages.All();
    Result<DailyJobSummary> summary = RunDailyJob(options, all);
    if (!summary.ok()) {
      g.exit_code = Fail(summary.status());
      return;
    }
    if (summary->job_id.empty()) {
      std::printf("daily %s: every stage already succeeded; nothing to do (qtp runs show daily-%s-1)\n",
                  FormatDate(as_of).c_str(), FormatDate(as_of).c_str());
      return;
    }
    double seconds = 0;
    for (const StageRecord& r : summary->records) seconds += r.seconds;
    if (!summary->outcome.ok()) {
      std::fprintf(stderr,
                   "error: daily %s failed: %s\n  the published rankings are unchanged; logs: %s/; alert trail: "
                   "%s/logs/alerts.jsonl\n  re-run `qtp daily --as-of %s` to resume at the failed stage\n",
                   FormatDate(as_of).c_str(), summary->outcome.ToString().c_str(), log_dir.c_str(), g.data_dir.c_str(),
                   FormatDate(as_of).c_str());
      g.exit_code = 1;
      return;
    }
    std::printf("daily %s: job %s ran %zu stage(s) in %s%s\n  history: qtp runs show %s; logs: %s/\n",
                FormatDate(as_of).c_str(), summary->job_id.c_str(), summary->records.size(), Seconds(seconds).c_str(),
                summary->already_done.empty()
                    ? ""
                    : fmt::format(" (resumed: {} already done)", summary->already_done.size()).c_str(),
                summary->job_id.c_str(), log_dir.c_str());
  });
}

void AddRunsCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("runs", "History of qtp daily: per job and stage, status, timings, rows, error");
  static std::vector<std::string> words;
  static int limit = 20;
  cmd->add_option("action", words, "list (default) or show JOB_ID");
  cmd->add_option("--limit", limit, "Jobs to list")->check(CLI::Range(1, 100000))->capture_default_str();
  cmd->callback([&g] {
    const std::string action = words.empty() ? "list" : words[0];
    if ((action == "list" && words.size() > 1) || (action == "show" && words.size() != 2) ||
        (action != "list" && action != "show")) {
      g.exit_code = Fail(Status::InvalidArgument("usage: qtp runs [list | show JOB_ID]"));
      return;
    }
    Result<std::vector<StageRecord>> records = ReadStageRecords(g.data_dir);
    if (!records.ok()) {
      g.exit_code = Fail(records.status());
      return;
    }
    if (action == "show") {
      std::vector<StageRecord> job;
      std::copy_if(records->begin(), records->end(), std::back_inserter(job),
                   [&](const StageRecord& r) { return r.job_id == words[1]; });
      if (job.empty()) {
        g.exit_code = Fail(Status::NotFound(fmt::format("no daily job {} (qtp runs list shows them)", words[1])));
        return;
      }
      PrintRecords(job);
      return;
    }
    // One line per job: its as-of, how its stages went, its time and the failure if any.
    std::printf("%-22s %-10s %-9s %7s %9s  %s\n", "job", "as_of", "status", "stages", "seconds", "error");
    std::vector<std::string> order;
    std::map<std::string, std::vector<const StageRecord*>> jobs;
    for (const StageRecord& r : *records) {
      if (jobs[r.job_id].empty()) order.push_back(r.job_id);
      jobs[r.job_id].push_back(&r);
    }
    if (order.size() > static_cast<size_t>(limit)) order.resize(static_cast<size_t>(limit));
    for (const std::string& id : order) {
      const std::vector<const StageRecord*>& stages = jobs[id];
      double seconds = 0;
      std::string error;
      for (const StageRecord* r : stages) {
        seconds += r->seconds;
        if (r->status == "failed") error = r->stage + ": " + r->error;
      }
      std::printf("%-22s %-10s %-9s %7zu %9.1f  %s\n", id.c_str(), FormatDate(stages.front()->as_of).c_str(),
                  error.empty() ? "succeeded" : "failed", stages.size(), seconds, error.c_str());
    }
    if (order.empty()) std::printf("(no daily job has run on %s yet: qtp daily)\n", g.data_dir.c_str());
  });
}

}  // namespace qtp::cli
