// config/models.yaml: the model families `qtp train` fits, their hyperparameters, the labels and
// the walk-forward split scheme. Validated on load like every qtp config (unknown key, wrong type,
// out-of-range value: an error naming file, key and line). The lists of numbers are YAML lists of
// strings because the config layer has no numeric lists; Validate() (also a load rule) parses them.
#pragma once

#include <string>
#include <vector>

#include "qtp/config/section.h"
#include "qtp/core/status.h"
#include "qtp/evaluation/report.h"
#include "qtp/models/learner.h"

namespace qtp::models {

inline constexpr const char* kModelsFile = "config/models.yaml";

// The families `qtp train --models` accepts: the four learners and "ensemble", which adds the two
// combinations of the other families trained in the same run.
inline constexpr const char* kEnsembleFamily = "ensemble";
inline constexpr const char* kRankAverage = "ensemble_rank";  // mean of the members' daily percentile ranks
inline constexpr const char* kIcWeighted = "ensemble_ic";     // members weighted by their past out-of-sample rank IC

struct WalkForwardParams {
  std::string window = "expanding";  // or "rolling": the last train_days labelled days only
  int train_days = 756;              // rolling window length, trading days
  int min_train_days = 252;          // the first test period starts once this many days are labelled
  int retrain_every_days = 21;       // length of each test period (one fit per period)
  int embargo_days = 5;              // extra gap between the last training label and the test period
  double validation_fraction = 0.2;  // the latest share of each training window is the inner validation
};

struct LabelParams {
  double classifier_quantile = 0.3;  // logistic: the top share is 1, the bottom share 0, the middle left out
  int relevance_levels = 5;          // lambdamart: integer grades 0..levels-1 of the daily return percentile
  int min_tickers = 20;              // a day with fewer labelled tickers is neither trained on nor scored
};

struct ModelParams {
  std::vector<std::string> families = {"ridge", "logistic", "xgb", "lambdamart", kEnsembleFamily};
  int horizon = 1;  // label horizon in trading days: 1, 3, 5 or 10
  WalkForwardParams walk_forward;
  LabelParams labels;
  std::vector<std::string> ridge_penalties = {"1", "10", "100", "1000", "10000", "100000"};
  LogisticSettings logistic;
  BoostSettings xgb;
  BoostSettings lambdamart = LearnerSettings{}.lambdamart;
  std::vector<std::string> ensemble_members = {"ridge", "xgb", "lambdamart"};
  std::vector<std::string> exclude_features;  // predictors never used (all-NULL ones are dropped anyway)
  int permutation_folds = 12;  // permutation importance on the test rows of the last N folds (0: off)
  double leak_rank_ic = evaluation::kLeakRankIc;  // real data: an out-of-sample mean daily rank IC this high is flagged
  int quantiles = 10;          // top-minus-bottom: deciles
  bool plots = true;
  int64_t seed = 42;
  int threads = 2;  // families fitted at once; leftover threads go to each booster. With the seed, it fixes the bits

  // Every list parses and every name is known; families non-empty; an ensemble has two members.
  Status Validate() const;
  std::vector<Family> LearnerFamilies() const;  // the non-ensemble families, in config order
  bool WantsEnsemble() const;
  // What the ensembles combine: the trained families listed in ensemble_members, or every trained
  // family when fewer than two of them are (so `--models ridge,logistic,ensemble` combines those two).
  std::vector<std::string> EnsembleMembers() const;
  LearnerSettings Settings() const;
};

void DescribeParams(config::Section& section, ModelParams& params);

// config/models.yaml as `qtp init` writes it (defaults, commented).
Result<std::string> DefaultModelsYaml();

}  // namespace qtp::models
