// The datasets `qtp train` and `qtp predict` write (definitions in src/qtp/models/, docs/models.md).
#pragma once

#include "qtp/core/table.h"

namespace qtp::schema {

// processed/models/predictions (view predictions), partitioned by year: one row per (date, ticker,
// model_id) a model scored.
//   score  the model's score for the ticker on that day (higher: larger expected forward return)
//   rank   1 = the day's highest score among the tickers the model scored that day
//   split  "walk_forward": scored by the fold model fitted before the day's test period (out of
//          sample); "live": scored by `qtp predict` with the registered model, whose training data
//          ends before the day
const TableSpec& Predictions();
// processed/models/model_metrics (view model_metrics, one file): one row per (model_id, fold, split).
//   model    family (ridge, logistic, xgb, lambdamart, ensemble_rank, ensemble_ic)
//   fold     0, 1, ... in time order; split "train" (in-sample, the fold's latest training days) or
//            "test" (the fold's out-of-sample period)
//   start, end   first and last day of the split
//   ic, rank_ic  mean daily Pearson and Spearman correlation of score and forward return (NULL: none)
//   n_days       days with a defined rank IC
const TableSpec& ModelMetrics();

}  // namespace qtp::schema
