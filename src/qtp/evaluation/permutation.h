// Permutation importance on out-of-sample rows (Breiman 2001, "Random Forests", Machine Learning
// 45, section 10; in the model-agnostic form of Fisher, Rudin and Dominici 2019): how much the mean
// daily rank IC of a fitted model falls when one feature's values are shuffled among the tickers of
// each day, which breaks the feature's link to the label while keeping its cross-sectional
// distribution. Shuffling within days (not across the whole matrix) keeps each day's feature values
// on that day, so a feature cannot look important merely because it tells days apart.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "qtp/core/status.h"

namespace qtp::evaluation {

// Scores `x` (rows x cols, row-major, NaN = missing): writes one score per row into `scores`
// (pre-sized to the row count). Typically wraps models::Learner::Predict.
using PredictFn = std::function<Status(std::span<const float> x, size_t cols, std::span<double> scores)>;

struct PermutationParams {
  uint64_t seed = 42;
  int repeats = 1;         // shuffles per feature; the drop is averaged over them
  size_t min_pairs = 3;    // days with fewer finite (score, label) pairs do not enter the mean
};

// The mean over days of the Spearman correlation of `scores` with `label` within each day (days
// given by `group_sizes`, consecutive rows); days with fewer than `min_pairs` finite pairs or an
// undefined correlation are skipped. NaN when no day counts. REQUIRES: scores and label of the same
// size, which the group sizes sum to.
double MeanDailyRankIc(std::span<const double> scores, std::span<const double> label,
                       std::span<const uint32_t> group_sizes, size_t min_pairs);

// importance[j] = MeanDailyRankIc(predict(x)) - mean over repeats of MeanDailyRankIc(predict(x with
// column j shuffled within each day)). A feature the model ignores scores exactly 0; a negative value
// means the shuffled feature did better than the real one (noise or overfitting). NaN when no day
// counts in the mean daily rank IC.
// The shuffle is a Fisher-Yates shuffle driven by splitmix64 (Steele, Lea and Flood 2014) seeded
// from (seed, feature, repeat), with j = r mod (i + 1) (bias below 2^-50 for days of fewer than 2^14
// rows): the same inputs give the same bits on every platform and standard library, and a feature's
// result does not depend on the others.
// Cost: cols * repeats + 1 predictions of all rows; memory: one copy of `x`.
// InvalidArgument when the sizes disagree (x.size() != rows * cols, group sizes not summing to the
// label count, repeats < 1); the callback's error is returned as is, with the feature named.
Result<std::vector<double>> PermutationImportance(const PredictFn& predict, std::span<const float> x, size_t cols,
                                                  std::span<const uint32_t> group_sizes,
                                                  std::span<const double> label, const PermutationParams& params);

}  // namespace qtp::evaluation
