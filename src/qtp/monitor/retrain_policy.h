// The retraining policy of `qtp retrain` (docs/monitoring.md, "Retraining"), as pure functions of their
// inputs: when a retrain is due (schedule, monitor alerts, --force) and whether a challenger may replace the
// champion (the model gates and the out-of-sample margin over the champion).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "qtp/core/bars.h"
#include "qtp/core/table.h"
#include "qtp/core/time.h"
#include "qtp/monitor/monitor_params.h"

namespace qtp::monitor {

// Whether retrain.schedule makes a retrain due on `as_of` for a champion whose training saw feature days up
// to `champion_data_last`: monthly — that day is in an earlier calendar month than as_of; weekly — in an
// earlier week (weeks start on Monday, as ISO weeks do); never — not by the schedule.
bool ScheduleDue(const std::string& schedule, DateDays champion_data_last, DateDays as_of);

struct RetrainTrigger {
  std::string source;          // drift, decay
  DateDays as_of = kNullDate;  // the monitor run's as-of that raised it
  std::string detail;          // "3 of 40 features (ret_5d, …)", "prediction ridge-h1-… ks", "model ridge-h1-…"
};

// The monitor alerts that trigger a retrain on `as_of`. `drift` and `decay` hold rows of monitor_drift and
// monitor_decay (any as-of). Of each, only the latest as-of ≤ as_of counts, and only when it is after the
// champion's data_last (an older alert was about data the champion trained on, or a champion since replaced);
// of its rows, those with status alert: features when at least `alert_feature_share` of them are at alert level
// (drift.alert_feature_share, the monitor's own rule), or prediction drift of a champion model (with
// retrain.on_drift); decay of a champion model (with retrain.on_decay).
std::vector<RetrainTrigger> AlertTriggers(const Table& drift, const Table& decay, const RetrainParams& policy,
                                          double alert_feature_share, const std::vector<std::string>& champion_ids,
                                          DateDays champion_data_last, DateDays as_of);

// "drift 2024-03-04 feature ret_5d psi; decay 2024-03-04 model m" (empty: none).
std::string TriggersText(const std::vector<RetrainTrigger>& triggers);

// The challenger and the champion, compared.
struct ChallengerEvidence {
  bool leak_suspect = false;       // `qtp train`'s leak check flagged the challenger's model
  double min_fold_rank_ic = kNaN;  // its worst walk-forward test fold mean rank IC (NaN: a fold has none)
  size_t compare_days = 0;         // common out-of-sample days of the two models
  double champion_rank_ic = kNaN;  // mean daily rank IC over those days
  double challenger_rank_ic = kNaN;
};

struct GateCheck {
  std::string name;
  double value = kNaN;
  double threshold = kNaN;
  bool passed = false;
};

// The gates in the order they are reported, each against its threshold:
//   no_leak              leak_suspect is false (value 1 when flagged, threshold 0)
//   min_fold_ic          min_fold_rank_ic ≥ min_fold_ic (config/validation.yaml gates.min_fold_ic)
//   compare_days         compare_days ≥ min_compare_days (monitoring.yaml decay.min_days: fewer realized
//                        days say nothing about a mean daily IC)
//   rank_ic_improvement  challenger − champion rank IC ≥ min_improvement (retrain.min_rank_ic_improvement)
// NaN never passes.
std::vector<GateCheck> ChallengerGates(const ChallengerEvidence& evidence, double min_fold_ic, size_t min_compare_days,
                                       double min_improvement);
// The name of the first failed gate, or "" when all passed.
std::string FirstFailedGate(const std::vector<GateCheck>& gates);
nlohmann::ordered_json GatesJson(const std::vector<GateCheck>& gates);

// The lowest test-fold mean rank IC of a model's folds.json (RegisteredModel::folds); NaN when a fold has none
// or there is no fold: an unmeasured fold cannot show the gate is met.
double MinFoldRankIc(const nlohmann::ordered_json& folds);

}  // namespace qtp::monitor
