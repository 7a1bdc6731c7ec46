#include <cstdio>

#include <fmt/format.h>

#include "cli.h"
#include "qtp/data/clean/run_clean.h"
#include "qtp/data/import/bar_file.h"
#include "qtp/data/store/schema.h"
#include "qtp/pipeline/progress.h"
#include "run_command.h"

namespace qtp::cli {
namespace {

// Imported rows carry in their source tag what the file's prices already include, so cleaning
// does not adjust them twice (e.g. IEX daily bars are split- but not dividend-adjusted).
clean::SourceAdjustment AdjustmentAlreadyApplied(const std::string& source) {
  const PriceAdjustment applied = PriceAdjustmentOfSource(source);
  return {applied == PriceAdjustment::kSplit || applied == PriceAdjustment::kSplitDividend,
          applied == PriceAdjustment::kSplitDividend};
}

}  // namespace

void AddCleanCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("clean", "Raw -> processed 5-minute bars, daily bars and a quality report "
                                          "(docs/cleaning.md)");
  cmd->callback([&g] {
    g.exit_code = RunCommand(g, "clean", [&](CommandContext& ctx) -> Result<nlohmann::ordered_json> {
      ctx.input_datasets = {&schema::RawBars5m(),       &schema::RawBars1d(),    &schema::CorporateActions(),
                            &schema::IngestFindings(),  &schema::Quarantine5m(), &schema::Quarantine1d()};
      QTP_ASSIGN_OR_RETURN(Store * store, ctx.OpenWriteStore());
      Progress progress("clean", "tickers", g.quiet);
      QTP_ASSIGN_OR_RETURN(
          clean::CleanSummary summary,
          clean::RunClean(*store, ctx.config.stages.clean, store->run_id(),
                          [&](size_t done, size_t total, std::string_view) {
                            progress.Update(done, total);
                            return ctx.budget.Check();
                          },
                          AdjustmentAlreadyApplied));
      nlohmann::ordered_json metrics;
      metrics["tickers"] = summary.tickers;
      metrics["tickers_daily_only"] = summary.tickers_daily_only;
      metrics["rows_in"] = summary.rows_in;
      metrics["bars_out"] = summary.bars_out;
      metrics["days_out"] = summary.days_out;
      metrics["missing_bars"] = summary.missing_bars;
      metrics["findings"] = summary.findings;
      metrics["findings_by_rule"] = summary.by_rule;
      std::string rules;
      for (const auto& [rule, n] : summary.by_rule) rules += fmt::format("{}{}={}", rules.empty() ? "" : ", ", rule, n);
      ctx.summary = fmt::format(
          "clean: {} tickers ({} daily-only), {} raw rows -> {} clean 5-minute bars, {} daily bars\n"
          "  quality: {} findings ({}), {} missing bars\n  report: {}\n",
          summary.tickers, summary.tickers_daily_only, summary.rows_in, summary.bars_out, summary.days_out,
          summary.findings, rules.empty() ? "none" : rules, summary.missing_bars, summary.report.markdown);
      return metrics;
    });
  });
}

}  // namespace qtp::cli
