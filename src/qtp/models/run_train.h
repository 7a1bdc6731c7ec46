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
//   5. Outputs: the registry folder of every model and models/current.json (registry.h); the
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

namespace qtp::models {

struct TrainOptions {
  ModelParams params;       // validated, command-line overrides applied
  std::string config_yaml;  // the effective config/models.yaml (hashed into every model_id)
  std::string run_id;
  double planted_signal = std::numeric_limits<double>::quiet_NaN();  // simulated data: the simulate --signal
  std::string path_env;     // PATH for gnuplot
  DateDays last_date = kNullDate;  // training cut-off: feature days after it are not read (kNullDate: none)
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

}  // namespace qtp::models
