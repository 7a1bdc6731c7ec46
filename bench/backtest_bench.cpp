// The backtest's speed targets of issue #5 (bench/README.md): one backtest of 500 names x 5000 days
// with costs in <= 0.2 s, and a 1000-point parameter sweep in <= 60 s on 2 cores. The market is
// synthetic (tests/test_util/random_market.h): the engine's work depends on the shape, not on
// where the prices come from.
#include <benchmark/benchmark.h>

#include "qtp/backtest/engine.h"
#include "qtp/backtest/sweep.h"
#include "test_util/random_market.h"

namespace qtp::backtest {
namespace {

const Market& BenchMarket() {
  static const Market market = test_util::RandomMarket(5000, 500, 42);
  return market;
}

void BM_Backtest500x5000(benchmark::State& state) {
  const Market& m = BenchMarket();
  BacktestParams p;
  p.horizon = static_cast<int>(state.range(0));
  const execution::CostParams costs;
  const execution::ScenarioParams base;
  for (auto _ : state) {
    BacktestResult r = RunBacktest(m, p, costs, base);
    BacktestMetrics metrics = ComputeBacktestMetrics(r, p);
    benchmark::DoNotOptimize(metrics);
  }
  state.counters["name_days_per_s"] = benchmark::Counter(static_cast<double>(m.num_days() * m.num_tickers()),
                                                         benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Backtest500x5000)->Arg(1)->Arg(5)->Unit(benchmark::kMillisecond)->UseRealTime();

// 1000 points: top_n (5) x horizon (4) x weighting (2) x name cap (5) x scenario (5 multipliers of
// spread and slippage), on 2 threads.
void BM_Sweep1000(benchmark::State& state) {
  const Market& m = BenchMarket();
  std::vector<SweepPoint> points;
  for (int top_n : {10, 20, 30, 40, 50}) {
    for (int horizon : {1, 2, 5, 10}) {
      for (const char* weighting : {"equal", "inverse_vol"}) {
        for (double cap : {0.05, 0.08, 0.1, 0.15, 0.2}) {
          for (double mult : {0.5, 1.0, 1.5, 2.0, 3.0}) {
            SweepPoint point;
            point.params.top_n = top_n;
            point.params.horizon = horizon;
            point.params.weighting = weighting;
            point.params.max_weight = cap;
            point.scenario.spread = point.scenario.slippage = mult;
            points.push_back(point);
          }
        }
      }
    }
  }
  const execution::CostParams costs;
  for (auto _ : state) {
    std::vector<BacktestMetrics> metrics = RunSweep(m, points, costs, 2);
    benchmark::DoNotOptimize(metrics);
  }
  state.counters["points"] = static_cast<double>(points.size());
}
BENCHMARK(BM_Sweep1000)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
}  // namespace qtp::backtest
