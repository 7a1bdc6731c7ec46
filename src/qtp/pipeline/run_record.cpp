#include "qtp/pipeline/run_record.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "qtp/core/file_util.h"
#include "qtp/data/store/paths.h"

namespace qtp {
namespace fs = std::filesystem;
namespace {

// Millisecond precision: `qtp status` orders runs by it, and two short runs often share a second.
std::string IsoNow(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(t)), ms);
}

}  // namespace

Result<RunRecord> RunRecord::Start(const std::string& data_dir, RunInputs inputs) {
  nlohmann::ordered_json run;
  run["command"] = inputs.command;
  nlohmann::ordered_json args = nlohmann::ordered_json::object();
  for (const auto& [k, v] : inputs.args) args[k] = v;
  run["args"] = args;
  run["config_sha256"] = Sha256Hex(inputs.config_yaml);
  nlohmann::ordered_json hashes = nlohmann::ordered_json::object();
  for (const auto& [k, v] : inputs.input_hashes) hashes[k] = v;
  run["input_hashes"] = hashes;
  const std::string identity = run.dump();

  RunRecord record;
  record.data_dir_ = data_dir;
  record.run_id_ = fmt::format("{}-{}", inputs.command, Sha256Hex(identity).substr(0, 12));
  record.dir_ = paths::Join(data_dir, fmt::format("{}/{}", paths::kRunsDir, record.run_id_));
  record.started_ = std::chrono::system_clock::now();
  nlohmann::ordered_json out;
  out["run_id"] = record.run_id_;
  for (auto& [k, v] : run.items()) out[k] = v;
  QTP_RETURN_IF_ERROR(AtomicWriteFile(record.dir_ + "/run.json", out.dump(2) + "\n"));
  QTP_RETURN_IF_ERROR(AtomicWriteFile(record.dir_ + "/config.yaml", inputs.config_yaml));
  return record;
}

Status RunRecord::Finish(const nlohmann::ordered_json& metrics, const Status& outcome) {
  if (outcome.ok()) QTP_RETURN_IF_ERROR(AtomicWriteFile(dir_ + "/metrics.json", metrics.dump(2) + "\n"));
  const auto finished = std::chrono::system_clock::now();
  nlohmann::ordered_json line;
  line["run_id"] = run_id_;
  line["started_at"] = IsoNow(started_);
  line["finished_at"] = IsoNow(finished);
  line["seconds"] = std::chrono::duration<double>(finished - started_).count();
  line["outcome"] = outcome.ok() ? "ok" : outcome.ToString();
  std::ofstream history(dir_ + "/history.jsonl", std::ios::app);
  history << line.dump() << "\n";
  if (!history) return Status::IOError("cannot append to " + dir_ + "/history.jsonl");
  return Status::OK();
}

namespace {

// The last complete line of a run's history.jsonl; nullopt when it has none (a torn last line from
// a crash means that invocation did not finish).
std::optional<nlohmann::json> LastInvocation(const fs::path& run_dir) {
  std::ifstream history(run_dir / "history.jsonl");
  std::string last, line;
  while (std::getline(history, line)) {
    if (!line.empty()) last = line;
  }
  nlohmann::json parsed = nlohmann::json::parse(last, nullptr, false);
  if (!parsed.is_object()) return std::nullopt;
  return parsed;
}

}  // namespace

std::vector<nlohmann::json> RecentRuns(const std::string& data_dir, size_t n) {
  std::vector<nlohmann::json> runs;
  const std::string root = paths::Join(data_dir, paths::kRunsDir);
  if (!fs::exists(root)) return runs;
  for (const auto& dir : fs::directory_iterator(root)) {
    if (std::optional<nlohmann::json> last = LastInvocation(dir.path())) runs.push_back(std::move(*last));
  }
  std::sort(runs.begin(), runs.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    return a.value("finished_at", "") > b.value("finished_at", "");
  });
  if (runs.size() > n) runs.resize(n);
  return runs;
}

std::optional<nlohmann::json> LatestSuccessfulRun(const std::string& data_dir, const std::string& command) {
  const std::string root = paths::Join(data_dir, paths::kRunsDir);
  if (!fs::exists(root)) return std::nullopt;
  std::optional<nlohmann::json> best;
  std::string best_finish;
  for (const auto& dir : fs::directory_iterator(root)) {
    if (dir.path().filename().string().rfind(command + "-", 0) != 0) continue;
    const std::optional<nlohmann::json> last = LastInvocation(dir.path());
    if (!last || last->value("outcome", "") != "ok" || last->value("finished_at", "") <= best_finish) continue;
    Result<std::string> text = ReadFile((dir.path() / "run.json").string());
    if (!text.ok()) continue;
    nlohmann::json run = nlohmann::json::parse(*text, nullptr, false);
    if (!run.is_object() || run.value("command", "") != command) continue;
    best_finish = last->value("finished_at", "");
    best = std::move(run);
  }
  return best;
}

}  // namespace qtp
