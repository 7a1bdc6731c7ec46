#include <cstdio>
#include <filesystem>

#include "cli.h"
#include "qtp/backtest/backtest_params.h"
#include "qtp/config/project_skeleton.h"
#include "qtp/models/model_params.h"
#include "qtp/validation/validation_params.h"

namespace qtp::cli {

void AddInitCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("init", "Write config/, data/universe/ and docs/ skeletons into the project root "
                                          "(the data dir's parent)");
  static bool force = false;
  cmd->add_flag("--force", force, "Overwrite existing files");
  cmd->callback([&g] {
    const std::string root = ProjectRootOf(g.data_dir);
    Result<std::string> yaml = DefaultConfigYaml();
    if (!yaml.ok()) {
      g.exit_code = Fail(yaml.status());
      return;
    }
    Result<std::string> models_yaml = models::DefaultModelsYaml();
    if (!models_yaml.ok()) {
      g.exit_code = Fail(models_yaml.status());
      return;
    }
    Result<std::string> execution_yaml = backtest::DefaultExecutionYaml();
    if (!execution_yaml.ok()) {
      g.exit_code = Fail(execution_yaml.status());
      return;
    }
    Result<std::string> validation_yaml = validation::DefaultValidationYaml();
    if (!validation_yaml.ok()) {
      g.exit_code = Fail(validation_yaml.status());
      return;
    }
    const Status status =
        config::WriteProjectSkeleton(root, {*yaml, *models_yaml, *execution_yaml, *validation_yaml}, force);
    if (!status.ok()) {
      g.exit_code = Fail(status);
      return;
    }
    std::printf("init: wrote into %s:\n", root.c_str());
    for (const std::string& f : config::SkeletonFiles()) std::printf("  %s\n", f.c_str());
    std::printf("  data/universe/\n");
  });
}

}  // namespace qtp::cli
