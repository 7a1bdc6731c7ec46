#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "cli.h"
#include "qtp/core/file_util.h"
#include "qtp/data/ingest/ingestor.h"
#include "qtp/data/simulate/run_simulate.h"
#include "qtp/data/store/paths.h"
#include "qtp/data/store/schema.h"
#include "qtp/pipeline/progress.h"
#include "qtp/pipeline/run_record.h"
#include "run_command.h"

namespace qtp::cli {

void AddSimulateCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("simulate", "Simulate a market of 5-minute RTH bars and ingest it as raw data "
                                              "(docs/simulated_market.md)");
  static int tickers = 100;
  static std::string start = "2021-01-01";
  static std::string end = "2023-12-31";
  static int64_t seed = -1;
  static double signal = -2;
  static std::string regime_shift;
  cmd->add_option("--tickers", tickers, "Number of tickers")->check(CLI::Range(1, 9999))->capture_default_str();
  cmd->add_option("--start", start, "First calendar date (YYYY-MM-DD)")->capture_default_str();
  cmd->add_option("--end", end, "Last calendar date (YYYY-MM-DD)")->capture_default_str();
  cmd->add_option("--seed", seed, "Random seed (default: simulate.seed of the config)");
  cmd->add_option("--signal", signal,
                  "Planted daily cross-sectional rank IC in [-1, 1]; 0 plants nothing (default: simulate.signal_ic)")
      ->check(CLI::Range(-1.0, 1.0));
  cmd->add_option("--regime-shift", regime_shift,
                  "Date YYYY-MM-DD after which volatility and correlation rise and the planted signal decays "
                  "(simulate.regime_shift of the config); days up to it are unchanged");
  cmd->callback([&g] {
    g.exit_code = RunCommand(g, "simulate", [&](CommandContext& ctx) -> Result<nlohmann::ordered_json> {
      const sim::SimulatorParams& params = ctx.config.stages.simulate;
      sim::SimulateRequest request;
      QTP_ASSIGN_OR_RETURN(request.start, ParseDate(start));
      QTP_ASSIGN_OR_RETURN(request.end, ParseDate(end));
      if (request.end < request.start) return Status::InvalidArgument("--end is before --start");
      QTP_RETURN_IF_ERROR(config::CheckTickerCount(tickers, ctx.config.limits));
      request.tickers = tickers;
      request.seed = static_cast<uint64_t>(seed >= 0 ? seed : params.seed);
      request.signal = signal >= -1 ? signal : params.signal_ic;
      ctx.args = {{"tickers", std::to_string(tickers)}, {"start", start}, {"end", end},
                  {"seed", std::to_string(request.seed)}, {"signal", fmt::format("{}", request.signal)}};
      if (!regime_shift.empty()) {
        const Result<DateDays> shift = ParseDate(regime_shift);
        if (!shift.ok()) return shift.status().WithContext("--regime-shift");
        request.regime_shift = *shift;
        ctx.args.emplace_back("regime_shift", FormatDate(*request.regime_shift));
      }
      QTP_ASSIGN_OR_RETURN(Store * store, ctx.OpenWriteStore());
      Ingestor ingestor(*store);
      request.signal_sink = [&](const std::string& ticker, const std::vector<DateDays>& dates,
                                const std::vector<double>& values) -> Status {
        Table t(schema::SimulatedSignal());
        t.Column<int32_t>("date") = dates;
        t.Column<double>("signal") = values;
        return store->Merge(schema::SimulatedSignal(), ticker, std::move(t)).status();
      };
      Progress progress("simulate", "tickers", g.quiet);
      size_t bars_so_far = 0;
      QTP_ASSIGN_OR_RETURN(
          sim::SimulateSummary summary,
          sim::RunSimulate(ingestor, params, request, paths::Join(g.data_dir, paths::kUniverseCsv),
                           [&](int done, int) {
                             bars_so_far = ingestor.totals().rows_in;
                             progress.Update(static_cast<uint64_t>(done), static_cast<uint64_t>(tickers), bars_so_far,
                                             "bars");
                             return ctx.budget.Check();
                           }));
      nlohmann::ordered_json metrics;
      metrics["tickers"] = summary.tickers;
      metrics["trading_days"] = summary.trading_days;
      metrics["bars"] = summary.bars;
      metrics["splits"] = summary.splits;
      metrics["dividends"] = summary.dividends;
      nlohmann::ordered_json faults;
      for (size_t k = 0; k < summary.faults.size(); ++k) {
        faults[sim::FaultKindName(static_cast<sim::FaultKind>(k))] = summary.faults[k];
      }
      metrics["faults_injected"] = faults;
      metrics["signal_rows"] = summary.signal_rows;
      metrics["ingest"] = summary.ingest.ToJson();
      ctx.summary = fmt::format(
          "simulate: {} tickers x {} trading days = {} bars ({:.1f}M bars/s), {} splits, {} dividends\n"
          "  ingest: {}\n  universe: {}\n",
          summary.tickers, summary.trading_days, summary.bars,
          static_cast<double>(summary.bars) / std::max(progress.ElapsedSeconds(), 1e-9) / 1e6, summary.splits,
          summary.dividends, summary.ingest.Summary(), paths::Join(g.data_dir, paths::kUniverseCsv));
      return metrics;
    });
  });
}

}  // namespace qtp::cli
