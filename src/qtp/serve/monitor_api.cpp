// /api/monitor and /api/monitor/history: what the monitor recorded (docs/monitoring.md). The daily job's
// monitor stage writes its checks (view monitor_checks); `qtp monitor` writes drift statistics, the
// production model's decay and the alerts raised (views monitor_drift, monitor_decay, monitor_alerts).
// Before the first run every list is empty.
#include <fmt/format.h>

#include "qtp/data/store/monitor_columns.h"
#include "qtp/serve/query_util.h"
#include "qtp/serve/route.h"

namespace qtp::serve {
namespace {

// The alerts listed with a day: those of the window of calendar days ending on it (none after it), the latest
// as-of first (a backfill raises the alerts of many days at one wall-clock time), then the latest raised.
constexpr int kMonitorAlertDays = 30;
constexpr int kMonitorAlertLimit = 100;

// The rows of `sql` (bound to the day as $1) without their as_of column, which the answer holds once.
Result<Json> MonitorRowsOf(StoreAccess& store, const std::string& sql, DateDays as_of, bool keep_as_of) {
  QTP_ASSIGN_OR_RETURN(QueryRows rows, store.Query(sql, {duck::SqlDate{as_of}}));
  Json out = rows.ToJson();
  if (!keep_as_of) {
    for (Json& row : out) row.erase("as_of");
  }
  return out;
}

Result<std::string> Monitor(const RequestContext& ctx) {
  std::optional<DateDays> as_of = ctx.params.Date("as_of");
  if (!as_of) {
    QTP_ASSIGN_OR_RETURN(
        QueryRows latest,
        ctx.store.Query("SELECT CAST(max(as_of) - DATE '1970-01-01' AS BIGINT) FROM (SELECT as_of FROM "
                        "monitor_checks UNION ALL SELECT as_of FROM monitor_drift)",
                        {}));
    if (latest.rows.empty() || latest.rows[0][0] == "NULL") {
      return Dump({{"as_of", nullptr},
                   {"status", "no_data"},
                   {"checks", Json::array()},
                   {"drift", Json::array()},
                   {"decay", Json::array()},
                   {"alerts", Json::array()}});
    }
    as_of = static_cast<DateDays>(std::stoll(latest.rows[0][0]));
  }
  QTP_ASSIGN_OR_RETURN(Json checks,
                       MonitorRowsOf(ctx.store,
                                     "SELECT strftime(as_of, '%Y-%m-%d') AS as_of, name, status, value, "
                                     "threshold, message FROM monitor_checks WHERE as_of = $1 ORDER BY name",
                                     *as_of, false));
  QTP_ASSIGN_OR_RETURN(Json drift, MonitorRowsOf(ctx.store,
                                                 fmt::format("SELECT {} FROM monitor_drift WHERE as_of = $1 ORDER BY "
                                                             "kind, name, metric",
                                                             SelectList(schema::MonitorDrift(), {})),
                                                 *as_of, false));
  QTP_ASSIGN_OR_RETURN(Json decay, MonitorRowsOf(ctx.store,
                                                 fmt::format("SELECT {} FROM monitor_decay WHERE as_of = $1 ORDER BY "
                                                             "model_id",
                                                             SelectList(schema::MonitorDecay(), {})),
                                                 *as_of, false));
  if (ctx.params.Has("as_of") && checks.empty() && drift.empty() && decay.empty()) {
    return Status::NotFound(fmt::format("the monitor recorded nothing for {}", FormatDate(*as_of)));
  }
  QTP_ASSIGN_OR_RETURN(
      Json alerts,
      MonitorRowsOf(ctx.store,
                    fmt::format("SELECT {} FROM monitor_alerts WHERE as_of <= $1 AND as_of > $1 - INTERVAL {} DAY "
                                "ORDER BY as_of DESC, raised_at DESC, key LIMIT {}",
                                SelectList(schema::MonitorAlerts(), {}), kMonitorAlertDays, kMonitorAlertLimit),
                    *as_of, true));
  // The day's status is its worst check's.
  std::string status = checks.empty() ? "no_data" : "ok";
  for (const Json& check : checks) {
    const std::string s = check.at("status");
    if (s == "fail" || (s == "warn" && status == "ok")) status = s;
  }
  return Dump({{"as_of", FormatDate(*as_of)},
               {"status", status},
               {"checks", std::move(checks)},
               {"drift", std::move(drift)},
               {"decay", std::move(decay)},
               {"alerts", std::move(alerts)}});
}

Result<std::string> MonitorHistory(const RequestContext& ctx) {
  // The last `days` as-of dates the monitor measured, oldest first (a chart's order); a day with drift but no
  // decay row (or the reverse) still has its item, the missing side null.
  QTP_ASSIGN_OR_RETURN(
      QueryRows rows,
      ctx.store.Query(
          "WITH days AS (SELECT as_of FROM (SELECT as_of FROM monitor_drift UNION SELECT as_of FROM monitor_decay) "
          "ORDER BY as_of DESC LIMIT $1), "
          "drift AS (SELECT as_of, count(*) FILTER (WHERE status = 'alert') AS drift_alerts, count(*) FILTER (WHERE "
          "status = 'warn') AS drift_warnings, count(*) AS drift_statistics FROM monitor_drift GROUP BY as_of) "
          "SELECT strftime(days.as_of, '%Y-%m-%d') AS as_of, coalesce(drift.drift_alerts, 0) AS drift_alerts, "
          "coalesce(drift.drift_warnings, 0) AS drift_warnings, coalesce(drift.drift_statistics, 0) AS "
          "drift_statistics, decay.model_id, decay.rank_ic, decay.validated_rank_ic, decay.t_stat, decay.cusum, "
          "decay.status AS decay_status FROM days LEFT JOIN drift ON drift.as_of = days.as_of LEFT JOIN "
          "monitor_decay AS decay ON decay.as_of = days.as_of ORDER BY days.as_of, decay.model_id",
          {ctx.params.Int("days")}));
  return Dump({{"days", ctx.params.Int("days")}, {"items", rows.ToJson()}});
}

}  // namespace

std::vector<Route> MonitorRoutes() {
  return {Route{"/api/monitor",
                "One day of the monitor: the daily job's checks, the drift statistics, the model's decay and the "
                "alerts of the 30 days up to it",
                "monitor",
                {DateParam("as_of", "The monitored day (default: the latest in monitor_checks or monitor_drift)")},
                {"as_of", "status", "checks", "drift", "decay", "alerts"},
                "checks: {name, status, value, threshold, message} by name; status: the worst check's (ok, warn, "
                "fail), no_data without checks; drift: monitor_drift rows by kind, name, metric; decay: "
                "monitor_decay rows by model_id; alerts: monitor_alerts rows of the 30 days up to as_of, latest "
                "as-of first, at most 100",
                Monitor},
          Route{"/api/monitor/history",
                "The monitor's drift alert count and the model's decay per as-of date, for a chart",
                "monitor",
                {IntParam("days", 1, 5000, 120, "How many of the latest monitored as-of dates")},
                {"days", "items"},
                "items: {as_of, drift_alerts, drift_warnings, drift_statistics, model_id, rank_ic, "
                "validated_rank_ic, t_stat, cusum, decay_status}, oldest first, one per as-of and model",
                MonitorHistory}};
}

}  // namespace qtp::serve
