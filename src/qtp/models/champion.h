// The champion: the model set in <data>/models/current.json that `qtp predict` and the daily job use, and
// the history of its changes that lets `qtp models rollback` restore the previous one.
// <data>/models/champion_history.json lists every change, oldest first: `qtp train` (it makes its models the
// champion), a promotion (`qtp retrain` with retrain.auto_promote, `qtp models promote`) and a rollback. It is
// rewritten whole and atomically before current.json is: a crash between the two leaves a history whose last
// entry is not current.json, which RollbackTarget refuses to guess about.
#pragma once

#include <string>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/models/registry.h"

namespace qtp::models {

struct ChampionChange {
  std::string action;                 // train, promote, rollback
  std::vector<std::string> models;    // current.json after the change
  std::vector<std::string> previous;  // current.json before it (empty: there was none)
  std::string run_id;                 // the run that made it (its record: runs/<run_id>/)
};

std::string ChampionHistoryPath(const std::string& data_dir);
// Empty when no change was ever recorded.
Result<std::vector<ChampionChange>> ReadChampionHistory(const std::string& data_dir);
// Makes `model_ids` the champion: records the change, then writes current.json. Nothing happens when
// current.json already lists exactly them (re-running a command changes no history).
Status SetChampion(const std::string& data_dir, const std::vector<std::string>& model_ids, const std::string& action,
                   const std::string& run_id);
// The champion a rollback restores: the history replayed as an undo stack (train and promote push the set
// they replaced, rollback pops one), so rolling back twice goes back two changes. NotFound when there is
// nothing to go back to; InvalidArgument when current.json is not the last recorded champion (edited by hand).
Result<std::vector<std::string>> RollbackTarget(const std::vector<ChampionChange>& history,
                                                const std::vector<std::string>& current);

// The primary model among `ranked` (the champion's models, or those ranked on a day): `setting` is
// production.model, a model_id (which must be among them) or "auto" = the best out-of-sample mean daily rank
// IC of the registry summary (summary.mean_rank_ic), ties and models without one broken by model_id.
Result<std::string> PrimaryModel(const std::vector<RegisteredModel>& ranked, const std::string& setting);

}  // namespace qtp::models
