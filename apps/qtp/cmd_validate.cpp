// qtp validate: the held-out period, walk-forward folds, sensitivity grid, overfitting controls,
// benchmarks, decay and gates of docs/validation.md; exit code 3 when a gate fails.
#include <cstdlib>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli.h"
#include "qtp/config/config_io.h"
#include "qtp/core/file_util.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/schema.h"
#include "qtp/data/store/selection_columns.h"
#include "qtp/pipeline/progress.h"
#include "qtp/validation/report.h"
#include "qtp/validation/run_validate.h"
#include "run_command.h"

namespace qtp::cli {

// A gate failed: the run succeeded, the strategy did not (a scheduler must not promote it).
constexpr int kGateFailed = 3;

Result<validation::ValidateOptions> ValidateOptionsOf(const ProjectConfig& config,
                                                      const validation::ValidationParams& params,
                                                      const models::ModelParams& models) {
  validation::ValidateOptions options;
  options.params = params;
  options.models = models;
  QTP_RETURN_IF_ERROR(options.models.Validate());
  options.execution = config.execution;
  QTP_ASSIGN_OR_RETURN(const std::string validation_yaml,
                       config::ParamsYaml(options.params, "effective config/validation.yaml"));
  QTP_ASSIGN_OR_RETURN(const std::string models_yaml,
                       config::ParamsYaml(options.models, "effective config/models.yaml"));
  options.config_yaml = validation_yaml + "\n" + models_yaml + "\n" + config.execution_yaml;
  options.path_env = std::getenv("PATH") ? std::getenv("PATH") : "";
  return options;
}

void AddValidateCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand(
      "validate",
      "Validate the models as a strategy: held-out period, walk-forward folds, sensitivity grid, deflated "
      "Sharpe, PBO, benchmarks, decay and gates (data/reports/validation/<run_id>/; exit 3 when a gate fails)");
  static std::string config_file;
  static std::vector<std::string> families;
  static int horizon = 0;
  static std::string end;
  cmd->add_option("--config", config_file, "Validation config (default: config/validation.yaml when present)");
  cmd->add_option("--models", families, "Families to validate (default: config/models.yaml families)")->delimiter(',');
  cmd->add_option("--end", end,
                  "Cut-off (YYYY-MM-DD): no feature day after it is read and no forward return ending after it is "
                  "used; the held-out period ends on it");
  cmd->callback([&g] {
    bool passed = true;
    g.exit_code = RunCommand(g, "validate", [&](CommandContext& ctx) -> Result<nlohmann::ordered_json> {
      validation::ValidateOptions options;
      options.params = ctx.config.validation;
      if (!config_file.empty()) {
        options.params = {};
        QTP_RETURN_IF_ERROR(config::LoadParamsFile(config_file, options.params));
        QTP_RETURN_IF_ERROR(options.params.Validate().WithContext(config_file));
        QTP_ASSIGN_OR_RETURN(const std::string bytes, ReadFile(config_file));
        ctx.input_hashes.push_back({"validation_config", Sha256Hex(bytes)});
      }
      models::ModelParams models = ctx.config.models;
      if (!families.empty()) models.families = families;
      if (horizon != 0) models.horizon = horizon;
      QTP_ASSIGN_OR_RETURN(options, ValidateOptionsOf(ctx.config, options.params, models));
      QTP_ASSIGN_OR_RETURN(options.last_date, OptionalDate(end));
      ctx.args = {{"config", config_file},
                  {"models", fmt::format("{}", fmt::join(options.models.families, ","))},
                  {"horizon", std::to_string(options.models.horizon)},
                  {"end", end}};
      ctx.input_datasets = {&schema::Features(), &schema::FeaturesRaw(), &schema::Bars1d(), &schema::CorporateActions(),
                            &schema::TopKHistory()};
      QTP_ASSIGN_OR_RETURN(Store * store, ctx.OpenWriteStore());
      options.run_id = ctx.record->run_id();
      Progress fits("validate: models", "fits", g.quiet);
      std::optional<Progress> backtests;  // started with its step, so its clock and rate are the step's
      const auto grid_progress = [&](size_t done, size_t total) {
        if (!backtests) backtests.emplace("validate: grid", "backtests", g.quiet);
        backtests->Update(done, total);
        return ctx.budget.Check();
      };
      QTP_ASSIGN_OR_RETURN(const validation::ValidationResult v,
                           validation::RunValidation(*store, options, {ctx.StageProgress(fits), grid_progress}));
      passed = v.passed;
      std::string gates;
      for (const validation::Gate& gate : v.gates) {
        gates += fmt::format("  {:<44} {:>10.4f}  {:<9} {}\n", gate.name, gate.value, gate.rule,
                             gate.pass ? "pass" : "FAIL");
      }
      const validation::GridRow& chosen = v.grid[v.selected];
      ctx.summary = fmt::format(
          "validate: {}\n  chosen among {} configurations (base costs) on the development period {} to {}: {}\n"
          "  development Sharpe {:.2f}; held out {} to {}: Sharpe {:.2f}, max drawdown {:.1f}%\n"
          "  deflated Sharpe: net returns {:.3f} (PSR vs 0: {:.3f}), active vs {} {:.3f}; PBO {:.2f}{}\n{}"
          "  report: {}\n",
          v.passed ? "PASS" : "FAIL (exit code 3)", v.trials, FormatDate(v.development_first),
          FormatDate(v.development_last), validation::Describe(v, chosen.point), chosen.development.sharpe,
          FormatDate(v.holdout_first), FormatDate(v.holdout_last), chosen.holdout.sharpe,
          100 * chosen.holdout.max_drawdown, v.total.deflated, v.total.probabilistic, v.benchmark, v.active.deflated,
          v.pbo.pbo, v.isolated ? "; the chosen cell is isolated in the grid" : "", gates, v.report);
      return validation::SummaryJson(v, options);
    });
    if (g.exit_code == 0 && !passed) g.exit_code = kGateFailed;
  });
}

}  // namespace qtp::cli
