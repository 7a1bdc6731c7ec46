// qtp: the command-line front end. Each command lives in cmd_<name>.cpp; this file only wires
// global options, logging and exit codes.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli.h"
#include "qtp/core/allocator.h"

int main(int argc, char** argv) {
  qtp::TuneAllocatorForBatches();
  qtp::cli::Globals g;
  CLI::App app{"qtp — Quant Trading Pro: 5-minute bars to daily rankings and cost-aware backtests"};
  app.require_subcommand(1);
  app.add_option("--data-dir", g.data_dir, "Data directory (the store)")->capture_default_str();
  app.add_option("--config", g.config_file, "Config file (default: <project root>/config/default.yaml if present)");
  app.add_option("--log-level", g.log_level, "trace|debug|info|warn|error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
      ->capture_default_str();
  app.add_flag("--quiet", g.quiet, "Only warnings, errors and the final summary");
  app.parse_complete_callback([&g] {
    auto logger = spdlog::stderr_color_mt("qtp");
    spdlog::set_default_logger(logger);
    spdlog::set_pattern("%Y-%m-%d %H:%M:%S %^%l%$ %v");
    spdlog::set_level(g.quiet ? spdlog::level::warn : spdlog::level::from_str(g.log_level));
  });

  qtp::cli::AddInitCommand(app, g);
  qtp::cli::AddSimulateCommand(app, g);
  qtp::cli::AddImportCommand(app, g);
  qtp::cli::AddIngestCommand(app, g);
  qtp::cli::AddRefreshCommand(app, g);
  qtp::cli::AddProvidersCommand(app, g);
  qtp::cli::AddCleanCommand(app, g);
  qtp::cli::AddFeaturesCommand(app, g);
  qtp::cli::AddEdaCommand(app, g);
  qtp::cli::AddSelectCommand(app, g);
  qtp::cli::AddModelCommands(app, g);
  qtp::cli::AddCostsCommand(app, g);
  qtp::cli::AddBacktestCommand(app, g);
  qtp::cli::AddValidateCommand(app, g);
  qtp::cli::AddMetricsCommand(app, g);
  qtp::cli::AddVerifyCommand(app, g);
  qtp::cli::AddQueryCommand(app, g);
  qtp::cli::AddStatusCommand(app, g);
  qtp::cli::AddServeCommand(app, g);
  qtp::cli::AddDailyCommand(app, g);
  qtp::cli::AddMonitorCommand(app, g);
  qtp::cli::AddRunsCommand(app, g);
  qtp::cli::AddPublishCommand(app, g);
  qtp::cli::AddDbCommand(app, g);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return g.exit_code;
}
