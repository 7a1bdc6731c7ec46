#include "qtp/data/store/backtest_columns.h"

namespace qtp::schema {
namespace {

TableSpec Make(const char* name, std::vector<ColumnSpec> columns, std::vector<std::string> key) {
  return TableSpec{name, std::string(kBacktestsDir), std::move(columns), std::move(key), "", Partitioning::kNone, 1};
}

}  // namespace

const TableSpec& BacktestRuns() {
  using CT = ColumnType;
  static const TableSpec spec = Make("backtest_runs",
                                     {{"run_id", CT::kString},
                                      {"scenario", CT::kString},
                                      {"signal", CT::kString},
                                      {"benchmark", CT::kString},
                                      {"first_date", CT::kDate},
                                      {"last_date", CT::kDate},
                                      {"days", CT::kInt64},
                                      {"capital_usd", CT::kDouble},
                                      {"final_equity", CT::kDouble},
                                      {"total_return", CT::kDouble, true},
                                      {"cagr", CT::kDouble, true},
                                      {"annual_volatility", CT::kDouble, true},
                                      {"sharpe_ratio", CT::kDouble, true},
                                      {"sortino_ratio", CT::kDouble, true},
                                      {"max_drawdown", CT::kDouble, true},
                                      {"turnover_annual", CT::kDouble, true},
                                      {"cost_drag_annual", CT::kDouble, true},
                                      {"turnover_adjusted_sharpe", CT::kDouble, true},
                                      {"information_ratio", CT::kDouble, true}},
                                     {"run_id", "scenario"});
  return spec;
}

const TableSpec& BacktestReturns() {
  using CT = ColumnType;
  static const TableSpec spec = Make("backtest_returns",
                                     {{"run_id", CT::kString},
                                      {"scenario", CT::kString},
                                      {"date", CT::kDate},
                                      {"equity", CT::kDouble},
                                      {"cash", CT::kDouble},
                                      {"positions_value", CT::kDouble},
                                      {"positions", CT::kInt64},
                                      {"gross_pnl", CT::kDouble},
                                      {"costs", CT::kDouble},
                                      {"dividends", CT::kDouble},
                                      {"traded_usd", CT::kDouble},
                                      {"turnover", CT::kDouble},
                                      {"gross_return", CT::kDouble},
                                      {"net_return", CT::kDouble},
                                      {"benchmark_return", CT::kDouble, true},
                                      {"drawdown", CT::kDouble}},
                                     {"run_id", "scenario", "date"});
  return spec;
}

const TableSpec& Trades() {
  using CT = ColumnType;
  static const TableSpec spec = Make("trades",
                                     {{"run_id", CT::kString},
                                      {"scenario", CT::kString},
                                      {"date", CT::kDate},
                                      {"signal_date", CT::kDate},
                                      {"ticker", CT::kString},
                                      {"sleeve", CT::kInt64},
                                      {"side", CT::kString},
                                      {"ordered_shares", CT::kDouble},
                                      {"filled_shares", CT::kDouble},
                                      {"price", CT::kDouble},
                                      {"value", CT::kDouble},
                                      {"commission", CT::kDouble},
                                      {"fees", CT::kDouble},
                                      {"spread_cost", CT::kDouble},
                                      {"slippage_cost", CT::kDouble},
                                      {"total_cost", CT::kDouble},
                                      {"liquidity_bucket", CT::kInt64},
                                      {"capped", CT::kInt64}},
                                     {"run_id", "scenario", "date", "ticker", "sleeve"});
  return spec;
}

const TableSpec& BacktestPositions() {
  using CT = ColumnType;
  static const TableSpec spec = Make("backtest_positions",
                                     {{"run_id", CT::kString},
                                      {"scenario", CT::kString},
                                      {"date", CT::kDate},
                                      {"ticker", CT::kString},
                                      {"shares", CT::kDouble},
                                      {"price", CT::kDouble},
                                      {"value", CT::kDouble},
                                      {"weight", CT::kDouble}},
                                     {"run_id", "scenario", "date", "ticker"});
  return spec;
}

const std::vector<BacktestOutput>& BacktestOutputs() {
  static const std::vector<BacktestOutput> outputs = {{&BacktestRuns(), "runs.parquet"},
                                                      {&BacktestReturns(), "returns.parquet"},
                                                      {&Trades(), "trades.parquet"},
                                                      {&BacktestPositions(), "positions.parquet"}};
  return outputs;
}

}  // namespace qtp::schema
