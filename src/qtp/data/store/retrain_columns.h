// The retraining decisions of `qtp retrain`, `qtp models promote` and `qtp models rollback`
// (docs/monitoring.md, "Retraining").
#pragma once

#include "qtp/core/table.h"

namespace qtp::schema {

// monitor/decisions (view model_decisions), partitioned by year of as_of, key (as_of, decided_at, decision):
// one row per decision, with its inputs and the model ids involved.
//   as_of              retrain: the as-of it decided for (--as-of, default the latest feature day);
//                      promote and rollback: the New York date they ran
//   decided_at         when (UTC)
//   decision           skip (nothing due), challenger (one was trained), promote (retrain promoted it),
//                      hold (it passed but retrain.auto_promote is off), reject (a gate failed),
//                      manual_promote (`qtp models promote`), rollback (`qtp models rollback`)
//   run_id             the command's run (runs/<run_id>/)
//   reason             one line, as printed
//   champion_models    the champion's model ids before the decision (comma-separated); champion_after after it
//   challenger_models  the challenger set's model ids ("" when none was trained)
//   champion_id, challenger_id  the two models compared: the champion's primary and the challenger's model
//                      of the same name ("" when nothing was compared)
//   schedule, schedule_due, triggers, forced  why a retrain was (not) due: retrain.schedule, whether it
//                      made one due, the monitor alerts that triggered one ("; "-separated), --force
//   compare_first, compare_last, compare_days  the common out-of-sample days of the comparison
//   champion_rank_ic, challenger_rank_ic  their mean daily rank IC over those days
//   min_improvement    retrain.min_rank_ic_improvement
//   challenger_min_fold_ic, min_fold_ic  the challenger's worst walk-forward fold mean rank IC and the gate
//   failed_gate        the first gate that failed ("" when none did)
//   inputs             every input and gate of the decision as JSON text
const TableSpec& ModelDecisions();

}  // namespace qtp::schema
