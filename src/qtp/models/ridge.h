// Ridge regression: minimizes sum_i (y_i - b0 - x_i'b)^2 + penalty * |b|^2 over the training rows,
// the intercept b0 unpenalized, non-finite features counted as 0 (NaN is the cross-sectional
// center of a normalized predictor), rows with a non-finite label left out. The penalty is on the
// sum (not the mean) of squared errors, so its scale grows with the row count. Solved in closed form,
// (Z'Z + penalty * D) [b0; b] = Z'y with z = (1, x) and D = diag(0, 1, ..., 1), by Cholesky (LLT).
//
// Penalty choice: each of RidgeSettings::penalties is fitted on the training rows and scores the
// validation rows; the one with the largest mean daily rank IC (evaluation::MeanDailyRankIc, days of
// at least 3 pairs) wins (ties go to the larger penalty, the more conservative model). When the
// validation rows are empty or no penalty yields a finite IC, the middle of the sorted list wins
// (index size/2, the upper middle for an even count). The model kept is the winner's fit on the
// training rows alone.
//
// Speed: the walk-forward driver fits many expanding folds of the same panel, so the sums Z'Z and
// Z'y are accumulated once per day (LinearMoments) and a fold's sums are a difference of two
// prefix sums: O(cols^2) per fold instead of O(rows * cols^2).
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "qtp/core/status.h"
#include "qtp/models/design.h"
#include "qtp/models/learner.h"
#include "qtp/models/learner_internal.h"

namespace qtp::models {

// Per-day prefix sums of Z'Z and Z'y, z = (1, x) in double, non-finite x -> 0, over the rows of a
// DesignView whose label is finite. Day d is the d-th entry of the view's group_sizes. The same
// view gives the same bits: each day's block goes through one fixed sequence of Eigen kernels
// (single-threaded) and the prefix sums run in day order.
// Memory: (days + 1) * ((cols + 1) * (cols + 2) / 2 + cols + 1) doubles.
class LinearMoments {
 public:
  static Result<LinearMoments> Build(const DesignView& rows);

  size_t days() const { return days_; }
  size_t cols() const { return cols_; }  // features, without the intercept column
  // Sums over days [first_day, end_day) (end_day <= days()): gram = Z'Z ((cols + 1)^2, both
  // triangles filled; gram(0, 0) is the number of rows with a finite label), moment = Z'y.
  void RangeSums(size_t first_day, size_t end_day, Eigen::MatrixXd& gram, Eigen::VectorXd& moment) const;

 private:
  LinearMoments(size_t days, size_t cols);
  size_t Packed() const { return (cols_ + 1) * (cols_ + 2) / 2; }

  size_t days_ = 0;
  size_t cols_ = 0;
  std::vector<double> gram_prefix_;    // (days + 1) x lower triangle of Z'Z, column-major packed
  std::vector<double> moment_prefix_;  // (days + 1) x (cols + 1)
};

class RidgeLearner final : public Learner {
 public:
  explicit RidgeLearner(RidgeSettings settings) : settings_(std::move(settings)) {}
  // A fitted model from Serialize()'s JSON {family, penalty, intercept, coefficients}.
  static Result<std::unique_ptr<RidgeLearner>> Load(const std::string& artifact, RidgeSettings settings);

  Family family() const override { return Family::kRidge; }
  // Builds the moments of `train` and calls FitFromMoments over all its days.
  Status Fit(const DesignView& train, const DesignView& validation) override;
  // Trains on days [train_first_day, train_end_day) of the view `moments` was built from; the
  // same model as Fit on a view of those days, up to the rounding of the prefix-sum difference.
  Status FitFromMoments(const LinearMoments& moments, size_t train_first_day, size_t train_end_day,
                        const DesignView& validation);
  // intercept + x'b in double, non-finite x -> 0.
  Status Predict(const DesignView& rows, std::span<double> scores) const override;
  std::vector<double> Importance() const override;  // |b_j|
  // {"penalty", "features", "penalties": [sorted], "validation_rank_ic": [one per sorted penalty;
  // empty when no validation rows; null = NaN]}
  nlohmann::ordered_json Describe() const override;
  Result<std::string> Serialize() const override;

  double penalty() const { return penalty_; }
  double intercept() const { return fit_.intercept; }
  std::span<const double> coefficients() const { return fit_.coefficients; }

 private:
  RidgeSettings settings_;
  internal::LinearFit fit_;
  double penalty_ = 0;
  std::vector<double> penalties_;  // sorted, distinct
  std::vector<double> validation_rank_ic_;
};

}  // namespace qtp::models
