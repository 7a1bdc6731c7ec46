#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "cli.h"
#include "qtp/core/file_util.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/paths.h"
#include "qtp/data/store/schema.h"
#include "qtp/data/store/selection_columns.h"
#include "qtp/pipeline/progress.h"
#include "qtp/universe/expansion_candidates.h"
#include "qtp/universe/run_select.h"
#include "run_command.h"

namespace qtp::cli {
namespace {

std::string Percent(double share) { return std::isfinite(share) ? fmt::format("{:.1f}%", 100 * share) : "n/a"; }

// What the universe of the recomputed days rests on: survivorship is the first thing to know
// about any backtest built on it.
std::string UniverseNote(const universe::SelectSummary& s) {
  if (s.days == 0) return "universe: no day recomputed (only features_raw days after the last one vanished)";
  if (s.membership_days == 0) {
    return "universe: survivor-only on every day (no universe_membership rows apply): every ticker with features "
           "is eligible";
  }
  const double covered = static_cast<double>(s.membership_days) / static_cast<double>(s.days);
  const std::string coverage =
      s.membership_days == s.days
          ? fmt::format("index membership applies on every day ({})", s.days)
          : fmt::format("index membership applies on {} of the days ({} of {}), the rest are survivor-only",
                        Percent(covered), s.membership_days, s.days);
  return fmt::format(
      "universe: {};\n"
      "  on those days {} of the member-days have features (members without price data cannot be selected)",
      coverage, Percent(s.member_data_share));
}

}  // namespace

void AddSelectCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("select",
                                 "Features -> point-in-time top-K universe (view topk_history, "
                                 "data/universe/topK_<k>.csv), incrementally (docs/selection.md)");
  cmd->callback([&g] {
    g.exit_code = RunCommand(g, "select", [&](CommandContext& ctx) -> Result<nlohmann::ordered_json> {
      ctx.input_datasets = {&schema::FeaturesRaw(), &schema::UniverseMembership(), &schema::TopKHistory(),
                            &schema::SelectionInputs()};
      // The expansion candidates list changes the selection: its hash is an input of the run ID.
      const std::string candidates = paths::Join(ctx.g.data_dir, universe::kExpansionCandidatesCsv);
      if (std::filesystem::exists(candidates)) {
        QTP_ASSIGN_OR_RETURN(const std::string sha, Sha256File(candidates));
        ctx.input_hashes.emplace_back("expansion_candidates", sha);
      }
      QTP_ASSIGN_OR_RETURN(Store * store, ctx.OpenWriteStore());
      const universe::SelectParams& params = ctx.config.stages.select;
      Progress progress("select", "years", g.quiet);
      QTP_ASSIGN_OR_RETURN(universe::SelectSummary summary,
                           universe::RunSelect(*store, params, ctx.StageProgress(progress)));
      nlohmann::ordered_json metrics;
      metrics["k"] = params.k;
      metrics["up_to_date"] = summary.up_to_date;
      metrics["days_computed"] = summary.days;
      metrics["rebalances"] = summary.rebalances;
      metrics["rows"] = summary.rows;
      metrics["rebuilt_from"] = DateText(summary.from);
      metrics["last_day"] = DateText(summary.to);
      metrics["latest_selected"] = summary.latest_selected;
      metrics["turnover_per_rebalance"] = summary.turnover;
      metrics["membership_days"] = summary.membership_days;
      metrics["survivor_only"] = summary.days > 0 && summary.membership_days == 0;
      metrics["member_data_share"] = summary.member_data_share;
      metrics["topk_history_files_written"] = summary.history.files_written;
      metrics["csv_written"] = summary.files_written;
      metrics["topk_csv"] = summary.topk_csv;
      metrics["metrics_csv"] = summary.metrics_csv;
      if (summary.up_to_date) {
        ctx.summary = fmt::format("select: features and membership unchanged since the last run; nothing to do{}\n",
                                  summary.files_written ? " (restored the missing CSV files)" : "");
        return metrics;
      }
      ctx.summary = fmt::format(
          "select: top {} of each day from {} to {} recomputed: {} trading day(s), {} rebalance(s) ({})\n"
          "  mean turnover per rebalance: {} of k; {} names selected on {}\n"
          "  {}\n"
          "  latest selection: {}, {}\n"
          "  {} topk_history partition files written; query them with `qtp query \"SELECT * FROM topk_history\"`\n",
          params.k, metrics["rebuilt_from"].get<std::string>(), metrics["last_day"].get<std::string>(), summary.days,
          summary.rebalances, params.rebalance, Percent(summary.turnover), summary.latest_selected,
          metrics["last_day"].get<std::string>(), UniverseNote(summary), summary.topk_csv, summary.metrics_csv,
          summary.history.files_written);
      return metrics;
    });
  });
}

}  // namespace qtp::cli
