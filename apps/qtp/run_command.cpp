#include "run_command.h"

#include <cstdio>
#include <filesystem>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "qtp/core/file_util.h"
#include "qtp/data/store/paths.h"

namespace qtp::cli {

Result<Store*> CommandContext::OpenWriteStore() {
  RunInputs inputs;
  inputs.command = command;
  inputs.args = args;
  inputs.config_yaml = config.snapshot_yaml;
  const std::string manifest = paths::Join(g.data_dir, paths::kManifestFile);
  std::string manifest_sha = "none";
  if (std::filesystem::exists(manifest)) {
    QTP_ASSIGN_OR_RETURN(manifest_sha, Sha256File(manifest));
  }
  inputs.input_hashes.push_back({"store_manifest", manifest_sha});
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

nlohmann::ordered_json IngestMetrics(const IngestStats& s) {
  nlohmann::ordered_json j;
  j["rows_in"] = s.rows_in;
  j["rows_added"] = s.rows_added;
  j["rows_unchanged"] = s.rows_unchanged;
  j["rows_revised"] = s.rows_revised;
  j["duplicates_exact"] = s.duplicates_exact;
  j["duplicates_conflicting"] = s.duplicates_conflicting;
  j["out_of_order"] = s.out_of_order;
  j["quarantined"] = s.quarantined;
  j["files_written"] = s.files_written;
  return j;
}

}  // namespace qtp::cli
