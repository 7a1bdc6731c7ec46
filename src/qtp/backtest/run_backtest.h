// `qtp backtest`: the signal through the execution model and the engine, one run per cost scenario,
// and everything written to data/backtests/<run_id>/ (docs/backtest.md):
//   config.yaml, inputs.json   the effective config/execution.yaml and arguments; the input hashes
//   metrics.json               per scenario: the metrics, stress windows, costs by liquidity bucket,
//                              sector exposure; the pre- and post-cost IC of the signal
//   runs.parquet, returns.parquet, trades.parquet, positions.parquet (zstd)
//                              the rows of the views backtest_runs, backtest_returns, trades,
//                              backtest_positions
//   report.md, plots/          the scenarios compared, with equity vs benchmark, drawdown, rolling
//                              Sharpe, turnover and costs by bucket
// Every scenario's books are checked (CheckAccounting) before anything is written. The folder is
// written under a staging name and renamed whole. The run ID comes from the inputs,
// so the same signal, store and configuration give a byte-identical folder.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "qtp/backtest/backtest_metrics.h"
#include "qtp/backtest/backtest_params.h"
#include "qtp/backtest/engine.h"
#include "qtp/backtest/market.h"
#include "qtp/backtest/market_loader.h"
#include "qtp/core/status.h"
#include "qtp/data/store/store.h"

namespace qtp::backtest {

struct BacktestOptions {
  ExecutionConfig config;              // overrides applied, validated
  std::vector<std::string> scenarios;  // names from execution::kScenarioNames
  std::string signal;                  // MarketOptions::signal
  std::string signal_sha256;           // of the signal file, when it is one (the caller hashed it for the run ID)
  DateDays start = kNullDate;
  DateDays end = kNullDate;
  std::string run_id;
  std::string config_yaml;  // the effective configuration, snapshotted into the run folder
  std::string path_env;     // PATH, for gnuplot
  int threads = 2;          // scenarios run at once (the result does not depend on it)
};

struct ScenarioRun {
  std::string name;
  BacktestResult result;
  BacktestMetrics metrics;
  double post_cost_ic = kNaN;  // mean daily rank IC of the signal with next-day returns net of the
                               // scenario's round-trip cost of the reference order
};

struct BacktestRun {
  MarketInfo info;
  Market market;
  double pre_cost_ic = kNaN;  // mean daily rank IC with the next day's close-to-close total return
  size_t ic_days = 0;
  std::vector<ScenarioRun> scenarios;
  std::string dir;     // data/backtests/<run_id>
  std::string report;  // its report.md
};

// Mean daily Spearman IC of the signal at t (universe members) with the next day's total return,
// less `round_trip_cost(t, ticker)` (a fraction; 0 for the pre-cost IC). Days with fewer than 20
// names are skipped; `days` receives how many were used.
double MeanRankIc(const Market& market, const std::function<double(size_t, size_t)>& round_trip_cost, size_t* days);

// The invariants every run must satisfy, else Internal naming the first broken one: cash +
// positions = equity every day, each day's gross PnL - costs = its net PnL, the trades' costs sum
// to the days' costs, and no sleeve's cash below 0. Tolerance 1e-4 USD (and 1e-9 of equity).
Status CheckAccounting(const BacktestResult& result);

using ScenarioProgressFn = std::function<Status(size_t done, size_t total)>;

Result<BacktestRun> RunBacktests(const Store& store, const BacktestOptions& options,
                                 const ScenarioProgressFn& progress);

}  // namespace qtp::backtest
