#include "qtp/pipeline/qtp_config.h"

#include <filesystem>

#include "qtp/config/config_io.h"
#include "qtp/postgres/url.h"

namespace qtp {

void DescribeAll(config::Section& root, QtpConfig& cfg) {
  sim::DescribeParams(root.Child("simulate", "The simulated market (qtp simulate; docs/simulated_market.md)"),
                      cfg.simulate);
  clean::DescribeParams(root.Child("clean", "Cleaning rules (qtp clean; docs/cleaning.md)"), cfg.clean);
  features::DescribeParams(root.Child("features", "Daily features (qtp features; docs/features.md)"), cfg.features);
  universe::DescribeParams(root.Child("select", "Top-K universe selection (qtp select; docs/selection.md)"),
                           cfg.select);
  eda::DescribeParams(root.Child("eda", "Feature EDA: IC, stability, redundancy, reports (qtp eda)"), cfg.eda);
  DescribeParams(root.Child("production", "The daily job, publishing and alerts (qtp daily, qtp publish; "
                                          "docs/production.md)"),
                 cfg.production);
}

std::string ProjectRootOf(const std::string& data_dir) {
  const std::filesystem::path abs = std::filesystem::absolute(data_dir).lexically_normal();
  const std::filesystem::path dir = abs.has_filename() ? abs : abs.parent_path();
  return dir.parent_path().string();
}

Result<ProjectConfig> LoadProjectConfig(const std::string& project_root, const std::string& explicit_config) {
  ProjectConfig pc;
  auto describe = [&pc](config::Section& root) { DescribeAll(root, pc.stages); };
  std::string path = explicit_config;
  if (path.empty()) {
    const std::string candidate = project_root + "/config/default.yaml";
    if (std::filesystem::exists(candidate)) path = candidate;
  }
  if (!path.empty()) {
    QTP_RETURN_IF_ERROR(config::LoadYamlFile(path, describe));
    pc.config_path = path;
  }
  QTP_RETURN_IF_ERROR(pc.stages.simulate.Validate());
  const std::string limits_path = project_root + "/" + config::kSystemLimitsFile;
  if (std::filesystem::exists(limits_path)) QTP_RETURN_IF_ERROR(config::LoadParamsFile(limits_path, pc.limits));
  const std::string models_path = project_root + "/" + models::kModelsFile;
  if (std::filesystem::exists(models_path)) QTP_RETURN_IF_ERROR(config::LoadParamsFile(models_path, pc.models));
  QTP_ASSIGN_OR_RETURN(pc.models_yaml, config::ParamsYaml(pc.models, "effective models configuration"));
  const std::string execution_path = project_root + "/" + backtest::kExecutionFile;
  if (std::filesystem::exists(execution_path)) {
    QTP_RETURN_IF_ERROR(config::LoadParamsFile(execution_path, pc.execution));
  }
  QTP_ASSIGN_OR_RETURN(pc.execution_yaml, config::ParamsYaml(pc.execution, "effective execution configuration"));
  const std::string validation_path = project_root + "/" + validation::kValidationFile;
  if (std::filesystem::exists(validation_path)) {
    QTP_RETURN_IF_ERROR(config::LoadParamsFile(validation_path, pc.validation));
    QTP_RETURN_IF_ERROR(pc.validation.Validate().WithContext(validation_path));
  }
  QTP_ASSIGN_OR_RETURN(pc.validation_yaml, config::ParamsYaml(pc.validation, "effective validation configuration"));
  const std::string sources_path = project_root + "/config/data_sources.yaml";
  if (std::filesystem::exists(sources_path)) QTP_RETURN_IF_ERROR(config::LoadParamsFile(sources_path, pc.sources));
  const std::string refresh_path = project_root + "/" + providers::kRefreshFile;
  if (std::filesystem::exists(refresh_path)) {
    QTP_RETURN_IF_ERROR(config::LoadParamsFile(refresh_path, pc.refresh));
    QTP_RETURN_IF_ERROR(pc.refresh.Validate());
  }
  const std::string monitoring_path = project_root + "/" + monitor::kMonitoringFile;
  if (std::filesystem::exists(monitoring_path)) {
    QTP_RETURN_IF_ERROR(config::LoadParamsFile(monitoring_path, pc.monitoring));
    QTP_RETURN_IF_ERROR(pc.monitoring.Validate().WithContext(monitoring_path));
  }
  // The snapshot (runs/<id>/config.yaml) shows production.postgres_url without its password.
  QtpConfig shown = pc.stages;
  shown.production.postgres_url = pg::RedactConnectionString(shown.production.postgres_url);
  QTP_ASSIGN_OR_RETURN(std::string stages_yaml,
                       config::WriteYaml([&shown](config::Section& root) { DescribeAll(root, shown); },
                                         "effective configuration of this run"));
  QTP_ASSIGN_OR_RETURN(std::string limits_yaml, config::ParamsYaml(pc.limits, "effective system limits"));
  // Credential variables appear by NAME only; their values never reach a snapshot.
  QTP_ASSIGN_OR_RETURN(std::string sources_yaml, config::ParamsYaml(pc.sources, "effective data sources"));
  QTP_ASSIGN_OR_RETURN(std::string refresh_yaml, config::ParamsYaml(pc.refresh, "effective refresh schedule"));
  QTP_ASSIGN_OR_RETURN(std::string monitoring_yaml,
                       config::ParamsYaml(pc.monitoring, "effective monitoring configuration"));
  pc.snapshot_yaml = stages_yaml + "\n" + limits_yaml + "\n" + pc.models_yaml + "\n" + pc.execution_yaml + "\n" +
                     pc.validation_yaml + "\n" + sources_yaml + "\n" + refresh_yaml + "\n" + monitoring_yaml;
  return pc;
}

Result<std::string> DefaultConfigYaml() {
  QtpConfig defaults;
  return config::WriteYaml([&defaults](config::Section& root) { DescribeAll(root, defaults); },
                           "qtp configuration: every parameter of every stage, with retail defaults.\n"
                           "Unknown keys, wrong types and out-of-range values are errors naming file, key and line.");
}

}  // namespace qtp
