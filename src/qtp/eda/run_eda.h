// `qtp eda`: the feature library's exploratory analysis, from the stored features, incrementally.
//
//   1. The panel: normalized predictors (view features) and adjusted closes (features_raw; with
//      eda.entry = next_open, opens and closes of bars_1d), one year at a time (panel.h).
//   2. The day pass (daily_stats.h): per day the rank and Pearson IC of every predictor against the
//      forward return of every horizon, the rank autocorrelation of every predictor at every
//      stability window, and the Spearman correlation of every pair of predictors.
//   3. Summaries and pruning over every day (summaries.h, redundancy.h); the distributions of the
//      top features from their stored values (analysis.h).
//   4. Outputs: the daily datasets feature_ic, feature_autocorr, feature_corr, eda_missing_forward
//      and eda_days, feature_stability and the input record eda_inputs (eda_columns.h), committed
//      together; then <data>/reports/eda/ (CSV tables, plots/, summary.md last, events.jsonl) and
//      <data>/processed/features/feature_metadata.yaml (report.h, plots.h, metadata.h).
//
// Incremental. eda_inputs holds the SHA-256 of every input partition (features, features_raw,
// universe_membership; bars_1d with next_open entry) and two parameter hashes, eda_days a digest
// of every day's inputs, and the daily datasets every per-day statistic.
//   - Nothing changed (same partitions, same parameters, summary.md present): only the record and
//     eda_days are read, nothing is written (no store commit, no report, no event); up_to_date.
//   - Partitions changed from year Y on: the panel is loaded from the year of the stored day
//     max(horizon) + max(window) days before Y's first stored day. D = the first loaded day whose
//     digest differs from the stored one, or that is new, or whose stored day is gone. The days
//     from index(D) - max(horizon) on are computed (daily_stats.h: earlier days cannot change);
//     every earlier day is read back from the store. The daily datasets are rewritten from the
//     year of the first computed day on (identical partitions are not rewritten).
//   - Only report parameters changed (thresholds, regimes, plots, the feature parameters quoted in
//     the metadata), or summary.md is missing: no day is computed; the summaries, reports and
//     metadata are rebuilt from the stored days.
//   - Nothing stored, a change of what the daily statistics depend on (horizons, entry,
//     ic_min_tickers, stability windows, the predictor list), or a changed universe_membership:
//     every day is computed.
// The summaries always cover every day, so an incremental run writes what a full run on the same
// data writes, byte for byte (given the same run ID).
// summary.md is removed before the store commit and written last: when present, the reports match
// the store (a run interrupted in between has them rebuilt by the next one).
//
// Everything but events.jsonl (which stamps the wall-clock time) depends only on the stored
// features and the parameters, not on the thread count.
#pragma once

#include <string>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/data/store/store.h"
#include "qtp/eda/daily_stats.h"
#include "qtp/eda/eda_params.h"
#include "qtp/features/feature_params.h"

namespace qtp::eda {

struct EdaSummary {
  bool up_to_date = false;  // nothing changed: nothing computed or written (only days, first, last are set)
  size_t tickers = 0;
  size_t days = 0;
  DateDays first = kNullDate;
  DateDays last = kNullDate;
  size_t days_computed = 0;              // by the day pass (the others were read back)
  DateDays first_computed = kNullDate;   // the first of them
  size_t features = 0;  // predictors
  size_t features_with_data = 0;
  size_t unstable = 0;           // with data, below the stability threshold
  size_t dropped = 0;            // pruned as redundant
  size_t pairs_listed = 0;       // above eda.list_threshold
  std::vector<std::string> top;  // by |ICIR| at the first horizon, at most eda.plot_features
  std::vector<double> top_icir;
  MergeStats ic_rows;              // feature_ic, the years rewritten
  MergeStats stability_rows;       // feature_stability
  std::string report_dir;          // <data>/reports/eda
  std::string summary_path;        // <data>/reports/eda/summary.md
  std::string metadata_path;       // <data>/processed/features/feature_metadata.yaml
  std::vector<std::string> plots;  // paths of the PNGs
};

// `store` must be open for writing; `run_id` goes into the reports. Progress reports the day pass.
Result<EdaSummary> RunEda(Store& store, const EdaParams& params, const features::FeatureParams& feature_params,
                          const std::string& run_id, const DayProgressFn& progress);

}  // namespace qtp::eda
