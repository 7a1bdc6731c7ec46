// `qtp predict`: daily scores and ranks from the registered models.
//
// A day up to a model's data_last (the last feature day its `qtp train` saw) already has its
// walk-forward prediction in the store, made by the fold model fitted before that day; predict
// reads it back and never rescores such a day with the registered fit (which learned from it).
// A later day is scored with the registered fit (split "live"): its features only, no label. The
// ensembles combine their members' daily percentile ranks with the weights registered for them.
// Live rows are merged into the predictions dataset (the same day again leaves it unchanged).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/time.h"
#include "qtp/data/store/store.h"

namespace qtp::models {

struct PredictOptions {
  DateDays start = kNullDate;  // both kNullDate: the latest feature day
  DateDays end = kNullDate;
  std::vector<std::string> model_ids;  // empty: the models of the latest `qtp train` (models/current.json)
};

struct ModelPredictions {
  std::string model_id;
  size_t live_days = 0;          // days scored now
  size_t live_rows = 0;
  size_t walk_forward_days = 0;  // days read back from the walk-forward predictions
  std::vector<std::pair<std::string, double>> top;  // the last day's five best tickers and scores
};

struct PredictSummary {
  DateDays first = kNullDate;  // feature days in the requested range
  DateDays last = kNullDate;
  size_t days = 0;
  std::vector<ModelPredictions> models;
  MergeStats rows;
};

// `store` open for writing.
Result<PredictSummary> RunPredict(Store& store, const PredictOptions& options);

}  // namespace qtp::models
