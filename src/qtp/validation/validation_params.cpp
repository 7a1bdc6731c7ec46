#include "qtp/validation/validation_params.h"

#include <algorithm>

#include <fmt/format.h>

#include "qtp/config/config_io.h"
#include "qtp/eda/eda_params.h"

namespace qtp::validation {

void DescribeParams(config::Section& s, ValidationParams& p) {
  s.Param("holdout_days", p.holdout_days,
          "the last trading days, held out: never fitted on nor used to choose the model or the configuration", 20,
          5000);
  s.Param("fold_days", p.fold_days, "development out-of-sample days per validation fold (IC, Sharpe, drawdown)", 20,
          5000);
  config::Section& sweep = s.Child("sweep", "the sensitivity grid: every combination is backtested");
  sweep.Param("rebalance_days", p.sweep.rebalance_days,
              "backtest.horizon values: each position is held this many days (see backtest.horizon_mode)");
  sweep.Param("top_n", p.sweep.top_n, "backtest.top_n values: names held per sleeve");
  sweep.Param("weighting", p.sweep.weighting, "backtest.weighting values", {"equal", "score", "inverse_vol"});
  sweep.Param("scenarios", p.sweep.scenarios,
              "cost scenarios; the configuration is chosen under base costs, the others show how much the result "
              "owes to the cost assumptions",
              {"optimistic", "base", "pessimistic"});
  config::Section& decay = s.Child("decay", "signal and feature decay");
  decay.Param("horizons", p.decay.horizons,
              "trading days: IC with the forward return over h days and with day h alone");
  decay.Param("rolling_days", p.decay.rolling_days, "window of the rolling mean daily IC", 5, 1000);
  s.Param("pbo_blocks", p.pbo_blocks, "CSCV blocks of the probability of backtest overfitting (even)", 4, 20);
  s.Param("benchmarks", p.benchmarks,
          "benchmark tickers compared where the store holds them (SPY, sector ETFs; never trained on nor traded); "
          "the equal-weight universe always");
  config::Section& gates = s.Child("gates", "what a strategy must pass (exit code 3 when any fails)");
  gates.Param("min_holdout_sharpe", p.gates.min_holdout_sharpe,
              "annualized Sharpe ratio of the held-out period after base costs", -10.0, 10.0);
  gates.Param("min_fold_ic", p.gates.min_fold_ic, "mean daily rank IC of every development fold", -1.0, 1.0);
  gates.Param("max_drawdown", p.gates.max_drawdown, "largest drawdown of the held-out period (a positive fraction)",
              0.0, 1.0);
  gates.Param("min_deflated_sharpe", p.gates.min_deflated_sharpe,
              "deflated Sharpe ratio of the chosen configuration: probability its Sharpe beats the best of the "
              "configurations tried without skill",
              0.0, 1.0);
  gates.Param("deflated_sharpe_of", p.gates.deflated_sharpe_of,
              "active: the net returns less the equal-weight universe's (the information ratio: skill, not the "
              "market's premium a long-only book earns anyway); total: the net returns",
              {"active", "total"});
  s.Param("threads", p.threads, "backtests and trainings run at once (the output does not depend on it)", 1, 64);
  s.Param("plots", p.plots, "draw the report's PNG plots with gnuplot");
}

Status ValidationParams::Validate() const {
  QTP_RETURN_IF_ERROR(eda::ParseDays(sweep.rebalance_days, "sweep.rebalance_days").status());
  QTP_ASSIGN_OR_RETURN(const std::vector<int> top, eda::ParseDays(sweep.top_n, "sweep.top_n"));
  QTP_RETURN_IF_ERROR(eda::ParseDays(decay.horizons, "decay.horizons").status());
  if (sweep.weighting.empty()) return Status::InvalidArgument("sweep.weighting: the list is empty");
  if (sweep.scenarios.empty() ||
      std::find(sweep.scenarios.begin(), sweep.scenarios.end(), "base") == sweep.scenarios.end()) {
    return Status::InvalidArgument("sweep.scenarios: must include base (the configuration is chosen under it)");
  }
  if (pbo_blocks % 2 != 0) return Status::InvalidArgument(fmt::format("pbo_blocks: {} is odd", pbo_blocks));
  return Status::OK();
}

std::vector<int> ValidationParams::RebalanceDays() const {
  return eda::ParseDays(sweep.rebalance_days, "sweep.rebalance_days").value();
}
std::vector<int> ValidationParams::TopN() const { return eda::ParseDays(sweep.top_n, "sweep.top_n").value(); }
std::vector<int> ValidationParams::DecayHorizons() const {
  return eda::ParseDays(decay.horizons, "decay.horizons").value();
}

Result<std::string> DefaultValidationYaml() {
  ValidationParams defaults;
  return config::ParamsYaml(defaults,
                            "qtp validation: the held-out period, the walk-forward folds, the sensitivity grid, the\n"
                            "overfitting controls and the gates of qtp validate (exit code 3 when a gate fails).\n"
                            "docs/validation.md explains each choice. Validated on load: unknown keys, wrong types\n"
                            "and out-of-range values are errors naming file, key and line.");
}

}  // namespace qtp::validation
