// The outputs of `qtp backtest` (docs/backtest.md): each run writes them into its own folder
// data/backtests/<run_id>/, which appears complete or not at all (staged, then renamed), and the
// views backtest_runs, backtest_returns, trades and backtest_positions read every run's file.
#pragma once

#include <string>
#include <vector>

#include "qtp/core/table.h"

namespace qtp::schema {

inline constexpr const char* kBacktestsDir = "backtests";

// One row per run and scenario: what was tested and the headline metrics (metrics.json has all).
const TableSpec& BacktestRuns();
// One row per run, scenario and day: equity, cash, PnL before and after costs, turnover, returns.
const TableSpec& BacktestReturns();
// One row per fill (side buy or sell), and per exit of a name whose bars ended (side delisted).
const TableSpec& Trades();
// The book at the close of every re-forming day.
const TableSpec& BacktestPositions();

struct BacktestOutput {
  const TableSpec* spec;
  const char* file;  // in each run's folder
};
const std::vector<BacktestOutput>& BacktestOutputs();

}  // namespace qtp::schema
