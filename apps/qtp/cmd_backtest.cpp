// qtp costs and qtp backtest: the cost model applied to every name and day (docs/execution.md), and the
// cost-aware backtest of a signal under the three cost scenarios (docs/backtest.md).
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli.h"
#include "qtp/backtest/outputs.h"
#include "qtp/backtest/run_backtest.h"
#include "qtp/config/config_io.h"
#include "qtp/core/file_util.h"
#include "qtp/data/store/execution_columns.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/model_columns.h"
#include "qtp/data/store/schema.h"
#include "qtp/data/store/selection_columns.h"
#include "qtp/execution/run_costs.h"
#include "qtp/pipeline/progress.h"
#include "run_command.h"

namespace qtp::cli {
namespace {

std::string Pct(double v) { return std::isfinite(v) ? fmt::format("{:6.2f}%", 100 * v) : "   n/a "; }
std::string Num(double v) { return std::isfinite(v) ? fmt::format("{:5.2f}", v) : "  n/a"; }

Result<std::vector<std::string>> ScenarioNames(const std::string& arg) {
  if (arg == "all")
    return std::vector<std::string>(std::begin(execution::kScenarioNames), std::end(execution::kScenarioNames));
  for (std::string_view name : execution::kScenarioNames) {
    if (arg == name) return std::vector<std::string>{arg};
  }
  return Status::InvalidArgument(fmt::format("--scenario {}: expected optimistic, base, pessimistic or all", arg));
}

}  // namespace

void AddCostsCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("costs",
                                 "Per name and day cost estimates of the reference order under each scenario, "
                                 "liquidity buckets (view cost_estimates) and data/reports/costs.md");
  static std::vector<std::string> sets;
  cmd->add_option("--set", sets,
                  "Override a config/execution.yaml value for this run: key=value, e.g. "
                  "costs.slippage_model=sqrt (repeatable)");
  cmd->callback([&g] {
    g.exit_code = RunCommand(g, "costs", [&](CommandContext& ctx) -> Result<nlohmann::ordered_json> {
      backtest::ExecutionConfig config = ctx.config.execution;
      QTP_RETURN_IF_ERROR(backtest::ApplyOverrides(config, sets));
      const execution::CostParams& params = config.costs;
      ctx.args = {{"set", fmt::format("{}", fmt::join(sets, " "))}};
      ctx.input_datasets = {&schema::FeaturesRaw()};
      QTP_ASSIGN_OR_RETURN(Store * store, ctx.OpenWriteStore());
      Progress progress("costs", "years", g.quiet);
      QTP_ASSIGN_OR_RETURN(const execution::CostsSummary s,
                           execution::RunCosts(*store, params, ctx.StageProgress(progress)));
      nlohmann::ordered_json metrics;
      metrics["rows"] = s.rows;
      metrics["tickers"] = s.tickers;
      metrics["first_date"] = DateText(s.first);
      metrics["last_date"] = DateText(s.last);
      std::string table;
      size_t without_adv = 0;
      for (const execution::BucketCostSummary& b : s.buckets) {
        if (b.bucket == 0) {
          without_adv = b.name_days;
          continue;
        }
        metrics["median_round_trip_bps_base_bucket_" + std::to_string(b.bucket)] = b.median_round_trip_bps[1];
        table += fmt::format(
            "  bucket {:<2} {:>8} name-days  median adv ${:>9.1f}M  round trip {:>6.1f} / {:>6.1f} / "
            "{:>6.1f} bps\n",
            b.bucket, b.name_days, b.median_adv_usd / 1e6, b.median_round_trip_bps[0], b.median_round_trip_bps[1],
            b.median_round_trip_bps[2]);
      }
      metrics["median_round_trip_bps_base"] = s.all.median_round_trip_bps[1];
      metrics["report"] = s.report_path;
      ctx.summary = fmt::format(
          "costs: {} name-days, {} names, {} to {}; round trip of a ${:.0f} order (optimistic / base / "
          "pessimistic, median by liquidity bucket, 1 = least liquid):\n{}  all        median {:.1f} bps base, "
          "p90 {:.1f}; {} name-days without adv_20 (not tradable)\n  view cost_estimates; report {}\n",
          s.rows, s.tickers, DateText(s.first), DateText(s.last), params.reference_order_usd, table,
          s.all.median_round_trip_bps[1], s.all.p90_round_trip_bps_base, without_adv, s.report_path);
      return metrics;
    });
  });
}

void AddBacktestCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand(
      "backtest",
      "Cost-aware backtest of a signal, every cost scenario compared (data/backtests/<run_id>/, views "
      "backtest_runs, backtest_returns, trades, backtest_positions)");
  static std::string signal, scenario = "all", start, end;
  static std::vector<std::string> sets;
  cmd->add_option("--signal", signal,
                  "predictions (default: the current model with the best out-of-sample rank IC), "
                  "predictions:<model_id>, a .csv/.parquet file or a view with columns date, ticker, score");
  cmd->add_option("--scenario", scenario, "optimistic, base, pessimistic or all")->capture_default_str();
  cmd->add_option("--set", sets,
                  "Override a config/execution.yaml value for this run: key=value, e.g. "
                  "backtest.top_n=30 or costs.commission.broker=alpaca (repeatable)");
  cmd->add_option("--start", start, "First signal day (YYYY-MM-DD)");
  cmd->add_option("--end", end, "Last trading day (YYYY-MM-DD)");
  cmd->callback([&g] {
    g.exit_code = RunCommand(g, "backtest", [&](CommandContext& ctx) -> Result<nlohmann::ordered_json> {
      backtest::BacktestOptions options;
      options.config = ctx.config.execution;
      QTP_RETURN_IF_ERROR(backtest::ApplyOverrides(options.config, sets));
      QTP_ASSIGN_OR_RETURN(options.scenarios, ScenarioNames(scenario));
      QTP_ASSIGN_OR_RETURN(options.start, OptionalDate(start));
      QTP_ASSIGN_OR_RETURN(options.end, OptionalDate(end));
      options.signal = signal;
      QTP_ASSIGN_OR_RETURN(options.config_yaml,
                           config::ParamsYaml(options.config, "effective config/execution.yaml of this backtest"));
      options.path_env = std::getenv("PATH") ? std::getenv("PATH") : "";
      ctx.args = {{"signal", signal},
                  {"scenario", scenario},
                  {"set", fmt::format("{}", fmt::join(sets, " "))},
                  {"start", start},
                  {"end", end}};
      if (std::filesystem::is_regular_file(signal)) {
        QTP_ASSIGN_OR_RETURN(const std::string bytes, ReadFile(signal));
        options.signal_sha256 = Sha256Hex(bytes);
        ctx.input_hashes.push_back({"signal_file", options.signal_sha256});
      }
      ctx.input_datasets = {&schema::Bars1d(), &schema::CorporateActions(), &schema::FeaturesRaw(),
                            &schema::TopKHistory(), &schema::Predictions()};
      QTP_ASSIGN_OR_RETURN(Store * store, ctx.OpenWriteStore());
      options.run_id = ctx.record->run_id();
      Progress progress("backtest", "scenarios", g.quiet);
      QTP_ASSIGN_OR_RETURN(const backtest::BacktestRun run,
                           backtest::RunBacktests(*store, options, ctx.StageProgress(progress)));
      std::string table;
      for (const backtest::ScenarioRun& s : run.scenarios) {
        const auto& m = s.metrics;
        table += fmt::format("  {:<12} CAGR {}  Sharpe {}  max DD {}  turnover {}/yr  cost drag {}/yr  final ${:.2f}\n",
                             s.name, Pct(m.Get("cagr")), Num(m.Get("sharpe_ratio")), Pct(m.Get("max_drawdown")),
                             Num(m.Get("turnover_annual")), Pct(m.Get("cost_drag_annual")), m.Get("final_equity"));
      }
      ctx.summary = fmt::format(
          "backtest: {}\n  {} names, {} to {} ({} days), benchmark {}; rank IC before costs {:.4f}\n{}"
          "  results: {}/ (report.md, metrics.json, returns/trades/positions parquet)\n",
          run.info.signal, run.market.num_tickers(), FormatDate(run.market.dates.front()),
          FormatDate(run.market.dates.back()), run.market.num_days(), run.info.benchmark, run.pre_cost_ic, table,
          run.dir);
      return backtest::MetricsJson(run, options.run_id);
    });
  });
}

}  // namespace qtp::cli
