#include <fmt/format.h>

#include "cli.h"
#include "qtp/data/store/eda_columns.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/schema.h"
#include "qtp/eda/run_eda.h"
#include "qtp/pipeline/progress.h"
#include "run_command.h"

namespace qtp::cli {

void AddEdaCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("eda",
                                 "Stored features -> IC, stability, redundancy pruning, reports and plots "
                                 "(views feature_ic, feature_autocorr, feature_corr, feature_stability; "
                                 "data/reports/eda/), incrementally");
  static bool no_plots = false;
  cmd->add_flag("--no-plots", no_plots, "Skip the gnuplot plots (same as eda.plots: false)");
  cmd->callback([&g] {
    g.exit_code = RunCommand(g, "eda", [&](CommandContext& ctx) -> Result<nlohmann::ordered_json> {
      eda::EdaParams params = ctx.config.stages.eda;
      if (no_plots) params.plots = false;
      ctx.args = {{"plots", params.plots ? "yes" : "no"}};
      // The inputs, and eda_inputs: the record of what the stored outputs were computed from. So a
      // run that finds everything up to date has a run ID (and metrics) of its own, while the
      // reports keep the ID of the run that computed them.
      ctx.input_datasets = {&schema::FeaturesRaw(), &schema::Features(), &schema::UniverseMembership(),
                            &schema::EdaInputs()};
      if (params.entry == "next_open") ctx.input_datasets.push_back(&schema::Bars1d());
      QTP_ASSIGN_OR_RETURN(Store * store, ctx.OpenWriteStore());
      Progress progress("eda", "days", g.quiet);
      QTP_ASSIGN_OR_RETURN(eda::EdaSummary s, eda::RunEda(*store, params, ctx.config.stages.features,
                                                          ctx.record->run_id(), ctx.StageProgress(progress)));
      nlohmann::ordered_json metrics;
      metrics["up_to_date"] = s.up_to_date;
      metrics["days"] = s.days;
      metrics["first_day"] = DateText(s.first);
      metrics["last_day"] = DateText(s.last);
      metrics["days_computed"] = s.days_computed;
      metrics["first_day_computed"] = DateText(s.first_computed);
      if (s.up_to_date) {
        ctx.summary = fmt::format(
            "eda: up to date ({} days, {} to {}; features, parameters and reports unchanged since the last run)\n",
            s.days, metrics["first_day"].get<std::string>(), metrics["last_day"].get<std::string>());
        return metrics;
      }
      metrics["tickers"] = s.tickers;
      metrics["predictors"] = s.features;
      metrics["predictors_with_data"] = s.features_with_data;
      metrics["unstable"] = s.unstable;
      metrics["dropped_redundant"] = s.dropped;
      metrics["pairs_listed"] = s.pairs_listed;
      metrics["feature_ic_rows_rewritten"] = s.ic_rows.rows_in;  // the years from the first computed day on
      metrics["top_features"] = s.top;
      metrics["top_icir"] = s.top_icir;
      metrics["summary"] = s.summary_path;
      std::string top;
      for (size_t k = 0; k < s.top.size(); ++k) {
        top += fmt::format("{}{} ({:.3f})", k == 0 ? "" : ", ", s.top[k], s.top_icir[k]);
      }
      const std::string computed =
          s.days_computed == 0 ? "no day recomputed (reports rebuilt from the stored daily statistics)"
          : s.days_computed == s.days
              ? "every day computed"
              : fmt::format("{} days computed from {}, the others read back", s.days_computed,
                            metrics["first_day_computed"].get<std::string>());
      ctx.summary = fmt::format(
          "eda: {} tickers x {} days ({} to {}), {}; {} of {} predictors with data; {} unstable, {} dropped as "
          "redundant ({} pairs listed)\n  top by |ICIR| at h={}: {}\n  report: {}\n  metadata: {}\n",
          s.tickers, s.days, metrics["first_day"].get<std::string>(), metrics["last_day"].get<std::string>(),
          computed, s.features_with_data, s.features, s.unstable, s.dropped, s.pairs_listed,
          params.Horizons().front(), top.empty() ? "-" : top, s.summary_path, s.metadata_path);
      ctx.summary += s.plots.empty() ? "  plots: none (disabled)\n"
                                     : fmt::format("  plots: {} PNGs in {}/plots/\n", s.plots.size(), s.report_dir);
      ctx.summary +=
          "  daily statistics: `qtp query` views feature_ic, feature_autocorr, feature_corr, feature_stability\n";
      return metrics;
    });
  });
}

}  // namespace qtp::cli
