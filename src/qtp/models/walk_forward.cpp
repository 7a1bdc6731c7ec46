#include "qtp/models/walk_forward.h"

#include <algorithm>
#include <cmath>

namespace qtp::models {

namespace {

// Fills the training and validation days of a fold whose training labels end before `train_end`.
Fold TrainingWindow(size_t train_end, const WalkForwardParams& params, int horizon) {
  Fold f;
  f.train_end = train_end;
  const size_t rolling = static_cast<size_t>(params.train_days);
  f.train_first = params.window == "rolling" && train_end > rolling ? train_end - rolling : 0;
  const size_t days = f.train_end - f.train_first;
  const size_t validation = std::max<size_t>(
      1, static_cast<size_t>(std::llround(params.validation_fraction * static_cast<double>(days))));
  f.validation_first = f.train_end - std::min(validation, days);
  const size_t purge = static_cast<size_t>(horizon);
  f.inner_end = f.validation_first > f.train_first + purge ? f.validation_first - purge : f.train_first;
  return f;
}

}  // namespace

std::vector<Fold> PlanFolds(size_t num_days, const WalkForwardParams& params, int horizon) {
  std::vector<Fold> folds;
  const size_t gap = static_cast<size_t>(horizon + params.embargo_days);
  const size_t period = static_cast<size_t>(params.retrain_every_days);
  for (size_t s = static_cast<size_t>(params.min_train_days) + gap; s < num_days; s += period) {
    Fold f = TrainingWindow(s - gap, params, horizon);
    f.index = static_cast<int>(folds.size());
    f.test_first = s;
    f.test_end = std::min(num_days, s + period);
    folds.push_back(f);
  }
  return folds;
}

Fold FinalFold(size_t num_days, const WalkForwardParams& params, int horizon) {
  const size_t h = static_cast<size_t>(horizon);
  Fold f = TrainingWindow(num_days > h ? num_days - h : 0, params, horizon);
  f.test_first = f.test_end = num_days;
  return f;
}

}  // namespace qtp::models
