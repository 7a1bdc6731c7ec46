// The datasets `qtp eda` writes: the daily statistics of every predictor (information coefficients,
// rank autocorrelations, pairwise correlations), the per-day bookkeeping an incremental run needs,
// the summary of each predictor's cross-sectional rank stability, and the record of the inputs
// everything was computed from. Definitions in src/qtp/eda/ (daily_stats.h, run_eda.h).
//
// The daily datasets hold every per-day statistic, so a later run reads the days whose inputs did
// not change back instead of recomputing them; each has one row per day only where its value is
// defined (a day without any is simply absent).
#pragma once

#include "qtp/core/table.h"

namespace qtp::schema {

// processed/eda/feature_ic (view feature_ic), partitioned by year: one row per (date, feature,
// horizon) on which the day had at least eda.ic_min_tickers (feature, forward return) pairs.
//   ic       Pearson correlation of the normalized feature with the forward return (NULL when undefined)
//   rank_ic  Spearman rank correlation of the same pairs (NULL when undefined)
//   n        pairs used
const TableSpec& FeatureIc();
// processed/eda/feature_autocorr (view feature_autocorr), partitioned by year: one row per (date,
// feature, window_days) on which the Spearman correlation of the feature's cross-section on that
// day with its cross-section window_days panel days earlier is defined (at least
// eda.ic_min_tickers tickers with both values).
//   autocorr  that correlation
const TableSpec& FeatureAutocorr();
// processed/eda/feature_corr (view feature_corr), partitioned by year: one row per (date, feature)
// on which the feature has a defined Spearman correlation with some other predictor; one nullable
// column per predictor (registry order) holding the day's cross-sectional Spearman correlation of
// `feature` with that predictor (at least eda.ic_min_tickers tickers with both values). Symmetric:
// the row of a holds the value of (a, b) in column b, the row of b the same value in column a; the
// column of the row's own feature is NULL. E.g. `SELECT date, rv_20 FROM feature_corr WHERE
// feature = 'rv_5m'`. The date average is feature_correlations.csv.
const TableSpec& FeatureCorr();
// processed/eda/days (view eda_days), partitioned by year: one row per panel day (every date with
// a features row).
//   tickers  tickers with a close that day (entry close: features_raw.close; next_open: bars_1d.close)
//   members  of those, how many lie inside one of their universe_membership intervals
//   digest   ValueDigest (core/value_digest.h, hex) of the day's inputs: for each ticker with any
//            of them, in ticker order, its name, its normalized predictors, close and open (open
//            only with next_open entry)
const TableSpec& EdaDays();
// processed/eda/missing_forward (view eda_missing_forward), partitioned by year: one row per
// (date, horizon) with missing > 0.
//   missing  the day's tickers with a close but no forward return at that horizon: no close
//            `horizon` panel days later (or, with next_open entry, no open the next panel day);
//            see daily_stats.h. Days whose exit lies past the last panel day count nothing.
const TableSpec& EdaMissingForward();
// processed/eda/feature_stability (view feature_stability, one file): per (feature, window_days,
// regime) the mean over days of the cross-sectional Spearman correlation of the feature between
// day t and t - window_days (`window` is an SQL keyword); regime is "all", a stress window's name
// or "calm". n_days counts the days averaged; `stable` is 1 when mean_autocorr >=
// eda.stability_threshold, else 0.
const TableSpec& FeatureStability();
// processed/eda/inputs (view eda_inputs, one file): what the stored EDA outputs were computed
// from: one row per input partition of the manifest (dataset features, features_raw,
// universe_membership, and bars_1d with next_open entry; ticker "" and year 0 where the dataset
// has none) with its SHA-256, and in every row two parameter hashes:
//   stats_hash   of what the daily statistics depend on (horizons, entry, ic_min_tickers,
//                stability windows, the predictor list)
//   params_hash  of everything the reports and metadata depend on (every eda parameter but
//                threads, and the feature parameters)
const TableSpec& EdaInputs();

}  // namespace qtp::schema
