#include "qtp/monitor/monitor_params.h"

#include <fmt/format.h>

#include "qtp/config/config_io.h"

namespace qtp::monitor {

void DescribeParams(config::Section& s, MonitoringParams& p) {
  config::Section& drift = s.Child("drift", "feature and prediction drift against the champion's training window");
  drift.Param("reference_days", p.drift.reference_days, "the last feature days the champion trained on", 20, 5000);
  drift.Param("current_days", p.drift.current_days, "trading days up to the as-of compared with the reference", 1,
              500);
  drift.Param("bins", p.drift.bins, "PSI bins: quantiles of the reference window", 2, 100);
  drift.Param("min_observations", p.drift.min_observations,
              "fewer values in either window: the statistic is n/a", 10, 1000000);
  drift.Param("psi_warn", p.drift.psi_warn, "population stability index that warns", 0.0, 10.0);
  drift.Param("psi_alert", p.drift.psi_alert, "population stability index at alert level", 0.0, 10.0);
  drift.Param("ks_warn", p.drift.ks_warn, "Kolmogorov-Smirnov statistic that warns", 0.0, 1.0);
  drift.Param("ks_alert", p.drift.ks_alert, "Kolmogorov-Smirnov statistic at alert level", 0.0, 1.0);
  drift.Param("corr_warn", p.drift.corr_warn,
              "mean absolute change of the features' pairwise rank correlations that warns", 0.0, 2.0);
  drift.Param("corr_alert", p.drift.corr_alert, "the same at alert level", 0.0, 2.0);
  drift.Param("alert_feature_share", p.drift.alert_feature_share,
              "share of the features at alert level (PSI or KS) that raises a feature drift alert", 0.0, 1.0);
  config::Section& decay = s.Child("decay", "the production model's realized out-of-sample rank IC");
  decay.Param("window_days", p.decay.window_days, "rolling window of the daily rank IC", 5, 1000);
  decay.Param("min_days", p.decay.min_days, "fewer realized days: n/a", 2, 1000);
  decay.Param("t_warn", p.decay.t_warn, "window mean's shortfall from the validated level, in standard errors",
              -100.0, 0.0);
  decay.Param("t_alert", p.decay.t_alert, "the same at alert level", -100.0, 0.0);
  decay.Param("cusum_k", p.decay.cusum_k, "CUSUM allowance: half the shift to detect, in daily sd units", 0.0, 10.0);
  decay.Param("cusum_h", p.decay.cusum_h, "CUSUM decision interval: alert when the sum exceeds it", 0.1, 100.0);
  config::Section& quality = s.Child("quality", "data quality and job health of the as-of");
  quality.Param("max_missing_bar_rate", p.quality.max_missing_bar_rate,
                "share of the expected 5-minute bars absent on the as-of that warns", 0.0, 1.0);
  quality.Param("stale_days", p.quality.stale_days, "sessions without a bar that make a ticker stale", 1, 100);
  quality.Param("max_stale_share", p.quality.max_stale_share, "share of stale tickers that warns", 0.0, 1.0);
  quality.Param("max_provider_disagreement", p.quality.max_provider_disagreement,
                "relative close difference between two sources' bars of the same minute that warns", 0.0, 1.0);
  quality.Param("max_data_delay_hours", p.quality.max_data_delay_hours,
                "hours from the as-of's close to the end of its refresh stage that warn", 0.0, 1000.0);
  quality.Param("max_stage_seconds", p.quality.max_stage_seconds, "a daily stage slower than this warns", 1.0,
                86400.0);
  quality.Param("max_days_since_success", p.quality.max_days_since_success,
                "sessions since the last fully successful daily job before it fails", 0, 100);
  config::Section& alerts = s.Child("alerts", "de-duplication and routing of alerts");
  alerts.Param("cooldown_hours", p.alerts.cooldown_hours,
               "an alert key is sent once per cool-down; repeats are stored as suppressed", 0.0, 8760.0);
  alerts.Param("min_severity", p.alerts.min_severity, "alerts below it are stored but not sent",
               {"info", "warning", "critical"});
  config::Section& retrain = s.Child("retrain", "when qtp retrain trains a challenger and when it is promoted");
  retrain.Param("schedule", p.retrain.schedule, "a retrain is due when the champion is older than this",
                {"monthly", "weekly", "never"});
  retrain.Param("on_drift", p.retrain.on_drift, "a feature or prediction drift alert triggers a retrain");
  retrain.Param("on_decay", p.retrain.on_decay, "a decay alert triggers a retrain");
  retrain.Param("min_rank_ic_improvement", p.retrain.min_rank_ic_improvement,
                "the challenger's out-of-sample rank IC must beat the champion's by this much", -1.0, 1.0);
  retrain.Param("auto_promote", p.retrain.auto_promote,
                "promote a challenger that passes the gates; false: wait for qtp models promote");
  retrain.Param("strategy_gates", p.retrain.strategy_gates,
                "after the model gates, qtp validate's gates (held-out Sharpe, fold IC, drawdown, deflated Sharpe) on "
                "the data up to the as-of, its report under reports/validation/<run_id>/");
}

Status MonitoringParams::Validate() const {
  auto ordered = [](double warn, double alert, const char* warn_key, const char* alert_key, bool rising) -> Status {
    if (rising ? warn <= alert : warn >= alert) return Status::OK();
    return Status::InvalidArgument(fmt::format("{} ({}) must be {} {} ({})", warn_key, warn,
                                               rising ? "at most" : "at least", alert_key, alert));
  };
  QTP_RETURN_IF_ERROR(ordered(drift.psi_warn, drift.psi_alert, "drift.psi_warn", "drift.psi_alert", true));
  QTP_RETURN_IF_ERROR(ordered(drift.ks_warn, drift.ks_alert, "drift.ks_warn", "drift.ks_alert", true));
  QTP_RETURN_IF_ERROR(ordered(drift.corr_warn, drift.corr_alert, "drift.corr_warn", "drift.corr_alert", true));
  QTP_RETURN_IF_ERROR(ordered(decay.t_warn, decay.t_alert, "decay.t_warn", "decay.t_alert", false));
  if (decay.min_days > decay.window_days) {
    return Status::InvalidArgument(
        fmt::format("decay.min_days ({}) exceeds decay.window_days ({})", decay.min_days, decay.window_days));
  }
  return Status::OK();
}

Result<std::string> DefaultMonitoringYaml() {
  MonitoringParams defaults;
  return config::ParamsYaml(defaults,
                            "qtp monitoring: drift, decay, data-quality and job-health thresholds of qtp monitor,\n"
                            "alert de-duplication, and the retraining policy of qtp retrain. docs/monitoring.md\n"
                            "explains each choice. Validated on load: unknown keys, wrong types and out-of-range\n"
                            "values are errors naming file, key and line.");
}

}  // namespace qtp::monitor
