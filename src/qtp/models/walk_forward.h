// The walk-forward split: consecutive test periods of walk_forward.retrain_every_days panel days,
// each scored by a model fitted on earlier days only. Day indices are panel days (every date with
// a features row), so "days" are trading days.
//
// The label of day t is the forward return from t's close to t+h's close (h = horizon): its window
// is the days t..t+h. For a test period starting at day s the training days t satisfy
//     t + h + embargo < s        (purge: the label window ends before s; embargo: `embargo` more days)
// so no training label window overlaps the test period or its embargo. Expanding: every such t from
// day 0; rolling: the latest train_days of them. The first period starts once min_train_days
// labelled days exist. The inner validation (ridge's penalty) is the latest validation_fraction of
// the training days, with the inner training days purged the same way: t + h < validation start.
#pragma once

#include <cstddef>
#include <vector>

#include "qtp/models/model_params.h"

namespace qtp::models {

struct Fold {
  int index = 0;
  size_t train_first = 0;       // training days [train_first, train_end)
  size_t train_end = 0;
  size_t inner_end = 0;         // inner training days [train_first, inner_end) ...
  size_t validation_first = 0;  // ... validated on [validation_first, train_end); empty when inner_end <= train_first
  size_t test_first = 0;        // test days [test_first, test_end)
  size_t test_end = 0;
};

// Every fold over `num_days` panel days (none when too few days). The last period may be shorter.
std::vector<Fold> PlanFolds(size_t num_days, const WalkForwardParams& params, int horizon);

// The training window of a model fitted on everything labelled by day num_days - 1 (what the
// registry keeps for `qtp predict`): its labels end at the last day.
Fold FinalFold(size_t num_days, const WalkForwardParams& params, int horizon);

}  // namespace qtp::models
