// Summaries of the daily statistics (daily_stats.h): IC statistics per feature and horizon,
// stability per feature, window and regime, and the date-averaged correlation matrix.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "qtp/core/bars.h"
#include "qtp/eda/daily_stats.h"
#include "qtp/eda/eda_params.h"

namespace qtp::eda {

// Over the finite values x_1..x_T of a daily series:
//   mean; std = sample standard deviation (T - 1); ir = mean / std; t_stat = mean / (std / sqrt(T));
//   hit_rate = share of the T days whose value has the sign of the mean (strictly; NaN when mean = 0).
// NOTE: for horizons h > 1 consecutive days' forward returns overlap, so the daily ICs are
// autocorrelated and this t_stat overstates significance by roughly sqrt(h).
// std, ir and t_stat are NaN when T < 2 or std = 0; everything is NaN when T = 0.
struct SeriesSummary {
  size_t days = 0;
  double mean = kNaN;
  double std = kNaN;
  double ir = kNaN;
  double t_stat = kNaN;
  double hit_rate = kNaN;
};
SeriesSummary Summarize(std::span<const double> series);

struct IcSummary {
  size_t feature = 0;
  int horizon = 0;
  SeriesSummary rank;     // of the daily rank IC: the headline numbers (ICIR = rank.ir)
  SeriesSummary pearson;  // of the daily Pearson IC
  // IC decay across horizons: rank.mean / rank.mean at the first horizon; NaN unless the first
  // horizon's |t_stat| >= kDecayMinT (a ratio of two noise means says nothing).
  double decay = kNaN;
};
inline constexpr double kDecayMinT = 2.0;
// One per (feature, horizon), feature-major, horizons ascending.
std::vector<IcSummary> SummarizeIc(const DailyStats& stats);

struct StabilityRow {
  size_t feature = 0;
  int window = 0;
  std::string regime;  // kAllRegimes, a stress regime's name, or kCalmRegime
  double mean = kNaN;  // mean daily rank autocorrelation
  size_t days = 0;
  bool stable = false;  // mean >= threshold
};
// Per feature and window: "all", then each stress regime (ascending), then "calm".
std::vector<StabilityRow> SummarizeStability(const DailyStats& stats, const std::vector<DateDays>& dates,
                                             const std::vector<Regime>& regimes, double threshold);

// Mean over days of the daily Spearman correlation of every feature pair (days where it is defined).
struct CorrelationMatrix {
  size_t num_features = 0;
  std::vector<double> mean;  // [a * num_features + b], symmetric, 1 on the diagonal of features with data
  std::vector<size_t> days;  // same layout
  double at(size_t a, size_t b) const { return mean[a * num_features + b]; }
};
CorrelationMatrix AverageCorrelations(const DailyStats& stats);

}  // namespace qtp::eda
