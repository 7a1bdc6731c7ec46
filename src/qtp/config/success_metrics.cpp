#include "qtp/config/success_metrics.h"

namespace qtp::config {

void DescribeParams(Section& section, SuccessMetrics& m) {
  Section& perf =
      section.Child("performance", "Out-of-sample portfolio results, net of commissions, spread and impact");
  perf.Param("min_sharpe_after_costs", m.min_sharpe_after_costs,
             "Lowest acceptable annualized Sharpe ratio of daily net returns (risk-free rate 0)", -5.0, 10.0);
  perf.Param("max_drawdown", m.max_drawdown, "Largest acceptable peak-to-trough loss of net equity, as a fraction",
             0.01, 1.0);
  perf.Param("min_annual_return_after_costs", m.min_annual_return_after_costs,
             "Lowest acceptable compound annual net return, as a fraction", -1.0, 10.0);
  perf.Param("max_cost_to_gross_ratio", m.max_cost_to_gross_ratio,
             "Largest share of the gross return that trading costs may consume", 0.0, 1.0);
  perf.Param("max_annual_turnover", m.max_annual_turnover,
             "Largest one-way turnover per year, in multiples of the book (25 = 10% of the book traded per day)", 0.0,
             1000.0);

  Section& signal = section.Child("signal", "Cross-sectional quality of the daily ranking itself, before costs");
  signal.Param("min_mean_daily_rank_ic", m.min_mean_daily_rank_ic,
               "Lowest acceptable mean daily Spearman rank IC of scores with next-day returns", -1.0, 1.0);
  signal.Param("min_icir", m.min_icir, "Lowest acceptable mean/std of the daily rank IC (daily, not annualized)", -10.0,
               10.0);
  signal.Param("min_hit_rate", m.min_hit_rate, "Lowest acceptable fraction of days with a positive rank IC", 0.0, 1.0);

  Section& robust = section.Child("robustness", "Guards against overfitting and luck");
  robust.Param("min_oos_years", m.min_oos_years, "Shortest out-of-sample period, in years, over which all metrics are "
               "measured", 0.25, 50.0);
  robust.Param("min_deflated_sharpe_probability", m.min_deflated_sharpe_probability,
               "Lowest acceptable deflated Sharpe ratio probability (Bailey & Lopez de Prado), given every trial run",
               0.0, 1.0);
  robust.Param("max_pbo", m.max_pbo, "Largest acceptable probability of backtest overfitting (CSCV)", 0.0, 1.0);

  Section& capital = section.Child("capital", "Account sizes at which every metric above must hold");
  capital.Param("min_capital_usd", m.min_capital_usd, "Smallest account, in USD (whole-share rounding bites here)",
                1000.0, 1e9);
  capital.Param("max_capital_usd", m.max_capital_usd, "Largest account, in USD (market impact bites here)", 1000.0,
                1e9);
  capital.Rule("min_capital_usd <= max_capital_usd", [&m] { return m.min_capital_usd <= m.max_capital_usd; });
}

}  // namespace qtp::config
