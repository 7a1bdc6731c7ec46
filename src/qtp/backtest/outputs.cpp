#include "qtp/backtest/outputs.h"

#include <cmath>

#include <fmt/format.h>

#include "qtp/core/json_number.h"
#include "qtp/data/store/backtest_columns.h"
#include "qtp/data/store/duckdb/connection.h"

namespace qtp::backtest {
namespace {

nlohmann::ordered_json ScenarioJson(const ScenarioRun& s, const Market& market) {
  nlohmann::ordered_json j;
  nlohmann::ordered_json metrics;
  for (const auto& [name, value] : s.metrics.values) metrics[name] = JsonNumber(value);
  metrics["post_cost_rank_ic"] = JsonNumber(s.post_cost_ic);
  j["metrics"] = metrics;
  nlohmann::ordered_json stress = nlohmann::ordered_json::array();
  for (const StressMetrics& w : s.metrics.stress) {
    stress.push_back({{"name", w.name},
                      {"first", FormatDate(w.first)},
                      {"last", FormatDate(w.last)},
                      {"coverage", w.coverage},
                      {"days", w.days},
                      {"total_return", JsonNumber(w.total_return)},
                      {"max_drawdown", JsonNumber(w.max_drawdown)},
                      {"annual_volatility", JsonNumber(w.annual_volatility)},
                      {"benchmark_return", JsonNumber(w.benchmark_return)}});
  }
  j["stress_windows"] = stress;
  nlohmann::ordered_json buckets = nlohmann::ordered_json::array();
  for (size_t b = 0; b < s.result.buckets.size(); ++b) {
    const BucketCosts& c = s.result.buckets[b];
    if (c.fills == 0) continue;
    buckets.push_back({{"bucket", b},
                       {"fills", c.fills},
                       {"traded_usd", c.traded_usd},
                       {"cost_usd", c.cost_usd},
                       {"cost_bps", JsonNumber(1e4 * c.cost_usd / c.traded_usd)}});
  }
  j["costs_by_liquidity_bucket"] = buckets;
  nlohmann::ordered_json sectors;
  for (size_t k = 0; k < s.result.sector_exposure.size(); ++k) {
    if (s.result.sector_exposure[k] == 0) continue;
    sectors[k < market.sectors.size() ? market.sectors[k] : "unknown"] = s.result.sector_exposure[k];
  }
  sectors["cash"] = s.result.cash_exposure;
  j["mean_sector_exposure"] = sectors;
  return j;
}

Status WriteParquet(duck::Connection& db, const Table& table, const std::string& path) {
  QTP_RETURN_IF_ERROR(table.Validate());
  return db.ExecuteOnTable(table, fmt::format("COPY (SELECT * FROM qtp_table()) TO {} (FORMAT parquet, "
                                              "COMPRESSION zstd)",
                                              duck::SqlQuote(path)));
}

}  // namespace

nlohmann::ordered_json MetricsJson(const BacktestRun& run, const std::string& run_id) {
  nlohmann::ordered_json j;
  j["run_id"] = run_id;
  j["signal"] = run.info.signal;
  j["benchmark"] = run.info.benchmark;
  j["first_date"] = FormatDate(run.market.dates.front());
  j["last_date"] = FormatDate(run.market.dates.back());
  j["tickers"] = run.market.num_tickers();
  j["signal_rows"] = run.info.signal_rows;
  j["signal_rows_unpriced"] = run.info.signal_rows_unpriced;
  j["pre_cost_rank_ic"] = JsonNumber(run.pre_cost_ic);
  j["ic_days"] = run.ic_days;
  nlohmann::ordered_json scenarios;
  for (const ScenarioRun& s : run.scenarios) scenarios[s.name] = ScenarioJson(s, run.market);
  j["scenarios"] = scenarios;
  return j;
}

Status WriteTables(const BacktestRun& run, const std::string& run_id, const std::string& dir) {
  QTP_ASSIGN_OR_RETURN(std::unique_ptr<duck::Connection> db, duck::Connection::OpenInMemory(1));
  const Market& m = run.market;
  Table runs(schema::BacktestRuns());
  Table returns(schema::BacktestReturns());
  Table trades(schema::Trades());
  Table positions(schema::BacktestPositions());
  for (const ScenarioRun& s : run.scenarios) {
    const BacktestResult& r = s.result;
    auto& rc = runs.columns();
    std::get<std::vector<std::string>>(rc[0]).push_back(run_id);
    std::get<std::vector<std::string>>(rc[1]).push_back(s.name);
    std::get<std::vector<std::string>>(rc[2]).push_back(run.info.signal);
    std::get<std::vector<std::string>>(rc[3]).push_back(run.info.benchmark);
    std::get<std::vector<int32_t>>(rc[4]).push_back(r.days.front().date);
    std::get<std::vector<int32_t>>(rc[5]).push_back(r.days.back().date);
    std::get<std::vector<int64_t>>(rc[6]).push_back(static_cast<int64_t>(r.days.size() - 1));
    std::get<std::vector<double>>(rc[7]).push_back(r.days.front().equity);
    std::get<std::vector<double>>(rc[8]).push_back(r.days.back().equity);
    size_t k = 9;
    for (const char* name :
         {"total_return", "cagr", "annual_volatility", "sharpe_ratio", "sortino_ratio", "max_drawdown",
          "turnover_annual", "cost_drag_annual", "turnover_adjusted_sharpe", "information_ratio"}) {
      std::get<std::vector<double>>(rc[k++]).push_back(s.metrics.Get(name));
    }
    double peak = 0;
    for (const DayResult& d : r.days) {
      peak = std::max(peak, d.equity);
      returns.Column<std::string>("run_id").push_back(run_id);
      returns.Column<std::string>("scenario").push_back(s.name);
      returns.Column<int32_t>("date").push_back(d.date);
      returns.Column<double>("equity").push_back(d.equity);
      returns.Column<double>("cash").push_back(d.cash);
      returns.Column<double>("positions_value").push_back(d.positions_value);
      returns.Column<int64_t>("positions").push_back(d.positions);
      returns.Column<double>("gross_pnl").push_back(d.gross_pnl);
      returns.Column<double>("costs").push_back(d.costs);
      returns.Column<double>("dividends").push_back(d.dividends);
      returns.Column<double>("traded_usd").push_back(d.traded_usd);
      returns.Column<double>("turnover").push_back(d.turnover);
      returns.Column<double>("gross_return").push_back(d.gross_return);
      returns.Column<double>("net_return").push_back(d.net_return);
      returns.Column<double>("benchmark_return").push_back(d.benchmark_return);
      returns.Column<double>("drawdown").push_back(d.equity / peak - 1);
    }
    for (const TradeResult& t : r.trades) {
      trades.Column<std::string>("run_id").push_back(run_id);
      trades.Column<std::string>("scenario").push_back(s.name);
      trades.Column<int32_t>("date").push_back(t.date);
      trades.Column<int32_t>("signal_date").push_back(t.signal_date);
      trades.Column<std::string>("ticker").push_back(m.tickers[t.ticker]);
      trades.Column<int64_t>("sleeve").push_back(t.sleeve);
      trades.Column<std::string>("side").push_back(t.delisted ? "delisted" : t.filled_shares > 0 ? "buy" : "sell");
      trades.Column<double>("ordered_shares").push_back(t.ordered_shares);
      trades.Column<double>("filled_shares").push_back(t.filled_shares);
      trades.Column<double>("price").push_back(t.price);
      trades.Column<double>("value").push_back(std::abs(t.filled_shares) * t.price);
      trades.Column<double>("commission").push_back(t.cost.commission);
      trades.Column<double>("fees").push_back(t.cost.fees);
      trades.Column<double>("spread_cost").push_back(t.cost.spread);
      trades.Column<double>("slippage_cost").push_back(t.cost.slippage);
      trades.Column<double>("total_cost").push_back(t.cost.Total());
      trades.Column<int64_t>("liquidity_bucket").push_back(t.bucket);
      trades.Column<int64_t>("capped").push_back(t.capped ? 1 : 0);
    }
    size_t day = 0;
    for (const PositionResult& p : r.positions) {
      while (r.days[day].date != p.date) ++day;
      positions.Column<std::string>("run_id").push_back(run_id);
      positions.Column<std::string>("scenario").push_back(s.name);
      positions.Column<int32_t>("date").push_back(p.date);
      positions.Column<std::string>("ticker").push_back(m.tickers[p.ticker]);
      positions.Column<double>("shares").push_back(p.shares);
      positions.Column<double>("price").push_back(p.price);
      positions.Column<double>("value").push_back(p.shares * p.price);
      positions.Column<double>("weight").push_back(p.shares * p.price / r.days[day].equity);
    }
  }
  const std::vector<const Table*> tables = {&runs, &returns, &trades, &positions};
  for (size_t k = 0; k < tables.size(); ++k) {
    QTP_RETURN_IF_ERROR(WriteParquet(*db, *tables[k], dir + "/" + schema::BacktestOutputs()[k].file));
  }
  return Status::OK();
}

}  // namespace qtp::backtest
