#include "qtp/evaluation/summary.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace qtp::evaluation {
namespace {

constexpr double kTradingDaysPerYear = 252.0;

struct Moments {
  size_t n = 0;
  double mean = kNaN;
  double sd = kNaN;  // sample (n - 1)
};

template <typename Get>
Moments MomentsOf(std::span<const DayMetrics> days, Get get) {
  Moments m;
  double sum = 0, low = kNaN, high = kNaN;
  for (const DayMetrics& d : days) {
    const double v = get(d);
    if (std::isfinite(v)) {
      sum += v;
      low = m.n == 0 ? v : std::min(low, v);
      high = m.n == 0 ? v : std::max(high, v);
      ++m.n;
    }
  }
  if (m.n == 0) return m;
  m.mean = sum / static_cast<double>(m.n);
  if (m.n < 2) return m;
  if (low == high) {  // exactly constant: the rounded mean would leave a spurious tiny spread
    m.mean = low;
    m.sd = 0;
    return m;
  }
  double ss = 0;
  for (const DayMetrics& d : days) {
    const double v = get(d);
    if (std::isfinite(v)) ss += (v - m.mean) * (v - m.mean);
  }
  m.sd = std::sqrt(ss / static_cast<double>(m.n - 1));
  return m;
}

}  // namespace

double NeweyWestTStat(std::span<const double> x, int lag) {
  std::vector<double> e;
  e.reserve(x.size());
  double sum = 0;
  for (double v : x) {
    if (std::isfinite(v)) {
      e.push_back(v);
      sum += v;
    }
  }
  const size_t t_count = e.size();
  if (t_count < 2) return kNaN;
  // An exactly constant series has no variance, but its rounded mean would leave tiny residuals.
  if (std::all_of(e.begin(), e.end(), [&](double v) { return v == e.front(); })) return kNaN;
  const double mean = sum / static_cast<double>(t_count);
  for (double& v : e) v -= mean;
  const size_t max_lag = std::min(static_cast<size_t>(std::max(lag, 0)), t_count - 1);
  double long_run = 0;
  for (size_t j = 0; j <= max_lag; ++j) {
    double g = 0;
    for (size_t t = j; t < t_count; ++t) g += e[t] * e[t - j];
    const double weight = j == 0 ? 1.0 : 2.0 * (1.0 - static_cast<double>(j) / static_cast<double>(max_lag + 1));
    long_run += weight * g;
  }
  const double variance = long_run / (static_cast<double>(t_count) * static_cast<double>(t_count - 1));
  if (!(variance > 0)) return kNaN;
  return mean / std::sqrt(variance);
}

Summary Summarize(std::span<const DayMetrics> days, int horizon) {
  Summary s;
  const Moments ic = MomentsOf(days, [](const DayMetrics& d) { return d.ic; });
  const Moments rank_ic = MomentsOf(days, [](const DayMetrics& d) { return d.rank_ic; });
  s.days = rank_ic.n;
  s.mean_ic = ic.mean;
  s.sd_ic = ic.sd;
  s.mean_rank_ic = rank_ic.mean;
  s.sd_rank_ic = rank_ic.sd;
  if (rank_ic.sd > 0) {
    s.icir = rank_ic.mean / rank_ic.sd;
    s.icir_annualized = s.icir * std::sqrt(kTradingDaysPerYear / static_cast<double>(std::max(horizon, 1)));
  }
  s.newey_west_lag = std::max(horizon - 1, 0);
  std::vector<double> series;
  series.reserve(days.size());
  for (const DayMetrics& d : days) series.push_back(d.rank_ic);
  s.t_stat = NeweyWestTStat(series, s.newey_west_lag);
  s.hit_rate = MomentsOf(days, [](const DayMetrics& d) { return d.hit_rate; }).mean;
  s.top_minus_bottom = MomentsOf(days, [](const DayMetrics& d) { return d.top_minus_bottom; }).mean;
  s.rank_autocorr = MomentsOf(days, [](const DayMetrics& d) { return d.rank_autocorr; }).mean;
  return s;
}

}  // namespace qtp::evaluation
