// `qtp monitor`: for an as-of (or every feature day of a span, oldest first), measures against the
// production model
//   drift  of its raw features (PSI, KS) and of its predictions, and of the features' correlation
//          structure, between its training window (the reference) and the last current_days days;
//   decay  of its realized out-of-sample rank IC (ic_decay.h) over the live days whose forward return
//          is known by the as-of's close;
//   checks of the publication, the data's quality and the daily job's health (health_checks.h);
// stores them in monitor_drift, monitor_decay and monitor_checks, and returns the alerts they call for.
// Every value of an as-of reads only rows dated up to it (the forward returns of the decay: up to it
// too), so a later day's data never changes it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/time.h"
#include "qtp/data/store/store.h"
#include "qtp/monitor/alerts.h"
#include "qtp/monitor/health_checks.h"
#include "qtp/monitor/ic_decay.h"
#include "qtp/monitor/monitor_params.h"

namespace qtp::monitor {

struct MonitorOptions {
  DateDays as_of = kNullDate;  // kNullDate: the latest feature day
  DateDays since = kNullDate;  // set: every feature day from it to the as-of
  std::string model_id;        // the production model (registered)
  MonitoringParams params;
  // Called after each day with the days done and their total (a backfill's progress).
  std::function<void(size_t done, size_t total)> on_day;
};

struct DriftRow {
  std::string kind;    // feature, prediction, correlation
  std::string name;    // feature name, model_id, "features"
  std::string metric;  // psi, ks, corr_distance
  double value = kNaN;
  double threshold = kNaN;
  double alert_threshold = kNaN;
  std::string status;  // ok, warn, alert, n/a
  DateDays reference_first = kNullDate, reference_last = kNullDate;
  DateDays current_first = kNullDate, current_last = kNullDate;
  int64_t n_reference = 0, n_current = 0;
};

struct MonitorDay {
  DateDays as_of = kNullDate;
  std::vector<HealthCheck> checks;
  std::vector<DriftRow> drift;
  DecayStatus decay;
  double validated_rank_ic = kNaN;
  std::vector<Alert> alerts;  // to raise, in order
};

// Reads `store` (a reader: its views are built once, however many days are checked), writes the rows
// of every day into `out_store` (the caller commits) and returns the days, oldest first.
Result<std::vector<MonitorDay>> RunMonitor(const Store& store, Store& out_store, const MonitorOptions& options);

}  // namespace qtp::monitor
