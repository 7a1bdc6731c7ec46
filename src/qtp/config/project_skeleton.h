// `qtp init`: the configuration files and documents a new qtp project starts from. The texts are
// compiled into the binary, so init works from any directory without the source tree.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "qtp/core/status.h"

namespace qtp::config {

// The embedded documents; /work/main/docs/ holds identical copies (a test keeps them in step).
std::string_view ProjectObjectivesMarkdown();
std::string_view ConstraintsMarkdown();
std::string_view ArchitectureMarkdown();

// Commented default files for the configs config/ owns (see success_metrics.h, system_limits.h,
// data_sources.h). Internal status only if a declaration is broken.
Result<std::string> DefaultSuccessMetricsYaml();
Result<std::string> DefaultSystemLimitsYaml();
Result<std::string> DefaultDataSourcesYaml();

// Files WriteProjectSkeleton writes, relative to the project root, in writing order:
// config/default.yaml, config/models.yaml, config/execution.yaml, config/validation.yaml,
// config/success_metrics.yaml,
// config/system_limits.yaml, config/data_sources.yaml, docs/project_objectives.md, docs/constraints.md,
// docs/architecture.md.
const std::vector<std::string>& SkeletonFiles();

// The configs owned by stages above this module, as the caller assembles them from the stages'
// DescribeParams.
struct StageConfigTexts {
  std::string default_yaml;    // config/default.yaml
  std::string models_yaml;     // config/models.yaml
  std::string execution_yaml;  // config/execution.yaml
  std::string validation_yaml;  // config/validation.yaml
  std::string refresh_yaml;     // config/refresh.yaml
  std::string monitoring_yaml;  // config/monitoring.yaml
};

// Writes every SkeletonFiles() entry under `project_root` (the stage configs from `stages`) and creates
// data/universe/. Each file is written atomically (temp file + fsync + rename).
// Unless `overwrite`, nothing is written when any of the files already exists: AlreadyExists
// listing all of them. Directories that already exist are fine.
Status WriteProjectSkeleton(const std::string& project_root, const StageConfigTexts& stages, bool overwrite);

}  // namespace qtp::config
