// /api/backtests and /api/backtests/{id}: the views over data/backtests/<run_id>/ (backtest_runs,
// backtest_returns, trades) and the run's metrics.json for its stress windows.
#include <algorithm>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "qtp/core/file_util.h"
#include "qtp/data/store/backtest_columns.h"
#include "qtp/data/store/paths.h"
#include "qtp/serve/query_util.h"
#include "qtp/serve/route.h"

namespace qtp::serve {
namespace {

namespace fs = std::filesystem;

// The headline metrics of each scenario in the list.
constexpr const char* kListMetrics[] = {"cagr",
                                        "sharpe_ratio",
                                        "sortino_ratio",
                                        "max_drawdown",
                                        "turnover_annual",
                                        "cost_drag_annual",
                                        "turnover_adjusted_sharpe",
                                        "final_equity"};

std::string RunDir(const StoreAccess& store, const std::string& run_id) {
  return paths::Join(store.data_dir(), fmt::format("{}/{}", schema::kBacktestsDir, run_id));
}

// When the run's folder appeared (renamed whole when the run finished); 0 when it is gone.
int64_t FinishedAt(const StoreAccess& store, const std::string& run_id) {
  std::error_code ec;
  const fs::file_time_type t = fs::last_write_time(RunDir(store, run_id), ec);
  return ec ? 0 : static_cast<int64_t>(t.time_since_epoch().count());
}

Result<std::string> Backtests(const RequestContext& ctx) {
  std::string metrics;
  for (const char* m : kListMetrics) metrics += fmt::format(", {}", m);
  QTP_ASSIGN_OR_RETURN(QueryRows rows,
                       ctx.store.Query(fmt::format("SELECT run_id, signal, benchmark, strftime(first_date, '%Y-%m-%d') "
                                                   "AS first_date, strftime(last_date, '%Y-%m-%d') AS last_date, "
                                                   "scenario{} FROM backtest_runs ORDER BY run_id, scenario",
                                                   metrics),
                                       {}));
  // One item per run; the runs newest first (by when their folder appeared), ties by run_id.
  std::vector<Json> runs;
  std::map<std::string, size_t> index;
  constexpr size_t kFirstMetric = 6;
  for (size_t r = 0; r < rows.rows.size(); ++r) {
    const Json row = rows.RowJson(r);
    const std::string run_id = row.at("run_id").get<std::string>();
    auto [it, added] = index.try_emplace(run_id, runs.size());
    if (added) {
      runs.push_back({{"run_id", run_id},
                      {"signal", row["signal"]},
                      {"benchmark", row["benchmark"]},
                      {"first_date", row["first_date"]},
                      {"last_date", row["last_date"]},
                      {"scenarios", Json::array()}});
    }
    Json scenario = {{"scenario", row["scenario"]}};
    for (size_t c = kFirstMetric; c < rows.columns.size(); ++c)
      scenario[rows.columns[c].name] = row[rows.columns[c].name];
    runs[it->second]["scenarios"].push_back(std::move(scenario));
  }
  std::vector<std::pair<int64_t, size_t>> order;
  for (size_t i = 0; i < runs.size(); ++i)
    order.emplace_back(FinishedAt(ctx.store, runs[i]["run_id"].get<std::string>()), i);
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  const Page page = PageOf(ctx.params, static_cast<int64_t>(runs.size()));
  const auto [first, last] = PageRange(runs.size(), page);
  Json items = Json::array();
  for (size_t i = first; i < last; ++i) items.push_back(std::move(runs[order[i].second]));
  return Dump(PageJson(Json::object(), page, std::move(items)));
}

// Every scenario's stress windows from metrics.json (`qtp backtest` computes them; no view has them).
Result<Json> StressWindows(const StoreAccess& store, const std::string& run_id) {
  Json out = Json::array();
  Result<std::string> text = ReadFile(RunDir(store, run_id) + "/metrics.json");
  if (!text.ok()) return out;  // a run without the file shows no stress windows rather than failing
  const Json metrics = Json::parse(*text, nullptr, false);
  if (metrics.is_discarded() || !metrics.contains("scenarios") || !metrics["scenarios"].is_object()) {
    return Status::Corruption(fmt::format("backtests/{}/metrics.json is not the expected JSON", run_id));
  }
  for (const auto& [scenario, s] : metrics["scenarios"].items()) {
    if (!s.contains("stress_windows")) continue;
    for (const Json& w : s["stress_windows"]) {
      out.push_back({{"scenario", scenario},
                     {"window", w.value("name", "")},
                     {"first_date", w.value("first", "")},
                     {"last_date", w.value("last", "")},
                     {"coverage", w.value("coverage", "")},
                     {"days", w.value("days", 0)},
                     {"total_return", w.value("total_return", Json())},
                     {"max_drawdown", w.value("max_drawdown", Json())},
                     {"annual_volatility", w.value("annual_volatility", Json())},
                     {"benchmark_return", w.value("benchmark_return", Json())}});
    }
  }
  return out;
}

Result<std::string> Backtest(const RequestContext& ctx) {
  const std::string run_id = ctx.params.Text("id");
  QTP_ASSIGN_OR_RETURN(
      QueryRows scenarios,
      ctx.store.Query(fmt::format("SELECT scenario, {} FROM backtest_runs WHERE run_id = $1 ORDER BY scenario",
                                  SelectList(schema::BacktestRuns(), {"run_id", "scenario"})),
                      {run_id}));
  if (scenarios.rows.empty()) return Status::NotFound(fmt::format("no backtest run '{}'", run_id));
  QTP_ASSIGN_OR_RETURN(
      QueryRows returns,
      ctx.store.Query("SELECT scenario, strftime(date, '%Y-%m-%d') AS date, equity, net_return, benchmark_return, "
                      "drawdown, turnover, costs FROM backtest_returns WHERE run_id = $1 ORDER BY scenario, date",
                      {run_id}));
  // Fills only: a delisting exit trades nothing and costs nothing.
  QTP_ASSIGN_OR_RETURN(
      QueryRows buckets,
      ctx.store.Query("SELECT scenario, liquidity_bucket, count(*) AS trades, sum(abs(filled_shares * price)) AS "
                      "traded_usd, sum(total_cost) AS total_cost, 1e4 * sum(total_cost) / "
                      "nullif(sum(abs(filled_shares * price)), 0) AS cost_bps FROM trades WHERE run_id = $1 AND side "
                      "IN ('buy', 'sell') GROUP BY scenario, liquidity_bucket ORDER BY scenario, liquidity_bucket",
                      {run_id}));
  QTP_ASSIGN_OR_RETURN(Json stress, StressWindows(ctx.store, run_id));
  const Json first = scenarios.RowJson(0);
  Json out = {{"run_id", run_id},
              {"signal", first["signal"]},
              {"benchmark", first["benchmark"]},
              {"first_date", first["first_date"]},
              {"last_date", first["last_date"]},
              {"scenarios", scenarios.ToJson()},
              {"returns", returns.ToJson()},
              {"costs_by_bucket", buckets.ToJson()},
              {"stress", std::move(stress)}};
  return Dump(out);
}

}  // namespace

std::vector<Route> BacktestRoutes() {
  return {Route{"/api/backtests",
                "Backtest runs with each scenario's headline metrics, newest first",
                "backtests",
                {LimitParam(100, 1000), OffsetParam()},
                {"total", "limit", "offset", "items"},
                "items: {run_id, signal, benchmark, first_date, last_date, scenarios: [{scenario, cagr, sharpe_ratio, "
                "sortino_ratio, max_drawdown, turnover_annual, cost_drag_annual, turnover_adjusted_sharpe, "
                "final_equity}]}",
                Backtests},
          Route{"/api/backtests/{id}",
                "One backtest run: scenarios, daily returns, costs by liquidity bucket, stress windows",
                "backtests",
                {IdParam("id", ParamIn::kPath, "Backtest run ID")},
                {"run_id", "signal", "benchmark", "first_date", "last_date", "scenarios", "returns", "costs_by_bucket",
                 "stress"},
                "",
                Backtest}};
}

}  // namespace qtp::serve
