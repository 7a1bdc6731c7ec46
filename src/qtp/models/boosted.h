// Gradient-boosted trees through the XGBoost C API (1.7), tree_method `hist`, for two families:
//   xgb         objective reg:squarederror on the label; base_score = the training labels' mean
//               (XGBoost 1.7 would start every fit at 0.5, and the first trees would spend their
//               splits on that offset);
//   lambdamart  objective rank:ndcg or rank:pairwise, one query group per day (group_sizes),
//               labels non-negative integers (relevance grades).
// Parameters: BoostSettings (eta = learning_rate, lambda = reg_lambda), nthread = threads,
// seed = seed, verbosity 0. Same data, settings, seed and threads => the same bits.
// Labels must be finite (no rows are dropped: XGBoost's ranking weights are per group, so a row
// cannot be masked). `validation` is checked for shape but unused (no early stopping).
//
// Warm start (warm_start_rounds > 0): the first Fit grows `rounds` trees; every later Fit of the
// same learner keeps the model and adds a stage of warm_start_rounds trees fitted on the new rows,
// starting from the model's score of those rows (XGBoost's base_margin, so XGBoost never re-scores
// the window through every earlier tree). A walk-forward refit then costs a few rounds instead of
// a whole model, and the trees of earlier folds (all fitted on earlier data) stay in it. A stage
// is trained as its own booster (base_score 0, seed + stage number) and its trees are appended to
// the model's JSON (XGBoost 1.7's model schema: trees, tree_info, num_trees), so the model is
// always one plain XGBoost model. With warm_start_rounds = 0 every Fit replaces the model.
//
// Histogram bins: XGBoost's `hist` cuts every feature into at most max_bin quantile bins before it
// trains. Sketching those quantiles costs seconds per fit at walk-forward sizes, so a learner
// sketches them once, from the rows of its FIRST Fit, and bins every later Fit's rows against that
// reference (an XGBoost QuantileDMatrix built with `ref`). The walk-forward driver's first fit is
// its earliest fold, so no later data ever shapes the bins, and every fold of one learner shares
// them. The cut points are split candidates only: predictions compare raw feature values with the
// stored split thresholds, so scoring needs no bins. A learner made by Load sketches afresh on
// its first Fit. Every Fit after the first must have the same number of features.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/models/design.h"
#include "qtp/models/learner.h"

namespace qtp::models {

namespace internal {
// Deleters for XGBoost's opaque handles (DMatrixHandle and BoosterHandle are void*).
struct XgbDMatrixFree {
  void operator()(void* handle) const;
};
struct XgbBoosterFree {
  void operator()(void* handle) const;
};
}  // namespace internal

class BoostedLearner final : public Learner {
 public:
  // family is kXgb or kLambdaMart; the objective must suit it (checked by Fit and Load).
  BoostedLearner(Family family, BoostSettings settings, uint64_t seed, int threads);
  // A fitted model from Serialize()'s bytes.
  static Result<std::unique_ptr<BoostedLearner>> Load(Family family, const std::string& artifact,
                                                      BoostSettings settings, uint64_t seed, int threads);

  Family family() const override { return family_; }
  // InvalidArgument on no training rows, no features, bad labels or settings, or a base_margin
  // whose size is not rows(). A warm-start stage starts from train.base_margin when given (the
  // caller's promise that it is Predict(train), up to float rounding), else from Predict(train).
  Status Fit(const DesignView& train, const DesignView& validation) override;
  // XGBoost's prediction (the margin for every objective here), widened from float.
  Status Predict(const DesignView& rows, std::span<double> scores) const override;
  // total_gain per feature (XGBoost names feature j "f<j>"); 0 for a feature no split uses.
  std::vector<double> Importance() const override { return importance_; }
  // The settings (after Load: the ones passed to Load), features, stages and boosted rounds.
  nlohmann::ordered_json Describe() const override;
  // XGBoost's own JSON model format.
  Result<std::string> Serialize() const override;

  bool warm_start() const { return settings_.warm_start_rounds > 0; }
  // Adds the score of the trees the latest warm-started Fit grew to margin[row]: a margin that was
  // the model's score before that Fit becomes its score after it. Error unless warm-started.
  Status AddLatestStage(const DesignView& rows, std::span<double> margin) const;
  // A copy of the fitted model sharing its (immutable) booster; without the histogram reference or
  // the latest stage, so a Fit of the copy starts afresh.
  std::unique_ptr<BoostedLearner> Snapshot() const;

 private:
  using DMatrixPtr = std::unique_ptr<void, internal::XgbDMatrixFree>;
  using BoosterPtr = std::unique_ptr<void, internal::XgbBoosterFree>;
  using Booster = std::shared_ptr<void>;  // a fitted XGBoost booster, never changed once fitted

  Status CheckSettings() const;
  Status CheckLabels(const DesignView& train) const;
  // A QuantileDMatrix of `rows`' features, binned against reference_ when there is one.
  Result<DMatrixPtr> Quantize(const DesignView& rows) const;
  // `rounds` trees on `train`, from `start` (one score per row) when not empty; XGBoost's JSON model.
  Result<std::string> Train(const DesignView& train, std::span<const double> start, int rounds);
  // Adds `booster`'s prediction of each row to scores[row], after checking the shapes; `missing`
  // is the error when there is no booster.
  Status AddPrediction(const Booster& booster, const char* missing, const DesignView& rows,
                       std::span<double> scores) const;
  // importance_ and rounds_ from model_.
  Status Summarize();

  Family family_;
  BoostSettings settings_;
  uint64_t seed_;
  int threads_;
  DMatrixPtr reference_;  // the first fit's training matrix: the bin cuts of every later fit
  size_t reference_cols_ = 0;
  Booster model_;                // every tree so far
  Booster latest_stage_;         // warm start: the trees of the latest Fit alone
  nlohmann::json model_json_;    // warm start: model_ as JSON, which each stage's trees extend
  int stages_ = 0;
  size_t cols_ = 0;
  int rounds_ = 0;
  std::vector<double> importance_;
};

}  // namespace qtp::models
