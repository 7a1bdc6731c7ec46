// GET /metrics: the state of the daily job, the monitor and the published rankings in Prometheus's
// text format (metrics_text.h), read from the store's views at scrape time. A view with no rows
// contributes no samples; its families are still described (HELP and TYPE).
#include <charconv>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "qtp/core/time.h"
#include "qtp/models/registry.h"
#include "qtp/serve/metrics_text.h"
#include "qtp/serve/route.h"

namespace qtp::serve {
namespace {

constexpr double kSecondsPerDay = static_cast<double>(kMicrosPerDay / kMicrosPerSecond);

// A numeric cell as DuckDB rendered it; nullopt for NULL (and for text that is not a number).
std::optional<double> ScrapedNumber(const std::string& text) {
  double value = 0;
  const char* last = text.data() + text.size();
  if (auto [ptr, ec] = std::from_chars(text.data(), last, value); ec == std::errc{} && ptr == last) return value;
  return std::nullopt;
}

// Adds a sample unless the cell is NULL.
void SampleIfPresent(MetricsText& out, const MetricLabels& labels, const std::string& cell) {
  if (const std::optional<double> value = ScrapedNumber(cell)) out.Sample(labels, *value);
}

// One row per job of view runs.
constexpr const char* kJobsTable =
    "WITH jobs AS (SELECT job_id, as_of, min(started_at) AS started, max(finished_at) AS finished, "
    "bool_and(status = 'succeeded') AS succeeded FROM runs GROUP BY job_id, as_of) ";
// The latest job first: the newest as-of, among its jobs the last one started (an attempt number
// past 9 would sort wrongly as text).
constexpr const char* kJobOrder = "as_of DESC, started DESC, job_id DESC";

Status AddJobMetrics(StoreAccess& store, MetricsText& out) {
  // Columns: which, job_id, as-of, duration, finished; a row "latest" and a row "succeeded".
  const std::string sql = fmt::format(
      "{0}(SELECT 'latest' AS which, job_id, epoch(as_of::TIMESTAMP) AS as_of, epoch(finished) - epoch(started) AS "
      "seconds, epoch(finished) AS finished FROM jobs ORDER BY {1} LIMIT 1) UNION ALL (SELECT 'succeeded', job_id, "
      "epoch(as_of::TIMESTAMP), NULL, epoch(finished) FROM jobs WHERE succeeded ORDER BY {1} LIMIT 1)",
      kJobsTable, kJobOrder);
  QTP_ASSIGN_OR_RETURN(QueryRows jobs, store.Query(sql, {}));
  const std::vector<std::string>* latest = nullptr;
  const std::vector<std::string>* succeeded = nullptr;
  for (const std::vector<std::string>& row : jobs.rows) (row[0] == "latest" ? latest : succeeded) = &row;
  out.BeginFamily("qtp_job_last_as_of_timestamp_seconds", MetricType::kGauge,
                  "As-of date of the latest qtp daily job (midnight UTC, Unix seconds)");
  if (latest) SampleIfPresent(out, {}, (*latest)[2]);
  out.BeginFamily("qtp_job_duration_seconds", MetricType::kGauge,
                  "Wall-clock time of the latest qtp daily job: first stage start to last stage end");
  if (latest) SampleIfPresent(out, {}, (*latest)[3]);
  out.BeginFamily("qtp_job_last_success_timestamp_seconds", MetricType::kGauge,
                  "When the last stage of the latest qtp daily job whose stages all succeeded finished (Unix seconds)");
  if (succeeded) SampleIfPresent(out, {}, (*succeeded)[4]);

  QTP_ASSIGN_OR_RETURN(QueryRows stages, store.Query("SELECT stage, seconds, rows, status FROM runs WHERE job_id = $1 "
                                                     "ORDER BY stage_index, stage",
                                                     {latest ? (*latest)[1] : std::string()}));
  out.BeginFamily("qtp_job_stage_duration_seconds", MetricType::kGauge,
                  "Seconds each stage of the latest qtp daily job took");
  for (const auto& row : stages.rows) SampleIfPresent(out, {{"stage", row[0]}}, row[1]);
  out.BeginFamily("qtp_job_stage_rows", MetricType::kGauge,
                  "Headline row count of each stage of the latest qtp daily job (stages without one are left out)");
  for (const auto& row : stages.rows) {
    const std::optional<double> rows = ScrapedNumber(row[2]);
    if (rows && *rows >= 0) out.Sample({{"stage", row[0]}}, *rows);  // -1: the stage has no row count
  }
  out.BeginFamily("qtp_job_stage_succeeded", MetricType::kGauge,
                  "1 when the stage succeeded in the latest qtp daily job, 0 when it failed");
  for (const auto& row : stages.rows) out.Sample({{"stage", row[0]}}, row[3] == "succeeded" ? 1 : 0);

  QTP_ASSIGN_OR_RETURN(QueryRows failures,
                       store.Query("SELECT stage, count(*) FILTER (WHERE status = 'failed') FROM runs "
                                   "GROUP BY stage ORDER BY stage",
                                   {}));
  out.BeginFamily("qtp_job_stage_failures_total", MetricType::kCounter,
                  "Failed runs of each stage over every qtp daily job in the store");
  for (const auto& row : failures.rows) SampleIfPresent(out, {{"stage", row[0]}}, row[1]);
  return Status::OK();
}

Status AddMonitorCheckMetrics(StoreAccess& store, MetricsText& out) {
  QTP_ASSIGN_OR_RETURN(
      QueryRows checks,
      store.Query("SELECT name, value, CASE status WHEN 'ok' THEN 0 WHEN 'warn' THEN 1 WHEN 'fail' THEN 2 END FROM "
                  "monitor_checks WHERE as_of = (SELECT max(as_of) FROM monitor_checks) ORDER BY name",
                  {}));
  out.BeginFamily("qtp_monitor_check_value", MetricType::kGauge,
                  "What each check of the latest qtp monitor run measured");
  for (const auto& row : checks.rows) SampleIfPresent(out, {{"name", row[0]}}, row[1]);
  out.BeginFamily("qtp_monitor_check_status", MetricType::kGauge,
                  "Status of each check of the latest qtp monitor run: 0 ok, 1 warn, 2 fail (n/a: no sample)");
  for (const auto& row : checks.rows) SampleIfPresent(out, {{"name", row[0]}}, row[2]);
  return Status::OK();
}

Status AddDriftMetrics(StoreAccess& store, MetricsText& out) {
  QTP_ASSIGN_OR_RETURN(QueryRows drift,
                       store.Query("SELECT kind, name, metric, value, status FROM monitor_drift WHERE as_of = "
                                   "(SELECT max(as_of) FROM monitor_drift) ORDER BY kind, name, metric",
                                   {}));
  out.BeginFamily("qtp_drift_score", MetricType::kGauge,
                  "Drift statistics of the latest qtp monitor run (psi, ks, corr_distance) per kind and name");
  // Every status monitor_columns.h names is reported, zero included, so an alert rule can compare it.
  std::map<std::string, int64_t> by_status;
  if (!drift.rows.empty()) by_status = {{"ok", 0}, {"warn", 0}, {"alert", 0}, {"n/a", 0}};
  for (const auto& row : drift.rows) {
    SampleIfPresent(out, {{"kind", row[0]}, {"name", row[1]}, {"metric", row[2]}}, row[3]);
    ++by_status[row[4]];
  }
  out.BeginFamily("qtp_drift_statistics", MetricType::kGauge,
                  "Drift statistics of the latest qtp monitor run by status (ok, warn, alert, n/a)");
  for (const auto& [status, count] : by_status) out.Sample({{"status", status}}, static_cast<double>(count));
  return Status::OK();
}

Status AddDecayMetrics(StoreAccess& store, MetricsText& out) {
  QTP_ASSIGN_OR_RETURN(QueryRows decay,
                       store.Query("SELECT model_id, rank_ic, t_stat, cusum FROM monitor_decay WHERE as_of = "
                                   "(SELECT max(as_of) FROM monitor_decay) ORDER BY model_id",
                                   {}));
  const struct {
    const char* name;
    const char* help;
  } families[] = {
      {"qtp_decay_rank_ic", "Mean realized out-of-sample rank IC over the rolling window (latest qtp monitor run)"},
      {"qtp_decay_t_stat", "Shortfall of the realized rank IC from the validated one in standard errors"},
      {"qtp_decay_cusum", "One-sided CUSUM of the standardized rank IC shortfalls since the model's first live day"},
  };
  for (size_t f = 0; f < std::size(families); ++f) {
    out.BeginFamily(families[f].name, MetricType::kGauge, families[f].help);
    for (const auto& row : decay.rows) SampleIfPresent(out, {{"model_id", row[0]}}, row[f + 1]);
  }
  return Status::OK();
}

Status AddAlertMetrics(StoreAccess& store, MetricsText& out) {
  QTP_ASSIGN_OR_RETURN(QueryRows alerts,
                       store.Query("SELECT severity, status, count(*) FROM monitor_alerts GROUP BY severity, status "
                                   "ORDER BY severity, status",
                                   {}));
  out.BeginFamily("qtp_alerts_total", MetricType::kCounter,
                  "Alerts raised by qtp monitor and qtp daily, by severity and status (sent, suppressed)");
  for (const auto& row : alerts.rows) SampleIfPresent(out, {{"severity", row[0]}, {"status", row[1]}}, row[2]);
  return Status::OK();
}

Result<std::string> Metrics(const RequestContext& ctx) {
  MetricsText out;
  out.BeginFamily("qtp_build_info", MetricType::kGauge, "Always 1; the label names the qtp build serving");
  out.Sample({{"version", models::CodeVersion()}}, 1);
  out.BeginFamily("qtp_rankings_last_as_of_timestamp_seconds", MetricType::kGauge,
                  "Latest as-of date with published rankings (midnight UTC, Unix seconds)");
  if (!ctx.snapshot->rankings.empty()) {
    out.Sample({}, static_cast<double>(ctx.snapshot->rankings.days().front().as_of) * kSecondsPerDay);
  }
  QTP_RETURN_IF_ERROR(AddJobMetrics(ctx.store, out));
  QTP_RETURN_IF_ERROR(AddMonitorCheckMetrics(ctx.store, out));
  QTP_RETURN_IF_ERROR(AddDriftMetrics(ctx.store, out));
  QTP_RETURN_IF_ERROR(AddDecayMetrics(ctx.store, out));
  QTP_RETURN_IF_ERROR(AddAlertMetrics(ctx.store, out));
  return out.Render();
}

}  // namespace

std::vector<Route> MetricsRoutes() {
  return {Route{"/metrics",
                "The daily job, monitor and rankings state in the Prometheus text format 0.0.4",
                "metrics",
                {},
                {},
                "",
                Metrics,
                kPrometheusContentType}};
}

}  // namespace qtp::serve
