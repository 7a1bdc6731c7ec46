// `qtp eda`: the feature library's exploratory analysis, from the stored features.
//
//   1. The panel: normalized predictors (view features) and adjusted closes (features_raw; with
//      eda.entry = next_open, opens and closes of bars_1d), one year at a time (panel.h).
//   2. The day pass (daily_stats.h): per day the rank and Pearson IC of every predictor against the
//      forward return of every horizon, the rank autocorrelation of every predictor at every
//      stability window, and the Spearman correlation of every pair of predictors.
//   3. Summaries and pruning (summaries.h, redundancy.h).
//   4. Outputs: datasets feature_ic (daily ICs) and feature_stability (eda_columns.h), replaced
//      whole and committed; <data>/reports/eda/ (CSV tables, summary.md, plots/, events.jsonl)
//      and <data>/processed/features/feature_metadata.yaml (report.h, plots.h, metadata.h).
//
// Everything but events.jsonl (which stamps the wall-clock time) depends only on the stored
// features and the parameters, not on the thread count: a re-run on unchanged data rewrites the
// same bytes (and the store keeps its files).
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
  size_t tickers = 0;
  size_t days = 0;
  DateDays first = kNullDate;
  DateDays last = kNullDate;
  size_t features = 0;  // predictors
  size_t features_with_data = 0;
  size_t unstable = 0;           // with data, below the stability threshold
  size_t dropped = 0;            // pruned as redundant
  size_t pairs_listed = 0;       // above eda.list_threshold
  std::vector<std::string> top;  // by |ICIR| at the first horizon, at most eda.plot_features
  std::vector<double> top_icir;
  MergeStats ic_rows;              // feature_ic
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
