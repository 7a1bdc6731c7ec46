// Every command that changes the store is a run: it gets a run ID and leaves, next to its outputs,
// runs/<run_id>/ with the config snapshot, the command and arguments, the input hashes and the
// metrics. The run ID is derived from those inputs (not the clock), so the same command on the
// same data with the same config writes byte-identical outputs; each invocation's wall-clock
// times are appended to runs/<run_id>/history.jsonl instead.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "qtp/core/status.h"

namespace qtp {

struct RunInputs {
  std::string command;                                      // "simulate", "import", "clean"
  std::vector<std::pair<std::string, std::string>> args;    // canonical argument values
  std::string config_yaml;                                  // effective configuration
  std::vector<std::pair<std::string, std::string>> input_hashes;  // name → sha256 (manifest, files)
};

class RunRecord {
 public:
  // Computes the run ID and writes runs/<id>/{run.json,config.yaml}.
  static Result<RunRecord> Start(const std::string& data_dir, RunInputs inputs);

  const std::string& run_id() const { return run_id_; }
  // Writes runs/<id>/metrics.json (deterministic content) and appends a history line with the
  // invocation's start/end time and outcome.
  Status Finish(const nlohmann::ordered_json& metrics, const Status& outcome);

 private:
  std::string data_dir_;
  std::string run_id_;
  std::string dir_;
  std::chrono::system_clock::time_point started_;
};

// The most recent `n` runs by their history (newest first), for `qtp status`.
std::vector<nlohmann::json> RecentRuns(const std::string& data_dir, size_t n);

// run.json of the latest run of `command` whose last invocation succeeded (by its finish time), or
// nullopt when there is none: what `qtp daily` extends the simulated market with.
std::optional<nlohmann::json> LatestSuccessfulRun(const std::string& data_dir, const std::string& command);

}  // namespace qtp
