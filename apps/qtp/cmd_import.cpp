#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "cli.h"
#include "qtp/data/import/importer.h"
#include "qtp/pipeline/progress.h"
#include "run_command.h"

namespace qtp::cli {

void AddImportCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("import", "Import real CSV bar files (5-minute or daily), corporate actions and "
                                            "S&P 500 membership (docs/import.md)");
  static std::string path;
  static std::string format = "auto";
  static std::string ticker;
  static std::string tz = "America/New_York";
  static std::string bar_label = "auto";
  static std::string adjustment = "auto";
  static bool json = false;
  cmd->add_option("--path", path, "A file or a folder (walked recursively)")->required();
  cmd->add_option("--format", format, "auto|csv-5m|csv-daily")->capture_default_str();
  cmd->add_option("--ticker", ticker, "Ticker for a single file without a ticker column");
  cmd->add_option("--tz", tz, "Zone of naive timestamps")->capture_default_str();
  cmd->add_option("--bar-label", bar_label, "auto|start|end: what a 5-minute timestamp marks")->capture_default_str();
  cmd->add_option("--adjustment", adjustment, "auto|none|split|split_dividend: what the prices already include")
      ->capture_default_str();
  cmd->add_flag("--json", json, "Print the full import report as JSON");
  cmd->callback([&g] {
    g.exit_code = RunCommand(g, "import", [&](CommandContext& ctx) -> Result<nlohmann::ordered_json> {
      ImportRequest request;
      request.path = path;
      QTP_ASSIGN_OR_RETURN(request.csv.format, ParseBarFormat(format));
      QTP_ASSIGN_OR_RETURN(request.csv.bar_label, ParseBarLabel(bar_label));
      QTP_ASSIGN_OR_RETURN(request.csv.adjustment, ParsePriceAdjustment(adjustment));
      request.csv.ticker = ticker;
      request.csv.tz = tz;
      if (!std::filesystem::exists(path)) return Status::NotFound(fmt::format("--path {} does not exist", path));
      ctx.args = {{"path", std::filesystem::absolute(path).lexically_normal().string()}, {"format", format},
                  {"ticker", ticker}, {"tz", tz}, {"bar_label", bar_label}, {"adjustment", adjustment}};
      QTP_ASSIGN_OR_RETURN(Store * store, ctx.OpenWriteStore());
      Ingestor ingestor(*store);
      Progress progress("import", "files", g.quiet);
      QTP_ASSIGN_OR_RETURN(ImportReport report, RunImport(*store, ingestor, request, [&](const ImportProgress& p) {
                             progress.Update(p.files_done, p.files_total, p.rows, "rows");
                             return ctx.budget.Check();
                           }));
      nlohmann::ordered_json metrics = nlohmann::ordered_json::parse(report.ToJson());
      ctx.summary = json ? report.ToJson() : report.ToText();
      if (report.Count(FileOutcome::kFailed) > 0) {
        std::fputs(ctx.summary.c_str(), stdout);
        return Status::InvalidArgument(
            fmt::format("{} file(s) could not be imported (see the report above)", report.Count(FileOutcome::kFailed)));
      }
      return metrics;
    });
  });
}

}  // namespace qtp::cli
