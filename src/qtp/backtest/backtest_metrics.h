// The numbers of a backtest (docs/backtest.md defines each): empyrical's tear-sheet metrics of the
// daily net returns, and what only a book can tell: drawdown duration, hit rate, turnover, cost
// drag, the turnover-adjusted Sharpe, tracking against the benchmark, and per stress window.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "qtp/backtest/backtest_params.h"
#include "qtp/backtest/engine.h"

namespace qtp::backtest {

struct StressMetrics {
  std::string name;
  DateDays first = 0;  // the window as configured
  DateDays last = 0;
  std::string coverage;  // "full", "partial" (evaluated on the overlap) or "none"
  size_t days = 0;
  double total_return = kNaN;
  double max_drawdown = kNaN;
  double annual_volatility = kNaN;
  double benchmark_return = kNaN;
};

struct BacktestMetrics {
  std::vector<std::pair<std::string, double>> values;  // name, value (NaN: undefined), in report order
  std::vector<StressMetrics> stress;
  double Get(const std::string& name) const;  // NaN when absent
};

// Longest stretch, in trading days, from an equity peak until equity is back at it (or the end).
int MaxDrawdownDuration(const std::vector<DayResult>& days);

BacktestMetrics ComputeBacktestMetrics(const BacktestResult& result, const BacktestParams& params);

}  // namespace qtp::backtest
