// The datasets of the monitor (docs/monitoring.md): drift of the features and predictions against the
// training reference, decay of the production model's out-of-sample IC, and the alerts raised.
#pragma once

#include "qtp/core/table.h"

namespace qtp::schema {

// monitor/drift (view monitor_drift), partitioned by year of as_of, key (as_of, kind, name, metric):
// one row per drift statistic `qtp monitor --as-of D` measured on D.
//   kind           feature (name = the feature), prediction (name = the model_id), correlation
//                  (name = "features": the cross-feature correlation structure)
//   metric         psi (population stability index, bins fixed on the reference window),
//                  ks (two-sample Kolmogorov–Smirnov statistic), corr_distance (mean absolute change of
//                  the pairwise rank correlations)
//   value          the statistic over the current window (NULL when too few observations)
//   threshold      the warn level of monitoring.yaml the value is compared with; alert_threshold the
//                  level that raises an alert
//   status         ok, warn, alert, n/a
//   reference_first, reference_last   the reference window (the model's training days)
//   current_first, current_last       the window measured against it
//   n_reference, n_current            observations in each
const TableSpec& MonitorDrift();

// monitor/decay (view monitor_decay), partitioned by year of as_of, key (as_of, model_id): the model's
// realized out-of-sample rank IC up to D (labels known by D's close) against its validated level.
//   n_days          days with a realized rank IC in the rolling window
//   rank_ic, ic     their means over the rolling window
//   validated_rank_ic  the walk-forward out-of-sample mean the model was registered with
//   t_stat          (rank_ic − validated) / (sd / √n_days): the window's shortfall in standard errors
//   cusum           one-sided CUSUM of standardized shortfalls since the model's first live day
//   status          ok, warn, alert, n/a
const TableSpec& MonitorDecay();

// monitor/alerts (view monitor_alerts), partitioned by year of as_of, key (as_of, raised_at, key): every
// alert the monitor or the daily job raised.
//   key            the de-duplication key (source/check/name): one alert per key within the cool-down
//   status         sent (logged and delivered to the sinks), suppressed (same key within the cool-down),
//                  quiet (below alerts.min_severity: stored, not sent)
//   delivered      1 when the webhook accepted it (2xx), 0 when it failed or none is configured
//   details        the alert's details as JSON text
const TableSpec& MonitorAlerts();

}  // namespace qtp::schema
