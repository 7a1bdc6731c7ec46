#include "qtp/models/champion.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "qtp/core/file_util.h"

namespace qtp::models {

std::string ChampionHistoryPath(const std::string& data_dir) {
  return RegistryDir(data_dir) + "/champion_history.json";
}

Result<std::vector<ChampionChange>> ReadChampionHistory(const std::string& data_dir) {
  const std::string path = ChampionHistoryPath(data_dir);
  std::vector<ChampionChange> history;
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return history;
  try {
    // Parsed into a local: a range-for over a member of a temporary would outlive the temporary.
    const nlohmann::ordered_json file = nlohmann::ordered_json::parse(*text);
    for (const nlohmann::ordered_json& j : file.at("changes")) {
      history.push_back({j.at("action").get<std::string>(), j.at("models").get<std::vector<std::string>>(),
                         j.at("previous").get<std::vector<std::string>>(), j.at("run_id").get<std::string>()});
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(fmt::format("{}: {}", path, e.what()));
  }
  return history;
}

Status SetChampion(const std::string& data_dir, const std::vector<std::string>& model_ids, const std::string& action,
                   const std::string& run_id) {
  std::vector<std::string> previous;
  if (Result<std::vector<std::string>> current = ReadCurrent(data_dir); current.ok()) {
    previous = std::move(*current);
  } else if (current.status().code() != StatusCode::kNotFound) {
    return current.status();
  }
  if (previous == model_ids) return Status::OK();
  QTP_ASSIGN_OR_RETURN(std::vector<ChampionChange> history, ReadChampionHistory(data_dir));
  history.push_back({action, model_ids, previous, run_id});
  nlohmann::ordered_json changes = nlohmann::ordered_json::array();
  for (const ChampionChange& c : history) {
    changes.push_back({{"action", c.action}, {"models", c.models}, {"previous", c.previous}, {"run_id", c.run_id}});
  }
  QTP_RETURN_IF_ERROR(MakeDirs(RegistryDir(data_dir)));
  QTP_RETURN_IF_ERROR(
      AtomicWriteFile(ChampionHistoryPath(data_dir), nlohmann::ordered_json{{"changes", changes}}.dump(1) + "\n"));
  return WriteCurrent(data_dir, model_ids);
}

Result<std::vector<std::string>> RollbackTarget(const std::vector<ChampionChange>& history,
                                                const std::vector<std::string>& current) {
  if (!history.empty() && history.back().models != current) {
    return Status::InvalidArgument(fmt::format(
        "models/current.json ({}) is not the champion the history recorded last ({}): make the one you want the "
        "champion with `qtp models promote ID`",
        fmt::join(current, ", "), fmt::join(history.back().models, ", ")));
  }
  std::vector<std::vector<std::string>> replaced;
  for (const ChampionChange& c : history) {
    if (c.action != "rollback") {
      replaced.push_back(c.previous);
    } else if (!replaced.empty()) {
      replaced.pop_back();
    }
  }
  if (replaced.empty() || replaced.back().empty()) {
    return Status::NotFound("nothing to roll back: no earlier champion is recorded in models/champion_history.json");
  }
  return replaced.back();
}

Result<std::string> PrimaryModel(const std::vector<RegisteredModel>& ranked, const std::string& setting) {
  std::vector<std::string> ids;
  for (const RegisteredModel& m : ranked) ids.push_back(m.model_id);
  std::sort(ids.begin(), ids.end());
  if (ids.empty()) return Status::NotFound("no model is ranked: nothing can be primary");
  if (setting != "auto") {
    if (std::find(ids.begin(), ids.end(), setting) != ids.end()) return setting;
    return Status::InvalidArgument(
        fmt::format("production.model '{}' is not among the models ranked on this date ({}): set it to auto or to "
                    "one of them",
                    setting, fmt::join(ids, ", ")));
  }
  const std::string best = BestByRankIc(ranked);
  return best.empty() ? ids.front() : best;  // no model has a finite IC: the first by model_id
}

}  // namespace qtp::models
