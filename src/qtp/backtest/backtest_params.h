// The backtest's parameters (config/execution.yaml, section `backtest`; the cost model is section
// `costs`, execution/cost_params.h). docs/backtest.md explains every choice.
#pragma once

#include <string>
#include <vector>

#include "qtp/config/section.h"
#include "qtp/core/status.h"
#include "qtp/eda/eda_params.h"
#include "qtp/execution/cost_params.h"

namespace qtp::backtest {

inline constexpr const char* kExecutionFile = "config/execution.yaml";

struct BacktestParams {
  double capital_usd = 100000;      // starting cash
  std::string selection = "top_n";  // "top_n" or "top_quantile"
  int top_n = 20;
  double top_quantile = 0.1;              // share of the day's eligible names
  std::string weighting = "equal";        // "equal", "score" or "inverse_vol"
  double max_weight = 0.10;               // per-name cap, share of the sleeve
  double sector_cap = 0.30;               // per-sector cap, share of the sleeve
  double min_trade_usd = 200;             // smaller orders are skipped (a full exit never is)
  double cash_buffer = 0.02;              // share of the sleeve kept in cash
  int horizon = 1;                        // holding horizon in trading days
  std::string horizon_mode = "tranches";  // "tranches": 1/horizon re-formed daily; "every_h": all every horizon days
  std::string universe = "topk";          // "topk": the day's point-in-time top-K (topk_history); "all"
  std::string benchmark = "SPY";          // a stored ticker; the equal-weight universe where it is absent
  std::vector<std::string> stress_windows = {"gfc_2008:2008-09-01:2009-03-31", "covid_2020:2020-02-19:2020-04-30",
                                             "bear_2022:2022-01-01:2022-12-31"};  // name:first:last
  int rolling_sharpe_days = 63;   // report: trailing window of the rolling Sharpe plot
  double turnover_cost_bps = 10;  // turnover-adjusted Sharpe: charge per unit of one-way turnover
  double risk_free = 0.0;         // per day, for Sharpe and Sortino (empyrical's convention)
  bool plots = true;

  Status Validate() const;
  std::vector<eda::Regime> StressWindows() const;  // call only on validated params
};

void DescribeParams(config::Section& section, BacktestParams& params);

// config/execution.yaml: the cost model and the backtest.
struct ExecutionConfig {
  execution::CostParams costs;
  BacktestParams backtest;
};

void DescribeParams(config::Section& root, ExecutionConfig& config);

// config/execution.yaml as `qtp init` writes it.
Result<std::string> DefaultExecutionYaml();

// Applies `key=value` overrides (dotted keys of config/execution.yaml, e.g. backtest.top_n=30 or
// costs.commission.broker=alpaca) with the same validation as the file; errors name the override.
Status ApplyOverrides(ExecutionConfig& config, const std::vector<std::string>& overrides);

}  // namespace qtp::backtest
