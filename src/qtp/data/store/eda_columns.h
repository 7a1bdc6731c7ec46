// The datasets `qtp eda` writes: the daily information coefficients of every predictor and the
// summary of each predictor's cross-sectional rank stability. Definitions in src/qtp/eda/.
#pragma once

#include "qtp/core/table.h"

namespace qtp::schema {

// processed/eda/feature_ic (view feature_ic), partitioned by year: one row per (date, feature,
// horizon) on which the day had at least eda.ic_min_tickers (feature, forward return) pairs.
//   ic       Pearson correlation of the normalized feature with the forward return (NULL when undefined)
//   rank_ic  Spearman rank correlation of the same pairs (NULL when undefined)
//   n        pairs used
const TableSpec& FeatureIc();
// processed/eda/feature_stability (view feature_stability, one file): per (feature, window_days,
// regime) the mean over days of the cross-sectional Spearman correlation of the feature between
// day t and t - window_days (`window` is an SQL keyword); regime is "all", a stress window's name
// or "calm". n_days counts the days averaged; `stable` is 1 when mean_autocorr >=
// eda.stability_threshold, else 0.
const TableSpec& FeatureStability();

}  // namespace qtp::schema
