#include <cstdio>
#include <filesystem>
#include <vector>

#include "cli.h"
#include "qtp/backtest/backtest_params.h"
#include "qtp/config/project_skeleton.h"
#include "qtp/data/providers/refresh_schedule.h"
#include "qtp/models/model_params.h"
#include "qtp/monitor/monitor_params.h"
#include "qtp/validation/validation_params.h"

namespace qtp::cli {

void AddInitCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("init", "Write config/, data/universe/ and docs/ skeletons into the project root "
                                          "(the data dir's parent)");
  static bool force = false;
  cmd->add_flag("--force", force, "Overwrite existing files");
  cmd->callback([&g] {
    const std::string root = ProjectRootOf(g.data_dir);
    // One generator per stage config file, in StageConfigTexts' order.
    std::vector<std::string> texts;
    for (Result<std::string> text : {DefaultConfigYaml(), models::DefaultModelsYaml(), backtest::DefaultExecutionYaml(),
                                     validation::DefaultValidationYaml(), providers::DefaultRefreshYaml(),
                                     monitor::DefaultMonitoringYaml()}) {
      if (!text.ok()) {
        g.exit_code = Fail(text.status());
        return;
      }
      texts.push_back(std::move(text).value());
    }
    const Status status =
        config::WriteProjectSkeleton(root, {texts[0], texts[1], texts[2], texts[3], texts[4], texts[5]}, force);
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
