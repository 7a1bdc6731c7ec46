#include "qtp/eda/analysis.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace qtp::eda {
namespace {

constexpr size_t kHistogramBins = 40;
constexpr double kRawTail = 0.01;          // raw features are heavy-tailed: show the 1% .. 99% range
constexpr double kNormalizedTail = 0.001;  // normalized ones are bounded: 0.1% .. 99.9%
constexpr double kLogSkew = 20;            // raw 99% quantile / median above this: bin log10 values
constexpr double kMaxZeroShare = 0.05;     // exact zeros (e.g. Amihud on a zero-return day) a log plot may leave out

// True when no value is negative, at most kMaxZeroShare of them are zero, and among the positive
// ones the upper tail dwarfs the median (reorders `values`).
bool VerySkewed(std::vector<double>& values) {
  if (values.empty() || *std::min_element(values.begin(), values.end()) < 0) return false;
  const auto positive_end = std::partition(values.begin(), values.end(), [](double x) { return x > 0; });
  const auto positives = static_cast<size_t>(positive_end - values.begin());
  if (positives == 0 || static_cast<double>(values.size() - positives) > kMaxZeroShare * static_cast<double>(values.size())) {
    return false;
  }
  auto at = [&](double q) {
    const auto k = static_cast<std::ptrdiff_t>(q * static_cast<double>(positives - 1));
    std::nth_element(values.begin(), values.begin() + k, positive_end);
    return values[static_cast<size_t>(k)];
  };
  return at(1.0 - kRawTail) > kLogSkew * at(0.5);
}

}  // namespace

Bins MakeBins(std::vector<double>& values, size_t bins, double tail) {
  Bins b;
  b.values = values.size();
  b.density.assign(bins, 0.0);
  if (values.empty()) return b;
  auto quantile = [&](double q) {
    const auto k = static_cast<std::ptrdiff_t>(q * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + k, values.end());
    return values[static_cast<size_t>(k)];
  };
  const double low = quantile(tail);
  const double high = quantile(1.0 - tail);
  b.low = low;
  b.width = high > low ? (high - low) / static_cast<double>(bins) : 1.0;
  for (double x : values) {
    const double bin = std::floor((x - low) / b.width);
    if (bin >= 0 && bin < static_cast<double>(bins)) b.density[static_cast<size_t>(bin)] += 1.0;
  }
  for (double& d : b.density) d /= static_cast<double>(values.size()) * b.width;
  return b;
}

Histogram MakeHistogram(size_t feature, std::vector<double>& normalized, std::vector<double>& raw) {
  Histogram h;
  h.feature = feature;
  h.normalized = MakeBins(normalized, kHistogramBins, kNormalizedTail);
  const bool log10 = VerySkewed(raw);
  size_t zeros = 0;
  if (log10) {
    zeros = static_cast<size_t>(std::count(raw.begin(), raw.end(), 0.0));
    std::erase(raw, 0.0);
    for (double& x : raw) x = std::log10(x);
  }
  h.raw = MakeBins(raw, kHistogramBins, kRawTail);
  h.raw.log10 = log10;
  h.raw.zeros_left_out = zeros;
  return h;
}

const StabilityRow* EdaAnalysis::Stability(size_t feature, int window, const std::string& regime) const {
  for (const StabilityRow& row : stability) {
    if (row.feature == feature && row.window == window && row.regime == regime) return &row;
  }
  return nullptr;
}

double EdaAnalysis::RegimeRankIc(size_t feature, const std::string& regime) const {
  double sum = 0;
  size_t days = 0;
  for (size_t t = 0; t < dates.size(); ++t) {
    const double x = daily.rank_ic[daily.IcIndex(feature, 0, t)];
    if (std::isfinite(x) && (regime == kAllRegimes || RegimeOf(regimes, dates[t]) == regime)) {
      sum += x;
      ++days;
    }
  }
  return days > 0 ? sum / static_cast<double>(days) : kNaN;
}

EdaAnalysis Analyze(DailyStats daily, std::vector<DateDays> dates, std::vector<std::string> features,
                    const EdaParams& params) {
  EdaAnalysis a;
  a.features = std::move(features);
  a.dates = std::move(dates);
  a.regimes = params.Regimes();
  a.daily = std::move(daily);
  a.ic = SummarizeIc(a.daily);
  a.stability = SummarizeStability(a.daily, a.dates, a.regimes, params.stability_threshold);
  a.correlations = AverageCorrelations(a.daily);

  const size_t n = a.features.size();
  a.scores.resize(n);
  a.has_data.resize(n);
  for (size_t f = 0; f < n; ++f) {
    if (const StabilityRow* row = a.Stability(f, params.stability_window, kAllRegimes)) {
      a.scores[f].stability = row->mean;
    }
    a.scores[f].icir = a.Ic(f, 0).rank.ir;
    a.has_data[f] = a.Ic(f, 0).rank.days > 0;
  }
  PruneOptions prune;
  prune.prune_threshold = params.prune_threshold;
  prune.list_threshold = params.list_threshold;
  prune.stability_tie = params.stability_tie;
  prune.stability_window = params.stability_window;
  prune.first_horizon = a.daily.horizons.front();
  a.redundancy = Prune(a.features, a.correlations, a.scores, prune);

  for (size_t f = 0; f < n; ++f) {
    if (std::isfinite(a.scores[f].icir)) a.top.push_back(f);
  }
  std::stable_sort(a.top.begin(), a.top.end(),
                   [&](size_t x, size_t y) { return std::fabs(a.scores[x].icir) > std::fabs(a.scores[y].icir); });
  return a;
}

size_t HistogramCount(const EdaAnalysis& a, const EdaParams& params) {
  return std::min(a.top.size(), static_cast<size_t>(params.plot_features));
}

}  // namespace qtp::eda
