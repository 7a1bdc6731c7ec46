#include "qtp/features/metrics/intraday.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstddef>
#include <numbers>

namespace qtp::features {
namespace {

constexpr double kPerMillion = 1e6;

}  // namespace

IntradayMetrics ComputeIntraday(const DayBarsView& day, double prev_close) {
  const size_t num_bars = day.close.size();
  assert(day.open.size() == num_bars && day.high.size() == num_bars && day.low.size() == num_bars &&
         day.volume.size() == num_bars);
  IntradayMetrics m;
  m.n_bars = static_cast<int>(num_bars);
  if (num_bars == 0) {
    return m;
  }

  double high = day.high[0];
  double low = day.low[0];
  double volume = day.volume[0];
  double dollar_volume = day.close[0] * day.volume[0];
  // Raw power sums of the returns, plus what bipower, semivariance, Amihud and the demeaned lag-1
  // autocorrelation need, all accumulated in the same loop so each bar costs one log.
  double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
  double s2_down = 0;
  double abs_cross = 0;  // Σ |r_i| |r_{i−1}|
  double cross = 0;      // Σ r_i r_{i−1}
  double amihud_sum = 0;
  int amihud_count = 0;
  double first_r = 0, prev_r = 0;  // after the loop prev_r is r_n
  for (size_t i = 1; i < num_bars; ++i) {
    high = std::max(high, day.high[i]);
    low = std::min(low, day.low[i]);
    volume += day.volume[i];
    const double bar_dollars = day.close[i] * day.volume[i];
    dollar_volume += bar_dollars;

    const double r = std::log(day.close[i] / day.close[i - 1]);
    const double r2 = r * r;
    s1 += r;
    s2 += r2;
    s3 += r2 * r;
    s4 += r2 * r2;
    if (r < 0) {
      s2_down += r2;
    }
    if (i == 1) {
      first_r = r;
    } else {
      abs_cross += std::abs(r) * std::abs(prev_r);
      cross += r * prev_r;
    }
    if (bar_dollars > 0) {
      amihud_sum += std::abs(r) / bar_dollars;
      ++amihud_count;
    }
    prev_r = r;
  }

  m.open = day.open[0];
  m.high = high;
  m.low = low;
  m.close = day.close[num_bars - 1];
  m.volume = volume;
  m.dollar_volume = dollar_volume;

  const double log_range = std::log(high / low);
  m.parkinson = std::sqrt(log_range * log_range / (4.0 * std::numbers::ln2));
  const double log_oc = std::log(m.close / m.open);
  const double gk_var = 0.5 * log_range * log_range - (2.0 * std::numbers::ln2 - 1.0) * log_oc * log_oc;
  m.garman_klass = gk_var >= 0 ? std::sqrt(gk_var) : kNaN;

  const int n = static_cast<int>(num_bars) - 1;
  m.n_returns = n;
  if (n == 0) {
    return m;
  }
  const double nd = n;
  m.rv_5m = std::sqrt(s2);
  if (s2 > 0) {
    m.rskew_5m = std::sqrt(nd) * s3 / (s2 * m.rv_5m);
    m.rkurt_5m = nd * s4 / (s2 * s2);
  }
  if (std::isfinite(prev_close) && prev_close > 0) {
    const double r_on = std::log(m.open / prev_close);
    m.rv_5m_overnight = std::sqrt(s2 + r_on * r_on);
  }
  if (n >= 2) {
    m.bipower_5m = std::sqrt(std::numbers::pi / 2.0 * (nd / (nd - 1.0)) * abs_cross);
  }
  m.rsv_down_5m = std::sqrt(s2_down);
  if (amihud_count > 0) {
    m.amihud_bar = amihud_sum / amihud_count * kPerMillion;
  }
  if (n >= 3) {
    // Demeaned sums from raw moments: Σ_{i≥2}(r_i − r̄)(r_{i−1} − r̄) expands to
    // cross − r̄·(2·s1 − r_1 − r_n) + (n − 1)·r̄². Intraday returns have |r̄| << sd, so the
    // cancellation costs nothing measurable.
    const double mean = s1 / nd;
    const double denom = s2 - nd * mean * mean;
    const double numer = cross - mean * (2.0 * s1 - first_r - prev_r) + (nd - 1.0) * mean * mean;
    if (denom > 0) {
      m.ac1_5m = numer / denom;
    }
  }
  return m;
}

double CorwinSchultzSpread(double high0, double low0, double close0, double high1, double low1) {
  const bool valid = std::isfinite(high0) && std::isfinite(low0) && std::isfinite(close0) && std::isfinite(high1) &&
                     std::isfinite(low1) && low0 > 0 && low1 > 0 && close0 > 0 && high0 >= low0 && high1 >= low1;
  if (!valid) {
    return kNaN;
  }
  // A gap between the days would otherwise count as range and inflate γ.
  if (low1 > close0) {
    const double gap = low1 - close0;
    high1 -= gap;
    low1 -= gap;
  } else if (high1 < close0) {
    const double gap = close0 - high1;
    high1 += gap;
    low1 += gap;
  }
  const double range0 = std::log(high0 / low0);
  const double range1 = std::log(high1 / low1);
  const double range01 = std::log(std::max(high0, high1) / std::min(low0, low1));
  const double beta = range0 * range0 + range1 * range1;
  const double gamma = range01 * range01;
  const double k = 3.0 - 2.0 * std::numbers::sqrt2;
  const double alpha = (std::sqrt(2.0 * beta) - std::sqrt(beta)) / k - std::sqrt(gamma / k);
  const double e_alpha = std::exp(alpha);
  const double spread = 2.0 * (e_alpha - 1.0) / (1.0 + e_alpha);
  return std::max(spread, 0.0);
}

}  // namespace qtp::features
