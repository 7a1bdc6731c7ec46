// The checks of `qtp monitor` stored in `monitor_checks` (docs/monitoring.md): that what was published
// for the as-of is whole and fresh, the data's quality and the daily job's health.
#pragma once

#include <string>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/time.h"
#include "qtp/data/store/store.h"
#include "qtp/monitor/monitor_params.h"

namespace qtp::monitor {

struct HealthCheck {
  std::string name;
  std::string status;  // ok, warn, fail, n/a (nothing to measure)
  double value = 0;    // NaN when not measured
  double threshold = 0;
  std::string message;
};

// Reads the store as committed. Checks:
//   bars_fresh           tickers with a daily bar on the as-of (fail at 0: the refresh brought nothing)
//   rankings_published   names in the primary model's published ranking of the as-of (fail at 0)
//   ranking_coverage     share of the as-of's top-K names that the ranking scored (warn < threshold)
//   features_complete    share of the as-of's top-K names with a features_raw row that day
Result<std::vector<HealthCheck>> RunHealthChecks(const Store& store, DateDays as_of, double min_coverage = 0.95);

// The data's quality on the as-of:
//   missing_bar_rate       share of the 5-minute bars the session should have that the tickers seen in
//                          the last five sessions lack on the as-of (bars_1d n_bars against the calendar)
//   stale_tickers          share of the tickers seen in the last 20 sessions whose last bar is at least
//                          stale_days sessions old
//   provider_disagreement  largest relative close difference between a bar of the as-of a source replaced
//                          (bar_revisions) and the bar that replaced it
//   data_delay_hours       hours from the session's close to the end of the as-of's refresh stage (runs)
Result<std::vector<HealthCheck>> RunQualityChecks(const Store& store, DateDays as_of, const QualityParams& params);

// The daily job's health (runs):
//   job_last_success   sessions from the last as-of whose stages refresh..publish all succeeded to this one
//   job_failures       failed stages of the as-of's jobs
//   job_slowest_stage  seconds of the as-of's slowest stage
Result<std::vector<HealthCheck>> RunJobHealthChecks(const Store& store, DateDays as_of, const QualityParams& params);

// Replaces the as-of's rows of monitor_checks with `checks` (committed by the caller).
Status StoreHealthChecks(Store& store, DateDays as_of, const std::vector<HealthCheck>& checks);

}  // namespace qtp::monitor
