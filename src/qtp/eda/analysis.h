// Everything `qtp eda` derives from the daily statistics, in memory: their summaries, the pruning
// decisions, and the few extracts the plots need. Pure (no store, no files); run_eda.h gathers the
// inputs (computed and stored daily statistics, the stored feature values of the histograms) and
// writes the result out.
#pragma once

#include <string>
#include <vector>

#include "qtp/eda/daily_stats.h"
#include "qtp/eda/eda_params.h"
#include "qtp/eda/redundancy.h"
#include "qtp/eda/summaries.h"

namespace qtp::eda {

// Equal-width bins between two quantiles of a sample (values outside are not counted).
struct Bins {
  double low = 0;               // first bin's left edge
  double width = 0;             // bin width
  std::vector<double> density;  // per bin: share of all values / width
  size_t values = 0;            // sample size
  bool log10 = false;           // the bins are of log10(value) (a non-negative, very skewed sample)
  size_t zeros_left_out = 0;    // with log10: exact zeros, which have no logarithm (not in `values`)
};

// One feature's distribution (the distribution plot): its raw values (features_raw, every row;
// 1%..99% quantile range; in log10 when none is negative, at most 5% are zero (left out of the
// log plot and counted) and the positive values' 99% quantile exceeds 20 times their median) and its normalized values (features, every row: pooled over every day; 0.1%..99.9%).
struct Histogram {
  size_t feature = 0;
  Bins raw;
  Bins normalized;
};

// `bins` equal bins over the [tail, 1 - tail] quantile range of `values` (reordered).
Bins MakeBins(std::vector<double>& values, size_t bins, double tail);

// The histogram of `feature` from its finite normalized and raw values (both reordered).
Histogram MakeHistogram(size_t feature, std::vector<double>& normalized, std::vector<double>& raw);

struct EdaAnalysis {
  std::vector<std::string> features;  // predictors, registry order
  std::vector<DateDays> dates;        // the panel's days
  size_t tickers = 0;                 // with a features row on some day
  size_t ticker_days = 0;             // (ticker, day) rows with a close
  std::vector<Regime> regimes;
  DailyStats daily;
  std::vector<IcSummary> ic;            // feature-major, horizons ascending
  std::vector<StabilityRow> stability;  // see SummarizeStability
  CorrelationMatrix correlations;
  std::vector<FeatureScore> scores;  // per feature: stability at params.stability_window, ICIR at horizon 1
  std::vector<bool> has_data;        // per feature: some day had an IC
  Redundancy redundancy;
  std::vector<size_t> top;            // features with data by |ICIR| at the first horizon, descending
  std::vector<Histogram> histograms;  // of the first params.plot_features of `top` (filled by the caller)

  const IcSummary& Ic(size_t feature, size_t h) const { return ic[feature * daily.horizons.size() + h]; }
  // The summary row of (feature, window, regime), or nullptr.
  const StabilityRow* Stability(size_t feature, int window, const std::string& regime) const;
  // Mean daily rank IC at the first horizon over the days of `regime` (kAllRegimes: every day); NaN
  // when the regime has no day with an IC.
  double RegimeRankIc(size_t feature, const std::string& regime) const;
};

// The summaries of `daily` (statistics of `dates`, of the predictors `features`) and the pruning;
// `params` must be validated. tickers, ticker_days and histograms are left for the caller.
EdaAnalysis Analyze(DailyStats daily, std::vector<DateDays> dates, std::vector<std::string> features,
                    const EdaParams& params);
// The number of top features whose histograms are drawn.
size_t HistogramCount(const EdaAnalysis& a, const EdaParams& params);

}  // namespace qtp::eda
