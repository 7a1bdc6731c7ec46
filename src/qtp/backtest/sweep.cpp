#include "qtp/backtest/sweep.h"

#include "qtp/core/parallel.h"

namespace qtp::backtest {

std::vector<BacktestMetrics> RunSweep(const Market& market, const std::vector<SweepPoint>& points,
                                      const execution::CostParams& costs, int threads) {
  std::vector<BacktestMetrics> metrics(points.size());
  const Status done = ParallelFor(points.size(), threads, [&](size_t k) {
    const BacktestResult result = RunBacktest(market, points[k].params, costs, points[k].scenario);
    metrics[k] = ComputeBacktestMetrics(result, points[k].params);
    return Status::OK();
  });
  (void)done;  // the jobs cannot fail
  return metrics;
}

}  // namespace qtp::backtest
