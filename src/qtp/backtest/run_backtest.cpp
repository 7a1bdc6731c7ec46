#include "qtp/backtest/run_backtest.h"

#include <unistd.h>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "qtp/backtest/outputs.h"
#include "qtp/core/file_util.h"
#include "qtp/core/parallel.h"
#include "qtp/data/store/backtest_columns.h"
#include "qtp/data/store/paths.h"
#include "qtp/eda/rank_corr.h"

namespace qtp::backtest {

double MeanRankIc(const Market& m, const std::function<double(size_t, size_t)>& round_trip_cost, size_t* days) {
  constexpr size_t kMinNames = 20;
  const size_t nt = m.num_tickers();
  std::vector<double> score(nt), forward(nt);
  eda::RankedVector a, b;
  eda::RankScratch scratch;
  double sum = 0;
  size_t n = 0;
  for (size_t d = 0; d + 1 < m.num_days(); ++d) {
    size_t names = 0;
    for (size_t t = 0; t < nt; ++t) {
      const size_t i = m.At(d, t);
      score[t] = forward[t] = kNaN;
      const double growth = m.GrowthFactor(d + 1, t);
      if (!m.member[i] || !std::isfinite(m.score[i]) || std::isnan(growth)) continue;
      const double r = growth - 1;
      const double cost = round_trip_cost(d, t);
      if (!std::isfinite(r) || !std::isfinite(cost)) continue;
      score[t] = m.score[i];
      forward[t] = r - cost;
      ++names;
    }
    if (names < kMinNames) continue;
    a.Assign(score);
    b.Assign(forward);
    const eda::Correlation c = eda::Spearman(a, b, scratch);
    if (!std::isfinite(c.value)) continue;
    sum += c.value;
    ++n;
  }
  if (days != nullptr) *days = n;
  return n == 0 ? kNaN : sum / static_cast<double>(n);
}

Status CheckAccounting(const BacktestResult& result) {
  constexpr double kCentTolerance = 1e-4;  // USD: far below a cent, far above the rounding of a day's sums
  double costs = 0;
  for (const TradeResult& t : result.trades) costs += t.cost.Total();
  double day_costs = 0;
  for (const DayResult& d : result.days) {
    day_costs += d.costs;
    if (std::abs(d.cash + d.positions_value - d.equity) > kCentTolerance) {
      return Status::Internal(fmt::format("accounting: on {} cash {} + positions {} != equity {}", FormatDate(d.date),
                                          d.cash, d.positions_value, d.equity));
    }
  }
  if (result.max_accounting_error > kCentTolerance + 1e-9 * result.days.back().equity) {
    return Status::Internal(fmt::format("accounting: a day's gross PnL - costs differs from its net PnL by ${}",
                                        result.max_accounting_error));
  }
  if (std::abs(costs - day_costs) > kCentTolerance) {
    return Status::Internal(fmt::format("accounting: the trades' costs {} != the days' costs {}", costs, day_costs));
  }
  if (result.min_cash < -kCentTolerance) {
    return Status::Internal(fmt::format("accounting: a sleeve's cash fell to {} (no margin)", result.min_cash));
  }
  return Status::OK();
}

Result<BacktestRun> RunBacktests(const Store& store, const BacktestOptions& options,
                                 const ScenarioProgressFn& progress) {
  const ExecutionConfig& config = options.config;
  BacktestRun run;
  const MarketOptions market_options{.signal = options.signal,
                                     .universe = config.backtest.universe,
                                     .benchmark = config.backtest.benchmark,
                                     .buckets = config.costs.buckets,
                                     .start = options.start,
                                     .end = options.end};
  QTP_ASSIGN_OR_RETURN(run.market, LoadMarket(store, market_options, run.info));
  const Market& m = run.market;
  const auto before_costs = [](size_t, size_t) { return 0.0; };
  run.pre_cost_ic = MeanRankIc(m, before_costs, &run.ic_days);

  run.scenarios.resize(options.scenarios.size());
  std::vector<execution::ScenarioParams> multipliers;
  for (const std::string& name : options.scenarios) {
    QTP_ASSIGN_OR_RETURN(const execution::ScenarioParams s, execution::Scenario(config.costs, name));
    multipliers.push_back(s);
  }
  std::atomic<size_t> done{0};
  std::mutex progress_mutex;
  QTP_RETURN_IF_ERROR(ParallelFor(options.scenarios.size(), options.threads, [&](size_t k) -> Status {
    ScenarioRun& s = run.scenarios[k];
    s.name = options.scenarios[k];
    s.result = RunBacktest(m, config.backtest, config.costs, multipliers[k]);
    if (s.result.days.size() < 2) {
      return Status::NotFound("the signal has no eligible name on any day before the last trading day");
    }
    QTP_RETURN_IF_ERROR(CheckAccounting(s.result).WithContext("scenario " + s.name));
    s.metrics = ComputeBacktestMetrics(s.result, config.backtest);
    const execution::CostModel model(config.costs, multipliers[k]);
    const double order = config.costs.reference_order_usd;
    const auto round_trip = [&](size_t d, size_t t) {
      const execution::NameCostInputs in = m.CostInputs(d, t);
      return model.Tradable(in) ? 2 * (model.HalfSpread(in) + model.Impact(in, order)) : kNaN;
    };
    s.post_cost_ic = MeanRankIc(m, round_trip, nullptr);
    std::lock_guard<std::mutex> lock(progress_mutex);
    return progress(++done, options.scenarios.size());
  }));

  // The run folder: staged, then renamed whole. The same run ID means the same inputs, so a folder
  // it replaces had the same content.
  const auto fill = [&](const std::string& staging) -> Status {
    QTP_RETURN_IF_ERROR(AtomicWriteFile(staging + "/config.yaml", options.config_yaml));
    nlohmann::ordered_json inputs;
    for (const auto& [name, sha] : run.info.input_hashes) inputs[name] = sha;
    if (!options.signal_sha256.empty()) inputs["signal_file"] = options.signal_sha256;
    QTP_RETURN_IF_ERROR(AtomicWriteFile(staging + "/inputs.json", inputs.dump(2) + "\n"));
    QTP_RETURN_IF_ERROR(AtomicWriteFile(staging + "/metrics.json", MetricsJson(run, options.run_id).dump(2) + "\n"));
    QTP_RETURN_IF_ERROR(WriteTables(run, options.run_id, staging));
    return WriteReport(run, options, staging).status();
  };
  QTP_ASSIGN_OR_RETURN(run.dir, WriteFolderWhole(paths::Join(store.data_dir(), schema::kBacktestsDir),
                                                 options.run_id, fill));
  run.report = run.dir + "/report.md";
  return run;
}

}  // namespace qtp::backtest
