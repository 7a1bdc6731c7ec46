#include "run_command.h"

#include <cstdio>
#include <filesystem>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "qtp/core/file_util.h"
#include "qtp/data/store/manifest.h"
#include "qtp/data/store/paths.h"

namespace qtp::cli {

Result<Store*> CommandContext::OpenWriteStore() {
  RunInputs inputs;
  inputs.command = command;
  inputs.args = args;
  inputs.config_yaml = config.snapshot_yaml;
  const std::string manifest_path = paths::Join(g.data_dir, paths::kManifestFile);
  std::string inputs_sha = "none";
  if (std::filesystem::exists(manifest_path)) {
    QTP_ASSIGN_OR_RETURN(std::string text, ReadFile(manifest_path));
    if (input_datasets.empty()) {
      inputs_sha = Sha256Hex(text);
    } else {
      QTP_ASSIGN_OR_RETURN(Manifest manifest, Manifest::FromJson(text, manifest_path));
      std::string listing;
      for (const auto& [path, e] : manifest.entries) {
        for (const TableSpec* spec : input_datasets) {
          if (e.dataset == spec->name) listing += path + " " + e.sha256 + "\n";
        }
      }
      inputs_sha = Sha256Hex(listing);
    }
  }
  inputs.input_hashes.push_back({input_datasets.empty() ? "store_manifest" : "input_datasets", inputs_sha});
  inputs.input_hashes.insert(inputs.input_hashes.end(), input_hashes.begin(), input_hashes.end());
  QTP_RETURN_IF_ERROR(MakeDirs(g.data_dir));
  QTP_ASSIGN_OR_RETURN(RunRecord started, RunRecord::Start(g.data_dir, std::move(inputs)));
  record = std::move(started);
  QTP_ASSIGN_OR_RETURN(store, OpenStore(g, StoreMode::kWrite, record->run_id(), config.limits));
  spdlog::info("{}: run {} on {}", command, record->run_id(), g.data_dir);
  return store.get();
}

int RunCommand(Globals& g, const std::string& command, const CommandBody& body) {
  auto config = LoadConfig(g);
  if (!config.ok()) return Fail(config.status());
  CommandContext ctx(g, std::move(*config));
  ctx.command = command;
  Result<nlohmann::ordered_json> metrics = body(ctx);
  Status outcome = metrics.status();
  if (outcome.ok()) outcome = ctx.budget.Check();
  if (ctx.record) {
    nlohmann::ordered_json m = metrics.ok() ? *metrics : nlohmann::ordered_json::object();
    const Status recorded = ctx.record->Finish(m, outcome);
    if (!recorded.ok()) spdlog::warn("could not complete the run record: {}", recorded.ToString());
  }
  if (!outcome.ok()) return Fail(outcome);
  std::fputs(ctx.summary.c_str(), stdout);
  if (ctx.record) {
    std::printf("  run %s: %s/\n", ctx.record->run_id().c_str(),
                paths::Join(g.data_dir, fmt::format("{}/{}", paths::kRunsDir, ctx.record->run_id())).c_str());
  }
  return 0;
}

}  // namespace qtp::cli
