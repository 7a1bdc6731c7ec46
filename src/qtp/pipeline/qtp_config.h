// The whole configuration of a qtp project: every stage's Params, assembled into one YAML tree
// (config/default.yaml), plus the system limits (config/system_limits.yaml).
#pragma once

#include <string>

#include "qtp/backtest/backtest_params.h"
#include "qtp/config/data_sources.h"
#include "qtp/config/section.h"
#include "qtp/config/system_limits.h"
#include "qtp/core/status.h"
#include "qtp/data/clean/clean_params.h"
#include "qtp/data/providers/refresh_schedule.h"
#include "qtp/data/simulate/params.h"
#include "qtp/eda/eda_params.h"
#include "qtp/features/feature_params.h"
#include "qtp/models/model_params.h"
#include "qtp/monitor/monitor_params.h"
#include "qtp/pipeline/production_params.h"
#include "qtp/universe/select_params.h"
#include "qtp/validation/validation_params.h"

namespace qtp {

struct QtpConfig {
  sim::SimulatorParams simulate;
  clean::CleanParams clean;
  features::FeatureParams features;
  universe::SelectParams select;
  eda::EdaParams eda;
  ProductionParams production;
};

// Declares every section of config/default.yaml.
void DescribeAll(config::Section& root, QtpConfig& cfg);

struct ProjectConfig {
  QtpConfig stages;
  config::SystemLimits limits;
  models::ModelParams models;  // config/models.yaml
  std::string models_yaml;     // its effective values, as `qtp train` snapshots them
  backtest::ExecutionConfig execution;  // config/execution.yaml
  std::string execution_yaml;           // its effective values
  validation::ValidationParams validation;  // config/validation.yaml
  std::string validation_yaml;              // its effective values
  config::DataSources sources;              // config/data_sources.yaml
  providers::RefreshSchedule refresh;       // config/refresh.yaml
  monitor::MonitoringParams monitoring;     // config/monitoring.yaml
  std::string config_path;    // the file loaded, or "" for built-in defaults
  std::string snapshot_yaml;  // every effective value, as written to runs/<id>/config.yaml
};

// Project root of a data dir: its parent folder (./data → .).
std::string ProjectRootOf(const std::string& data_dir);
// Loads `explicit_config` (error if missing) or else <root>/config/default.yaml if it exists, and
// <root>/config/system_limits.yaml, models.yaml, execution.yaml, validation.yaml, data_sources.yaml,
// refresh.yaml and monitoring.yaml if they exist; built-in defaults otherwise.
Result<ProjectConfig> LoadProjectConfig(const std::string& project_root, const std::string& explicit_config);
// config/default.yaml as `qtp init` writes it (all defaults, commented).
Result<std::string> DefaultConfigYaml();

}  // namespace qtp
