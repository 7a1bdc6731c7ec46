// config/monitoring.yaml: every threshold of `qtp monitor`, the alert sinks' de-duplication and the
// retraining policy of `qtp retrain` (docs/monitoring.md explains each choice). Validated on load like
// every qtp config.
#pragma once

#include <string>

#include "qtp/config/section.h"
#include "qtp/core/status.h"

namespace qtp::monitor {

inline constexpr const char* kMonitoringFile = "config/monitoring.yaml";

// Drift of the raw (un-normalized) features and of the predictions: the cross-sectionally normalized
// features are uniform or standard every day by construction, so only the raw values can drift.
struct DriftParams {
  int reference_days = 252;  // the last feature days the champion trained on
  int current_days = 20;     // the window up to the as-of compared with them
  int bins = 10;             // PSI bins: quantiles of the reference window
  int min_observations = 200;
  double psi_warn = 0.10;  // the industry's usual PSI bands: < 0.1 stable, 0.1–0.25 moderate, > 0.25 shifted
  double psi_alert = 0.25;
  double ks_warn = 0.10;
  double ks_alert = 0.20;
  double corr_warn = 0.10;  // mean absolute change of the pairwise rank correlations of the features
  double corr_alert = 0.20;
  // An alert is raised when at least this share of the features is at alert level on PSI or KS: one
  // drifting feature among thirty is news for the dashboard, not a page at night.
  double alert_feature_share = 0.25;
};

// Decay of the production model's realized out-of-sample rank IC against its validated level.
struct DecayParams {
  int window_days = 63;  // rolling window of the daily rank IC (t statistic)
  int min_days = 20;     // fewer realized days: status n/a
  double t_warn = -2.0;  // shortfall of the window mean in standard errors
  double t_alert = -3.0;
  // One-sided CUSUM of the standardized daily shortfall (validated − realized) / sd: S = max(0, S + z − k),
  // alert when S > h. k = half the shift to detect (in daily sd units); h sets the false-alarm rate.
  double cusum_k = 0.25;
  double cusum_h = 8.0;
};

// Data quality and job health of the as-of.
struct QualityParams {
  double max_missing_bar_rate = 0.02;   // share of the expected 5-minute bars absent on the as-of
  int stale_days = 3;                   // a ticker whose last bar is this many sessions old is stale
  double max_stale_share = 0.05;        // share of stale tickers that warns
  double max_provider_disagreement = 0.005;  // relative close difference between two providers' bars
  double max_data_delay_hours = 12;     // the as-of's bars stored this long after the close warn
  double max_stage_seconds = 1800;      // a daily stage slower than this warns
  int max_days_since_success = 1;       // sessions since the last fully successful daily job
};

struct AlertParams {
  double cooldown_hours = 24;  // the same alert key is raised once per cool-down (suppressed rows record repeats)
  std::string min_severity = "warning";  // below it an alert is stored but not sent: info, warning, critical
};

struct RetrainParams {
  std::string schedule = "monthly";  // monthly, weekly, never: a retrain is due when the champion is older
  bool on_drift = true;               // a feature or prediction drift alert triggers a retrain
  bool on_decay = true;               // a decay alert triggers a retrain
  double min_rank_ic_improvement = 0.005;  // the challenger's out-of-sample rank IC must beat the champion's by it
  bool auto_promote = true;           // promote a challenger that passes; false: wait for `qtp models promote`
  bool strategy_gates = true;         // the challenger must also pass qtp validate's gates on data up to the as-of
};

struct MonitoringParams {
  DriftParams drift;
  DecayParams decay;
  QualityParams quality;
  AlertParams alerts;
  RetrainParams retrain;

  // Cross-field rules the value ranges cannot say (warn ≤ alert). Errors name the key.
  Status Validate() const;
};

void DescribeParams(config::Section& section, MonitoringParams& params);

// config/monitoring.yaml as `qtp init` writes it.
Result<std::string> DefaultMonitoringYaml();

}  // namespace qtp::monitor
