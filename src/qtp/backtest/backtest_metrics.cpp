#include "qtp/backtest/backtest_metrics.h"

#include <algorithm>
#include <cmath>

#include "qtp/backtest/performance.h"

namespace qtp::backtest {
namespace {

StressMetrics Stress(const eda::Regime& window, const std::vector<DayResult>& days, const PerformanceOptions& options) {
  StressMetrics s{.name = window.name, .first = window.first, .last = window.last, .coverage = "none"};
  std::vector<double> net, bench;
  for (size_t d = 1; d < days.size(); ++d) {
    if (days[d].date < window.first || days[d].date > window.last) continue;
    net.push_back(days[d].net_return);
    bench.push_back(days[d].benchmark_return);
  }
  s.days = net.size();
  if (net.empty()) return s;
  s.coverage = days[1].date <= window.first && days.back().date >= window.last ? "full" : "partial";
  s.total_return = CumReturnsFinal(net);
  s.max_drawdown = MaxDrawdown(net);
  s.annual_volatility = AnnualVolatility(net, options.annualization);
  s.benchmark_return = CumReturnsFinal(bench);
  return s;
}

}  // namespace

double BacktestMetrics::Get(const std::string& name) const {
  for (const auto& [key, value] : values) {
    if (key == name) return value;
  }
  return kNaN;
}

int MaxDrawdownDuration(const std::vector<DayResult>& days) {
  int longest = 0;
  double peak = -std::numeric_limits<double>::infinity();
  size_t peak_day = 0;
  for (size_t d = 0; d < days.size(); ++d) {
    if (days[d].equity >= peak) {
      peak = days[d].equity;
      peak_day = d;
    }
    longest = std::max(longest, static_cast<int>(d - peak_day));
  }
  return longest;
}

BacktestMetrics ComputeBacktestMetrics(const BacktestResult& r, const BacktestParams& params) {
  BacktestMetrics m;
  if (r.days.size() < 2) return m;
  const PerformanceOptions options{.risk_free = params.risk_free, .required_return = 0, .annualization = 252};
  std::vector<double> net, gross, bench, active, turnover, adjusted;
  double costs = 0, gross_pnl = 0, traded = 0, positive = 0;
  for (size_t d = 1; d < r.days.size(); ++d) {
    const DayResult& day = r.days[d];
    net.push_back(day.net_return);
    gross.push_back(day.gross_return);
    bench.push_back(day.benchmark_return);
    active.push_back(day.net_return - day.benchmark_return);  // NaN where the benchmark has none
    turnover.push_back(day.turnover);
    adjusted.push_back(day.gross_return - day.turnover * params.turnover_cost_bps * 1e-4);
    costs += day.costs;
    gross_pnl += day.gross_pnl;
    traded += day.traded_usd;
    if (day.net_return > 0) ++positive;
  }
  const Performance p = ComputePerformance(net, options);
  const RelativePerformance rel = ComputeRelativePerformance(net, bench, options);
  const double tracking_error = NanStd(active, 1) * std::sqrt(options.annualization);
  const double n = static_cast<double>(net.size());
  auto& v = m.values;
  v = {{"total_return", p.cum_returns_final},
       {"cagr", p.cagr},
       {"annual_volatility", p.annual_volatility},
       {"sharpe_ratio", p.sharpe_ratio},
       {"sortino_ratio", p.sortino_ratio},
       {"max_drawdown", p.max_drawdown},
       {"max_drawdown_duration_days", MaxDrawdownDuration(r.days)},
       {"calmar_ratio", p.calmar_ratio},
       {"hit_rate", positive / n},
       {"turnover_annual", NanMean(turnover) * options.annualization},
       {"cost_drag_annual", (NanMean(gross) - NanMean(net)) * options.annualization},
       {"gross_cagr", AnnualReturn(gross, options.annualization)},
       {"gross_sharpe_ratio", SharpeRatio(gross, params.risk_free, options.annualization)},
       {"turnover_adjusted_sharpe", SharpeRatio(adjusted, params.risk_free, options.annualization)},
       {"benchmark_cagr", AnnualReturn(bench, options.annualization)},
       {"alpha", rel.alpha},
       {"beta", rel.beta},
       {"tracking_error", tracking_error},
       {"information_ratio", NanMean(active) * options.annualization / tracking_error},
       {"excess_sharpe", rel.excess_sharpe},
       {"stability_of_timeseries", p.stability_of_timeseries},
       {"tail_ratio", p.tail_ratio},
       {"value_at_risk", p.value_at_risk},
       {"final_equity", r.days.back().equity},
       {"net_pnl_usd", r.days.back().equity - r.days.front().equity},
       {"gross_pnl_usd", gross_pnl},
       {"costs_usd", costs},
       {"traded_usd", traded},
       {"fills", static_cast<double>(r.trades.size() - r.delisted_exits)},
       {"delisted_exits", static_cast<double>(r.delisted_exits)},
       {"capped_orders", static_cast<double>(r.capped_orders)},
       {"unfilled_usd", r.unfilled_usd},
       {"unpriced_orders", static_cast<double>(r.unpriced_orders)},
       {"vwap_fallbacks", static_cast<double>(r.vwap_fallbacks)},
       {"skipped_small_orders", static_cast<double>(r.skipped_small)},
       {"cash_exposure", r.cash_exposure},
       {"accounting_max_error_usd", r.max_accounting_error},
       {"min_cash_usd", r.min_cash}};
  for (const eda::Regime& window : params.StressWindows()) m.stress.push_back(Stress(window, r.days, options));
  return m;
}

}  // namespace qtp::backtest
