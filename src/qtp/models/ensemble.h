// The two ensembles of `qtp train`, built from their members' out-of-sample scores, so an ensemble's
// score on a day uses only fits that score that day out of sample:
//   ensemble_rank  the mean of the members' daily percentile ranks (scores live on different scales:
//                  ranked labels, log-odds, tree outputs; ranks put them on one)
//   ensemble_ic    the same with weights w_m = max(0, mean daily rank IC of member m over the days
//                  whose labels were known before the test period starts), normalized to sum 1;
//                  equal weights while no member has a positive past rank IC (first folds)
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "qtp/models/training_set.h"

namespace qtp::models {

// out[r] = (average rank of scores[r] among the finite scores of its day - 1/2) / n for the scoring
// rows of days [first_day, end_day); NaN where the score is NaN.
void DailyPercentiles(const RowBlock& rows, std::span<const double> scores, size_t first_day, size_t end_day,
                      std::span<double> out);

// out[r] = sum_m w_m p_m[r] / sum_m w_m over the members with a finite p_m[r], for rows
// [begin, end); NaN when no member has one (or their weights sum to 0).
void CombinePercentiles(const std::vector<std::vector<double>>& percentiles, std::span<const double> weights,
                        size_t begin, size_t end, std::span<double> out);

// The IC weights above from each member's daily rank IC (one per panel day, NaN: none), counting
// the days before `known_end` (days whose forward return was known when the fold was fitted).
std::vector<double> IcWeights(const std::vector<std::vector<double>>& daily_rank_ic, size_t known_end);

}  // namespace qtp::models
