#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "cli.h"
#include "qtp/core/file_util.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/paths.h"
#include "qtp/data/store/schema.h"
#include "qtp/features/feature_catalog.h"
#include "qtp/features/run_features.h"
#include "qtp/pipeline/progress.h"
#include "run_command.h"

namespace qtp::cli {

void AddFeaturesCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("features", "Clean bars -> daily features (views features_raw, features), "
                                             "incrementally (docs/features.md)");
  static std::string start, end;
  static std::vector<std::string> tickers;
  cmd->add_option("--start", start, "Recompute from this day (YYYY-MM-DD) even if its inputs did not change");
  cmd->add_option("--end", end, "Compute no day after this one (YYYY-MM-DD)");
  cmd->add_option("--tickers", tickers, "Only these tickers (default: every ticker with clean bars)")->delimiter(',');
  static bool list = false;
  cmd->add_flag("--list", list, "Print every feature column with its unit and definition, and exit");
  cmd->callback([&g] {
    if (list) {
      std::fputs(features::FeatureCatalogMarkdown().c_str(), stdout);
      return;
    }
    g.exit_code = RunCommand(g, "features", [&](CommandContext& ctx) -> Result<nlohmann::ordered_json> {
      features::FeaturesRequest request;
      if (!start.empty()) {
        QTP_ASSIGN_OR_RETURN(request.start, ParseDate(start));
      }
      if (!end.empty()) {
        QTP_ASSIGN_OR_RETURN(request.end, ParseDate(end));
      }
      if (!start.empty() && !end.empty() && request.end < request.start) {
        return Status::InvalidArgument("--end is before --start");
      }
      request.tickers = tickers;
      std::string ticker_list;
      for (const std::string& t : tickers) ticker_list += (ticker_list.empty() ? "" : ",") + t;
      ctx.args = {{"start", start}, {"end", end}, {"tickers", ticker_list}};
      ctx.input_datasets = {&schema::Bars5m(), &schema::Bars1d(), &schema::FeaturesRaw(), &schema::Features(),
                            &schema::FeatureInputs()};
      const std::string universe = paths::Join(g.data_dir, paths::kUniverseCsv);
      if (std::filesystem::exists(universe)) {
        QTP_ASSIGN_OR_RETURN(std::string sha, Sha256File(universe));
        ctx.input_hashes.push_back({"universe", sha});
      }
      QTP_ASSIGN_OR_RETURN(Store * store, ctx.OpenWriteStore());
      Progress progress("features", "tickers", g.quiet);
      QTP_ASSIGN_OR_RETURN(features::FeaturesSummary summary,
                           features::RunFeatures(*store, ctx.config.stages.features, request,
                                                 ctx.StageProgress(progress)));
      nlohmann::ordered_json metrics;
      metrics["tickers"] = summary.tickers;
      metrics["tickers_computed"] = summary.tickers_computed;
      metrics["ticker_days_computed"] = summary.ticker_days;
      metrics["rebuilt_from"] = DateText(summary.from);
      metrics["last_day"] = DateText(summary.to);
      metrics["features_raw_files_written"] = summary.raw.files_written;
      metrics["features_files_written"] = summary.normalized.files_written;
      metrics["feature_columns"] = schema::FeatureColumns().size();
      metrics["seconds_tickers"] = summary.seconds_tickers;
      metrics["seconds_cross_section"] = summary.seconds_cross_section;
      metrics["seconds_write"] = summary.seconds_write;
      if (summary.tickers_computed == 0) {
        ctx.summary = fmt::format("features: {} tickers, all up to date; nothing to do\n", summary.tickers);
      } else {
        ctx.summary = fmt::format(
            "features: {} of {} tickers recomputed ({} ticker-days, {} features each); days from {} to {} rebuilt\n"
            "  {} + {} partition files written (features_raw, features); query them with `qtp query`\n",
            summary.tickers_computed, summary.tickers, summary.ticker_days, schema::FeatureColumns().size(),
            metrics["rebuilt_from"].get<std::string>(), metrics["last_day"].get<std::string>(),
            summary.raw.files_written, summary.normalized.files_written);
      }
      return metrics;
    });
  });
}

}  // namespace qtp::cli
