// A parameter sweep: many backtests of one market, in parallel. Each point writes only its own
// slot, so the results do not depend on the thread count or the scheduling.
#pragma once

#include <vector>

#include "qtp/backtest/backtest_metrics.h"
#include "qtp/backtest/market.h"

namespace qtp::backtest {

struct SweepPoint {
  BacktestParams params;
  execution::ScenarioParams scenario;
};

std::vector<BacktestMetrics> RunSweep(const Market& market, const std::vector<SweepPoint>& points,
                                      const execution::CostParams& costs, int threads);

}  // namespace qtp::backtest
