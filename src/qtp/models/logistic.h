// L2-penalized logistic regression on 0/1 labels. Minimizes
//   J(b0, b) = sum_i [log(1 + exp(eta_i)) - y_i * eta_i] + (l2 / 2) * |b|^2,  eta_i = b0 + x_i'b,
// the intercept b0 unpenalized, non-finite features counted as 0, rows with a NaN label left out
// (the top-vs-bottom label leaves the middle of each day unlabeled). Labels other than 0, 1 and
// NaN are an InvalidArgument, and so is a training set without both classes (the unpenalized
// intercept would run off to infinity).
//
// Fitted by Newton's method (IRLS) from b = 0, b0 = log(mean y / (1 - mean y)), with a
// backtracking (Armijo) line search for the early steps. Converged when the largest component of
// grad J / n (n = labeled rows) is <= LogisticSettings::tolerance: dividing by n leaves the
// minimizer unchanged and keeps the test attainable in double precision at a million rows (the
// sum's own rounding grows with n). Not converged after max_iterations Newton steps: an error.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/models/design.h"
#include "qtp/models/learner.h"
#include "qtp/models/learner_internal.h"

namespace qtp::models {

class LogisticLearner final : public Learner {
 public:
  explicit LogisticLearner(LogisticSettings settings) : settings_(settings) {}
  // A fitted model from Serialize()'s JSON {family, l2, intercept, coefficients}.
  static Result<std::unique_ptr<LogisticLearner>> Load(const std::string& artifact, LogisticSettings settings);

  Family family() const override { return Family::kLogistic; }
  // `validation` is checked for shape but unused: the penalty is a setting.
  Status Fit(const DesignView& train, const DesignView& validation) override;
  // The linear predictor (log-odds of label 1), non-finite x -> 0.
  Status Predict(const DesignView& rows, std::span<double> scores) const override;
  std::vector<double> Importance() const override;  // |b_j|
  // {"l2", "features", "rows", "iterations", "max_abs_gradient"} (the last three are 0 after Load)
  nlohmann::ordered_json Describe() const override;
  Result<std::string> Serialize() const override;

  double intercept() const { return fit_.intercept; }
  std::span<const double> coefficients() const { return fit_.coefficients; }
  int iterations() const { return iterations_; }

 private:
  LogisticSettings settings_;
  internal::LinearFit fit_;
  size_t rows_ = 0;
  int iterations_ = 0;
  double max_abs_gradient_ = 0;
};

}  // namespace qtp::models
