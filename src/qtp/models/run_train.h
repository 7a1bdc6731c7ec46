// `qtp train`: walk-forward training and evaluation of every configured model family.
//
//   1. The feature panel (eda::LoadPanel: view features, close and ex_factor of features_raw) and
//      from it the training set (training_set.h): scoring rows, labelled rows, labels.
//   2. The folds (walk_forward.h). Per learner family and fold: fit on the fold's training days
//      (ridge: penalty chosen on the purged inner validation, then refitted on the whole window),
//      score the test days out of sample, score the latest training days in sample (the "train"
//      metrics), gain importance; permutation importance on the test rows of the last
//      permutation_folds folds.
//   3. Ensembles over the members' out-of-sample scores (ensemble.h).
//   4. Per model: daily metrics of every out-of-sample day, per-fold and overall summaries
//      (qtp/evaluation), a final fit on every labelled day (FinalFold) for `qtp predict`.
//   5. Outputs: the registry folder of every model and models/current.json (registry.h, champion.h); the
//      store's predictions (split walk_forward) and model_metrics, one commit; then
//      <data>/reports/model_eval.md, model_eval.json and plots.
// Deterministic: the same features, configuration, seed and threads give the same bits (the report
// and registry carry no clock).
#pragma once

#include <string>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/data/store/store.h"
#include "qtp/eda/daily_stats.h"
#include "qtp/models/model_params.h"
#include "qtp/models/walk_forward.h"

namespace qtp::models {

struct TrainOptions {
  ModelParams params;       // validated, command-line overrides applied
  std::string config_yaml;  // the effective config/models.yaml (hashed into every model_id)
  std::string run_id;
  double planted_signal = std::numeric_limits<double>::quiet_NaN();  // simulated data: the simulate --signal
  std::string path_env;     // PATH for gnuplot
  DateDays last_date = kNullDate;  // training cut-off: feature days after it are not read (kNullDate: none)
  std::vector<std::string> exclude_tickers;  // never trained on nor scored (e.g. benchmark ETFs in the store)
  // `qtp retrain`: register a challenger without making it the champion (models/current.json stays) and
  // write its report under reports/challengers/<run_id>/ (reports/model_eval.* stay the champion's).
  bool challenger = false;
};

struct TrainedModel {
  std::string model;
  std::string model_id;
  double oos_rank_ic = 0;
  double oos_icir = 0;
  double oos_t_stat = 0;
  size_t oos_days = 0;
};

struct TrainSummary {
  size_t tickers = 0;
  size_t days = 0;
  size_t features = 0;
  size_t labelled_rows = 0;
  size_t folds = 0;
  DateDays first_test = kNullDate;
  DateDays last_test = kNullDate;
  std::vector<TrainedModel> models;  // in compare order (best out-of-sample rank IC first)
  std::vector<std::string> leak_suspects;
  size_t prediction_rows = 0;
  std::string report_path;
};

// `store` open for writing. Progress counts fits (families x folds).
Result<TrainSummary> RunTrain(Store& store, const TrainOptions& options, const eda::DayProgressFn& progress);

// The models of `qtp validate` (docs/validation.md): every configured model through the same
// walk-forward as RunTrain, but over the development days only, and then scoring a held-out period.
//   panel days:  [0, development_days)   development: walk-forward folds as PlanFolds plans them
//                [development_days, holdout_first)   a gap of horizon + embargo_days: no development
//                                        label window reaches into the held-out period
//                [holdout_first, end)    held out: the last holdout_days days, scored by one model
//                                        per family fitted on every labelled development day
// Nothing is written and no label of the held-out period is fitted on.
struct HeldOutModel {
  std::string name;
  std::string family;
  std::vector<double> scores;         // per scoring row: out of sample (walk-forward or held-out); NaN elsewhere
  std::vector<double> daily_rank_ic;  // per panel day (NaN: not scored or no IC)
};

struct HeldOutTraining {
  std::vector<DateDays> dates;        // panel days
  std::vector<std::string> tickers;   // panel tickers
  std::vector<size_t> day_begin;      // scoring rows of panel day d: [day_begin[d], day_begin[d + 1])
  std::vector<uint32_t> ticker;       // per scoring row: index into tickers
  std::vector<std::string> features;  // the predictors the models used
  std::vector<Fold> development_folds;
  size_t development_days = 0;
  size_t holdout_first = 0;
  std::vector<HeldOutModel> models;  // learners in config order, then the ensembles
};

Result<HeldOutTraining> TrainWithHoldout(const Store& store, const TrainOptions& options, size_t holdout_days,
                                         const eda::DayProgressFn& progress);

}  // namespace qtp::models
