// Runs one qtp command as a child process, for the daily job: each stage is the same command a user
// runs by hand (its run record, its lock on the store, its crash safety), and a stage that crashes
// or runs out of memory takes only its own process down. Output goes to a log file per stage.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "qtp/core/status.h"

namespace qtp {

struct ChildCommand {
  std::string executable;         // the qtp binary
  std::vector<std::string> args;  // after argv[0], e.g. {"--data-dir", "data", "clean"}
  std::string log_path;           // stdout and stderr of the child (truncated first)
};

struct ChildOutcome {
  int exit_code = 0;       // 128 + signal number when a signal ended it
  std::string run_id;      // from the "  run <id>: <dir>/" line every store-changing command prints
  std::string error_line;  // the last "error: ..." line, or the log's last line when there is none
};

// Starts the child (killed if this process dies first), waits for it. An error only when it could
// not be started.
Result<ChildOutcome> RunChild(const ChildCommand& command);

// metrics.json of a run record (runs/<run_id>/metrics.json); an empty object when absent.
nlohmann::json ReadRunMetrics(const std::string& data_dir, const std::string& run_id);

}  // namespace qtp
