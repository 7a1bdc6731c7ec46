// config/success_metrics.yaml: the bar a strategy must clear out of sample, after costs, before
// qtp calls it a success. Retail-sensible defaults for $25k–$100k of capital traded daily.
// Definitions (the validation stage computes them; docs/project_objectives.md explains the choices):
//   Sharpe      annualized: mean(daily net return) / std(daily net return) * sqrt(252), risk-free 0.
//   drawdown    max over time of 1 - equity / running peak of equity (net of costs).
//   rank IC     per day, Spearman correlation across tickers of the score at t's close with the
//               return from t's close to t+1's close; "mean daily rank IC" averages it over days.
//   ICIR        mean(daily rank IC) / std(daily rank IC), on daily values (not annualized).
//   hit rate    fraction of out-of-sample days with a positive rank IC.
//   turnover    one-way: sum over days of sum_i |w_i,t - w_i,t-1| / 2, per year (1.0 = the whole
//               book replaced once a year).
#pragma once

#include "qtp/config/section.h"

namespace qtp::config {

struct SuccessMetrics {
  // Performance, out of sample, net of costs.
  double min_sharpe_after_costs = 1.0;
  double max_drawdown = 0.20;
  double min_annual_return_after_costs = 0.08;
  double max_cost_to_gross_ratio = 0.5;
  double max_annual_turnover = 25.0;
  // Signal quality.
  double min_mean_daily_rank_ic = 0.02;
  double min_icir = 0.3;
  double min_hit_rate = 0.52;
  // Robustness.
  double min_oos_years = 2.0;
  double min_deflated_sharpe_probability = 0.95;
  double max_pbo = 0.2;
  // Capital range the result must hold across.
  double min_capital_usd = 25000;
  double max_capital_usd = 100000;
};

void DescribeParams(Section& section, SuccessMetrics& metrics);

}  // namespace qtp::config
