// The rows a model learns from and scores: ticker-days in day order, a dense row-major feature
// matrix (float: the predictors are cross-sectionally normalized, and XGBoost takes float), one
// label per row, and each day's row count (the query groups of a ranking objective, and the
// cross-sections of the daily rank IC).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace qtp::models {

struct DesignView {
  std::span<const float> x;               // rows() x cols, row-major; NaN = missing
  size_t cols = 0;
  std::span<const double> label;          // one per row (Predict ignores it)
  std::span<const uint32_t> group_sizes;  // rows of each day, days ascending; sums to rows()
  // Optional (empty: none): the current model's score of each row, which a warm-started booster's
  // next stage starts from instead of scoring the rows itself (BoostedLearner::Fit).
  std::span<const double> base_margin = {};
  size_t rows() const { return label.size(); }
  bool empty() const { return label.empty(); }
};

}  // namespace qtp::models
