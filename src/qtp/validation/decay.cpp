#include "qtp/validation/decay.h"

#include <algorithm>
#include <cmath>

#include "qtp/core/bars.h"
#include "qtp/eda/daily_stats.h"
#include "qtp/eda/rank_corr.h"

namespace qtp::validation {

ForwardReturns ComputeForwardReturns(const eda::Panel& panel, std::vector<int> horizons) {
  if (std::find(horizons.begin(), horizons.end(), 1) == horizons.end()) horizons.push_back(1);
  std::sort(horizons.begin(), horizons.end());
  ForwardReturns out;
  out.horizons = horizons;
  out.num_days = panel.num_days();
  out.num_tickers = panel.num_tickers();
  std::vector<double> day;
  for (const int h : horizons) {
    std::vector<double>& values = out.values.emplace_back();
    values.reserve(out.num_days * out.num_tickers);
    for (size_t d = 0; d < out.num_days; ++d) {
      eda::ForwardReturns(panel, d, h, false, day);
      values.insert(values.end(), day.begin(), day.end());
    }
  }
  return out;
}

DecayProfile ComputeDecay(const ForwardReturns& forward, const DayScores& scores, size_t first, size_t end,
                          size_t min_tickers) {
  const size_t nh = forward.horizons.size();
  DecayProfile p;
  p.horizons = forward.horizons;
  std::vector<double> horizon_sum(nh, 0), lag_sum(nh, 0);
  std::vector<size_t> horizon_n(nh, 0), lag_n(nh, 0);
  p.daily_ic.assign(end - first, kNaN);
  eda::RankedVector score, returns;
  eda::RankScratch scratch;
  auto ic = [&](std::span<const double> r, double& sum, size_t& n) {
    returns.Assign(r);
    const eda::Correlation c = eda::Spearman(score, returns, scratch);
    if (c.n < min_tickers || !std::isfinite(c.value)) return kNaN;
    sum += c.value;
    ++n;
    return c.value;
  };
  for (size_t d = first; d < end; ++d) {
    score.Assign(scores(d));
    if (score.count() < min_tickers) continue;
    for (size_t h = 0; h < nh; ++h) {
      const double value = ic(forward.At(h, d), horizon_sum[h], horizon_n[h]);
      if (h == 0) p.daily_ic[d - first] = value;
      const size_t lag_day = d + static_cast<size_t>(forward.horizons[h]) - 1;
      if (lag_day < forward.num_days) ic(forward.At(0, lag_day), lag_sum[h], lag_n[h]);
    }
  }
  for (size_t h = 0; h < nh; ++h) {
    p.horizon_ic.push_back(horizon_n[h] ? horizon_sum[h] / static_cast<double>(horizon_n[h]) : kNaN);
    p.lag_ic.push_back(lag_n[h] ? lag_sum[h] / static_cast<double>(lag_n[h]) : kNaN);
  }
  p.half_life = HalfLife(p.horizons, p.lag_ic);
  return p;
}

double HalfLife(std::span<const int> lags, std::span<const double> lag_ic) {
  if (lags.empty() || !(lag_ic[0] > 0)) return kNaN;
  const double half = lag_ic[0] / 2;
  for (size_t k = 1; k < lags.size(); ++k) {
    if (!(lag_ic[k] <= half)) continue;  // NaN counts as not yet fallen
    const double previous = lag_ic[k - 1];
    if (!std::isfinite(previous)) return lags[k];
    const double fraction = (previous - half) / (previous - lag_ic[k]);
    return lags[k - 1] + fraction * (lags[k] - lags[k - 1]);
  }
  return std::numeric_limits<double>::infinity();
}

}  // namespace qtp::validation
