// The frame every store-changing command runs in: config load, runtime budget, run record
// (run ID, config snapshot, input hashes, metrics, history), write-locked store, summary output.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "qtp/config/system_limits.h"
#include "qtp/data/ingest/ingestor.h"
#include "qtp/pipeline/progress.h"
#include "qtp/pipeline/run_record.h"

namespace qtp::cli {

struct CommandContext {
  CommandContext(Globals& globals, ProjectConfig cfg) : g(globals), config(std::move(cfg)), budget(config.limits) {}

  Globals& g;
  ProjectConfig config;
  config::RuntimeBudget budget;
  std::vector<std::pair<std::string, std::string>> args;          // set before OpenWriteStore()
  std::vector<std::pair<std::string, std::string>> input_hashes;  // set before OpenWriteStore()
  // The datasets the command reads; their manifest entries are hashed into the run ID. Empty =
  // the whole manifest (commands that merge into what is stored). A derived stage lists only its
  // inputs, so re-running it on unchanged inputs reproduces its run ID and hence its outputs.
  std::vector<const TableSpec*> input_datasets;
  std::string summary;                                            // printed after success

  // The progress callback of a per-item stage: updates `progress` and stops the stage when the
  // runtime budget is spent.
  std::function<Status(size_t done, size_t total)> StageProgress(Progress& progress) {
    return [this, &progress](size_t done, size_t total) {
      progress.Update(done, total);
      return budget.Check();
    };
  }

  // Starts the run record (its ID hashes the command, args, config, the store's current manifest
  // and input_hashes) and opens the store for writing under that run ID. Call once.
  Result<Store*> OpenWriteStore();

  std::string command;
  std::unique_ptr<Store> store;
  std::optional<RunRecord> record;
};

// A date for metrics.json: YYYY-MM-DD, or "" when there is none.
inline std::string DateText(DateDays date) { return date == kNullDate ? "" : FormatDate(date); }

using CommandBody = std::function<Result<nlohmann::ordered_json>(CommandContext&)>;

// Runs `body`, records metrics (or the failure) in the run record, prints the summary, the run ID
// and where its record is, and returns the process exit code.
int RunCommand(Globals& g, const std::string& command, const CommandBody& body);

}  // namespace qtp::cli
