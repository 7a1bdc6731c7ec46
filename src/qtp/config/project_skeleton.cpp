#include "qtp/config/project_skeleton.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "qtp/config/config_io.h"
#include "qtp/config/data_sources.h"
#include "qtp/config/success_metrics.h"
#include "qtp/config/system_limits.h"
#include "qtp/core/file_util.h"

namespace qtp::config {

namespace {

constexpr const char* kSuccessMetricsHeader =
    "qtp success metrics: the bar a strategy must clear OUT OF SAMPLE, portfolio metrics AFTER COSTS.\n"
    "Definitions and the reasons behind each default: docs/project_objectives.md.\n"
    "Validated on load: unknown keys, wrong types and out-of-range values are errors.";

constexpr const char* kSystemLimitsHeader =
    "qtp system limits: hard caps, enforced (a run that would pass one stops with an error naming it).\n"
    "Storage is checked before every store write, runtime between units of work, API calls before each\n"
    "request. See docs/constraints.md.";

constexpr const char* kDataSourcesHeader =
    "qtp data sources: which market-data providers to use, in which order, and how politely.\n"
    "SECRETS NEVER GO IN THIS FILE. credential_env lists the NAMES of environment variables; export\n"
    "them in your shell (e.g. export APCA_API_KEY_ID=...). With none set, qtp uses `simulated`.";

}  // namespace

Result<std::string> DefaultSuccessMetricsYaml() {
  SuccessMetrics metrics;
  return WriteYaml([&](Section& root) { DescribeParams(root, metrics); }, kSuccessMetricsHeader);
}

Result<std::string> DefaultSystemLimitsYaml() {
  SystemLimits limits;
  return WriteYaml([&](Section& root) { DescribeParams(root, limits); }, kSystemLimitsHeader);
}

Result<std::string> DefaultDataSourcesYaml() {
  DataSources sources;
  return WriteYaml([&](Section& root) { DescribeParams(root, sources); }, kDataSourcesHeader);
}

const std::vector<std::string>& SkeletonFiles() {
  static const std::vector<std::string> kFiles = {
      "config/default.yaml",         "config/models.yaml",          "config/execution.yaml",
      "config/validation.yaml",      "config/success_metrics.yaml", "config/system_limits.yaml",
      "config/data_sources.yaml",    "config/refresh.yaml",         "config/monitoring.yaml",
      "docs/project_objectives.md",  "docs/constraints.md",         "docs/architecture.md"};
  return kFiles;
}

Status WriteProjectSkeleton(const std::string& project_root, const StageConfigTexts& stages, bool overwrite) {
  QTP_ASSIGN_OR_RETURN(std::string success_metrics, DefaultSuccessMetricsYaml());
  QTP_ASSIGN_OR_RETURN(std::string system_limits, DefaultSystemLimitsYaml());
  QTP_ASSIGN_OR_RETURN(std::string data_sources, DefaultDataSourcesYaml());
  const std::vector<std::string> contents = {stages.default_yaml,
                                             stages.models_yaml,
                                             stages.execution_yaml,
                                             stages.validation_yaml,
                                             std::move(success_metrics),
                                             std::move(system_limits),
                                             std::move(data_sources),
                                             stages.refresh_yaml,
                                             stages.monitoring_yaml,
                                             std::string(ProjectObjectivesMarkdown()),
                                             std::string(ConstraintsMarkdown()),
                                             std::string(ArchitectureMarkdown())};
  const std::vector<std::string>& files = SkeletonFiles();
  const std::filesystem::path root(project_root);

  if (!overwrite) {
    std::vector<std::string> existing;
    for (const std::string& file : files) {
      std::error_code ec;
      if (std::filesystem::exists(root / file, ec) || ec) existing.push_back((root / file).string());
    }
    if (!existing.empty()) {
      return Status::AlreadyExists(fmt::format("init would overwrite {} (nothing was written; allow overwriting to "
                                               "replace them)",
                                               fmt::join(existing, ", ")));
    }
  }
  for (const char* dir : {"config", "docs", "data/universe"}) {
    QTP_RETURN_IF_ERROR(MakeDirs((root / dir).string()));
  }
  for (size_t i = 0; i < files.size(); ++i) {
    QTP_RETURN_IF_ERROR(AtomicWriteFile((root / files[i]).string(), contents[i]));
  }
  return Status::OK();
}

}  // namespace qtp::config
