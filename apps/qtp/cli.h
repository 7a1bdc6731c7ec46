// Shared state of the qtp command line: global options and the helpers every command uses.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "qtp/config/data_sources.h"
#include "qtp/core/status.h"
#include "qtp/core/time.h"
#include "qtp/data/store/store.h"
#include "qtp/monitor/alerts.h"
#include "qtp/pipeline/qtp_config.h"
#include "qtp/validation/run_validate.h"

namespace qtp::cli {

struct Globals {
  std::string data_dir = "data";
  std::string config_file;
  std::string log_level = "info";
  bool quiet = false;
  int exit_code = 0;
};

// Prints "error: <message>" to stderr and returns the exit code for `status` (2 for usage and
// input errors, 1 otherwise).
int Fail(const Status& status);
Result<ProjectConfig> LoadConfig(const Globals& g);
Result<std::unique_ptr<Store>> OpenStore(const Globals& g, StoreMode mode, const std::string& run_id,
                                         const config::SystemLimits& limits);

// The environment plus <project root>/.env, for provider credentials and base URLs.
Result<config::EnvLookup> ProviderEnv(const Globals& g);
// Today's date in New York (the exchange's date).
DateDays TodayInNewYork();
// monitoring.alerts of the config; the alert webhook: QTP_ALERT_WEBHOOK, else production.alert_webhook.
AlertPolicy AlertPolicyOf(const ProjectConfig& config);
std::string AlertWebhook(const ProjectConfig& config);
// A --start/--end style option: empty means no bound (kNullDate), anything else must be YYYY-MM-DD.
Result<DateDays> OptionalDate(const std::string& text);
// qtp validate's options from the configuration: `params` and `models` (validated here), the execution
// config, the effective YAML snapshot and PATH (for gnuplot).
Result<validation::ValidateOptions> ValidateOptionsOf(const ProjectConfig& config,
                                                      const validation::ValidationParams& params,
                                                      const models::ModelParams& models);

// One per command, in the order `qtp --help` lists them.
void AddInitCommand(CLI::App& app, Globals& g);
void AddSimulateCommand(CLI::App& app, Globals& g);
void AddImportCommand(CLI::App& app, Globals& g);
// qtp ingest, qtp refresh (cmd_ingest.cpp); qtp providers check (cmd_providers.cpp)
void AddIngestCommand(CLI::App& app, Globals& g);
void AddRefreshCommand(CLI::App& app, Globals& g);
void AddProvidersCommand(CLI::App& app, Globals& g);
void AddCleanCommand(CLI::App& app, Globals& g);
void AddFeaturesCommand(CLI::App& app, Globals& g);
void AddEdaCommand(CLI::App& app, Globals& g);
void AddSelectCommand(CLI::App& app, Globals& g);
// train, predict, models, retrain (cmd_models.cpp)
void AddModelCommands(CLI::App& app, Globals& g);
// qtp costs, qtp backtest (cmd_backtest.cpp)
void AddCostsCommand(CLI::App& app, Globals& g);
void AddBacktestCommand(CLI::App& app, Globals& g);
void AddValidateCommand(CLI::App& app, Globals& g);
// qtp metrics (cmd_metrics.cpp)
void AddMetricsCommand(CLI::App& app, Globals& g);
void AddVerifyCommand(CLI::App& app, Globals& g);
void AddQueryCommand(CLI::App& app, Globals& g);
void AddStatusCommand(CLI::App& app, Globals& g);
// qtp serve (cmd_serve.cpp)
void AddServeCommand(CLI::App& app, Globals& g);
// qtp daily, qtp runs (cmd_daily.cpp)
void AddDailyCommand(CLI::App& app, Globals& g);
void AddMonitorCommand(CLI::App& app, Globals& g);
void AddRunsCommand(CLI::App& app, Globals& g);
// qtp publish, qtp db migrate|status (cmd_publish.cpp)
void AddPublishCommand(CLI::App& app, Globals& g);
void AddDbCommand(CLI::App& app, Globals& g);

}  // namespace qtp::cli
