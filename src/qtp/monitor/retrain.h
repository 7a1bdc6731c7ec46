// `qtp retrain`, `qtp models promote` and `qtp models rollback` (docs/monitoring.md, "Retraining").
//
// retrain on D: due when the schedule says so (retrain_policy.h), a monitor alert triggers it, or forced. If
// not due it records a skip. Otherwise it trains a challenger with models::RunTrain on the feature days up to
// D (config/models.yaml, the champion untouched), then compares the champion's primary model (production.model,
// or the best out-of-sample rank IC of the champion set) with the challenger's model of the same name on the
// days after the champion's data_last up to D whose forward return is known by D: the champion's live scores
// there (predicted now when the daily job has not) against the challenger's walk-forward test scores — both
// out of sample. Earlier days are left out on purpose: there the challenger's walk-forward repeats the
// champion's own folds on the same data, which only pulls the two means together. The challenger is promoted
// when it passes every gate (ChallengerGates, then with retrain.strategy_gates qtp validate's gates on the data
// up to D) and retrain.auto_promote is on; otherwise it stays registered.
// Every decision becomes a row of model_decisions (retrain_columns.h).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "qtp/core/status.h"
#include "qtp/data/store/store.h"
#include "qtp/eda/daily_stats.h"
#include "qtp/models/run_train.h"
#include "qtp/monitor/monitor_params.h"
#include "qtp/monitor/retrain_policy.h"
#include "qtp/validation/run_validate.h"
#include "qtp/validation/validation_params.h"

namespace qtp::monitor {

// The champion's and the challenger's mean daily rank IC over their common out-of-sample days.
struct OosComparison {
  DateDays first = kNullDate;
  DateDays last = kNullDate;
  size_t days = 0;
  double champion_rank_ic = kNaN;
  double challenger_rank_ic = kNaN;
};

// One row of model_decisions (see retrain_columns.h for each field).
struct Decision {
  DateDays as_of = kNullDate;
  std::string decision;
  std::string reason;
  std::vector<std::string> champion_models;
  std::vector<std::string> champion_after;
  std::vector<std::string> challenger_models;
  std::string champion_id;
  std::string challenger_id;
  std::string schedule;
  bool schedule_due = false;
  std::vector<RetrainTrigger> triggers;
  bool forced = false;
  OosComparison comparison;
  double min_improvement = kNaN;
  double challenger_min_fold_ic = kNaN;
  double min_fold_ic = kNaN;
  std::vector<GateCheck> gates;
  std::string failed_gate;
};

nlohmann::ordered_json DecisionJson(const Decision& d);
// "decision reject (as-of 2024-03-28) challenger ridge-h1-… vs champion ridge-h1-…: <reason>", the run's
// output line (a challenger decision lists the whole challenger set).
std::string DecisionLine(const Decision& d);
// Appends `decisions` to model_decisions under `run_id` and commits the store (open for writing).
Status RecordDecisions(Store& store, const std::string& run_id, const std::vector<Decision>& decisions);

// The mean daily rank IC of two models' stored predictions (split walk_forward or live) against the
// close-to-close return of bars_1d over `horizon` days, on the days in (after, as_of] where both have one
// and the forward close is on or before as_of (no return after as_of is read). A day counts with at least
// `min_names` scored names.
Result<OosComparison> CompareOutOfSample(const Store& store, const std::string& champion_id,
                                         const std::string& challenger_id, int horizon, DateDays after, DateDays as_of,
                                         size_t min_names);

struct RetrainOptions {
  DateDays as_of = kNullDate;  // kNullDate: the latest feature day
  bool force = false;
  RetrainParams policy;
  validation::GateParams gates;
  size_t min_compare_days = 20;          // monitoring.yaml decay.min_days
  double alert_feature_share = 0.25;     // monitoring.yaml drift.alert_feature_share
  std::string primary_setting = "auto";  // production.model
  models::TrainOptions train;            // params, config_yaml, run_id, path_env; last_date and challenger are set
  // policy.strategy_gates: params, execution, config_yaml and path_env of qtp validate (the models, run_id and
  // last_date are set from train and the as-of).
  validation::ValidateOptions validation;
};

struct RetrainOutcome {
  std::vector<Decision> decisions;  // skip; or challenger then promote, hold or reject
  // Not forced, and the as-of already has a verdict for this champion: nothing was done or recorded. The
  // verdict (promote, hold, reject); "" otherwise.
  std::string already_decided;
  bool trained = false;
  models::TrainSummary train;
};

// `store` open for writing. Records the decisions (RecordDecisions) before returning. Unless forced, an as-of
// whose champion already has a verdict is not judged again (the same inputs give the same verdict): a retried
// daily job's retrain trains nothing.
Result<RetrainOutcome> RunRetrain(Store& store, const RetrainOptions& options, const eda::DayProgressFn& progress);

// `qtp models promote ID`: makes the champion the challenger set ID was trained in (a challenger decision
// lists it), or else ID with its ensemble members; "challenger" names the latest challenger set. Records a
// manual_promote decision dated `today` (also when ID is the champion already: nothing changes).
Result<Decision> PromoteModel(Store& store, const std::string& id, const std::string& run_id, DateDays today);
// `qtp models rollback`: restores the champion before the latest change still in effect (models/champion.h)
// and records a rollback decision. NotFound when there is nothing to roll back to.
Result<Decision> RollbackChampion(Store& store, const std::string& run_id, DateDays today);

}  // namespace qtp::monitor
