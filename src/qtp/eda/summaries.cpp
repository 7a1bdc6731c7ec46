#include "qtp/eda/summaries.h"

#include <cmath>

namespace qtp::eda {

SeriesSummary Summarize(std::span<const double> series) {
  SeriesSummary s;
  double sum = 0;
  for (double x : series) {
    if (std::isfinite(x)) {
      sum += x;
      ++s.days;
    }
  }
  if (s.days == 0) return s;
  const double n = static_cast<double>(s.days);
  s.mean = sum / n;
  double ss = 0;
  size_t hits = 0;
  for (double x : series) {
    if (!std::isfinite(x)) continue;
    ss += (x - s.mean) * (x - s.mean);
    if ((s.mean > 0 && x > 0) || (s.mean < 0 && x < 0)) ++hits;
  }
  if (s.mean != 0) s.hit_rate = static_cast<double>(hits) / n;
  if (s.days >= 2 && ss > 0) {
    s.std = std::sqrt(ss / (n - 1));
    s.ir = s.mean / s.std;
    s.t_stat = s.mean / (s.std / std::sqrt(n));
  }
  return s;
}

std::vector<IcSummary> SummarizeIc(const DailyStats& stats) {
  std::vector<IcSummary> out;
  for (size_t f = 0; f < stats.num_features; ++f) {
    const size_t first = out.size();
    for (size_t h = 0; h < stats.horizons.size(); ++h) {
      IcSummary s;
      s.feature = f;
      s.horizon = stats.horizons[h];
      const size_t at = stats.IcIndex(f, h, 0);
      s.rank = Summarize(std::span(stats.rank_ic).subspan(at, stats.num_days));
      s.pearson = Summarize(std::span(stats.ic).subspan(at, stats.num_days));
      out.push_back(s);
    }
    if (!(std::fabs(out[first].rank.t_stat) >= kDecayMinT)) continue;
    for (size_t k = first; k < out.size(); ++k) out[k].decay = out[k].rank.mean / out[first].rank.mean;
  }
  return out;
}

std::vector<StabilityRow> SummarizeStability(const DailyStats& stats, const std::vector<DateDays>& dates,
                                             const std::vector<Regime>& regimes, double threshold) {
  std::vector<std::string> names = {kAllRegimes};
  for (const Regime& r : regimes) names.push_back(r.name);
  names.push_back(kCalmRegime);
  // Regime slot of each day: 1 + index of its stress window, or the last slot (calm).
  std::vector<size_t> slot(dates.size(), names.size() - 1);
  for (size_t t = 0; t < dates.size(); ++t) {
    for (size_t r = 0; r < regimes.size(); ++r) {
      if (dates[t] >= regimes[r].first && dates[t] <= regimes[r].last) slot[t] = r + 1;
    }
  }
  std::vector<StabilityRow> out;
  std::vector<double> sum(names.size());
  std::vector<size_t> days(names.size());
  for (size_t f = 0; f < stats.num_features; ++f) {
    for (size_t w = 0; w < stats.windows.size(); ++w) {
      std::fill(sum.begin(), sum.end(), 0.0);
      std::fill(days.begin(), days.end(), 0);
      for (size_t t = 0; t < stats.num_days; ++t) {
        const double x = stats.autocorr[stats.AutocorrIndex(f, w, t)];
        if (!std::isfinite(x)) continue;
        for (size_t k : {size_t{0}, slot[t]}) {
          sum[k] += x;
          ++days[k];
        }
      }
      for (size_t k = 0; k < names.size(); ++k) {
        StabilityRow row{f, stats.windows[w], names[k], kNaN, days[k], false};
        if (days[k] > 0) row.mean = sum[k] / static_cast<double>(days[k]);
        row.stable = row.mean >= threshold;
        out.push_back(std::move(row));
      }
    }
  }
  return out;
}

CorrelationMatrix AverageCorrelations(const DailyStats& stats) {
  const size_t n = stats.num_features;
  CorrelationMatrix m;
  m.num_features = n;
  m.mean.assign(n * n, kNaN);
  m.days.assign(n * n, 0);
  for (size_t a = 0; a < n; ++a) {
    for (size_t b = a + 1; b < n; ++b) {
      const size_t p = stats.PairIndex(a, b);
      double sum = 0;
      size_t days = 0;
      for (size_t t = 0; t < stats.num_days; ++t) {
        const double x = stats.corr[p * stats.num_days + t];
        if (std::isfinite(x)) {
          sum += x;
          ++days;
        }
      }
      const double mean = days > 0 ? sum / static_cast<double>(days) : kNaN;
      m.mean[a * n + b] = m.mean[b * n + a] = mean;
      m.days[a * n + b] = m.days[b * n + a] = days;
    }
  }
  // The diagonal: 1 for a feature with data on some day (an IC or a correlation was defined), else NaN.
  for (size_t a = 0; a < n; ++a) {
    bool any = false;
    for (size_t h = 0; h < stats.horizons.size() && !any; ++h) {
      for (size_t t = 0; t < stats.num_days && !any; ++t) any = stats.ic_n[stats.IcIndex(a, h, t)] > 0;
    }
    for (size_t b = 0; b < n && !any; ++b) any = m.days[a * n + b] > 0;
    if (any) m.mean[a * n + a] = 1.0;
  }
  return m;
}

}  // namespace qtp::eda
