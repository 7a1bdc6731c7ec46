// The files of a backtest run folder (run_backtest.h lists them).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "qtp/backtest/run_backtest.h"
#include "qtp/core/status.h"

namespace qtp::backtest {

// metrics.json's content.
nlohmann::ordered_json MetricsJson(const BacktestRun& run, const std::string& run_id);

// Writes runs, returns, trades and positions Parquet files into `dir`.
Status WriteTables(const BacktestRun& run, const std::string& run_id, const std::string& dir);

// report.md and plots/ into `dir`; returns the report's text.
Result<std::string> WriteReport(const BacktestRun& run, const BacktestOptions& options, const std::string& dir);

}  // namespace qtp::backtest
