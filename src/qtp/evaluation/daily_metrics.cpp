#include "qtp/evaluation/daily_metrics.h"

#include <algorithm>
#include <cmath>

namespace qtp::evaluation {

double Median(std::vector<double>& values) {
  const size_t n = values.size();
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(values.begin(), mid, values.end());
  if (n % 2 == 1) return *mid;
  return 0.5 * (*mid + *std::max_element(values.begin(), mid));
}

namespace {

// Mean forward return of the k pairs at one end of `pairs` (ordered by score ascending; from the
// top when `top`), a tie group straddling the bucket edge weighted by the share of it that fits.
double BucketMean(std::span<const uint32_t> pairs, std::span<const double> score, std::span<const double> forward,
                  size_t k, bool top) {
  const size_t n = pairs.size();
  auto at = [&](size_t j) { return pairs[top ? n - 1 - j : j]; };
  double sum = 0;
  size_t slots = k;
  for (size_t g = 0; g < n && slots > 0;) {
    size_t h = g;
    double group_sum = 0;
    while (h < n && score[at(h)] == score[at(g)]) group_sum += forward[at(h++)];
    const size_t size = h - g;
    const size_t take = std::min(size, slots);
    sum += take == size ? group_sum : group_sum * static_cast<double>(take) / static_cast<double>(size);
    slots -= take;
    g = h;
  }
  return sum / static_cast<double>(k);
}

}  // namespace

DayMetrics ScoreDay(std::span<const double> score, std::span<const double> forward,
                    std::span<const double> previous_score, const ScoreDayParams& params, DayScratch& scratch) {
  DayMetrics m;
  if (score.size() != forward.size() || (!previous_score.empty() && previous_score.size() != score.size())) return m;

  scratch.pairs.clear();
  for (size_t i = 0; i < score.size(); ++i) {
    if (std::isfinite(score[i]) && std::isfinite(forward[i])) scratch.pairs.push_back(static_cast<uint32_t>(i));
  }
  m.n = scratch.pairs.size();
  if (m.n < params.min_tickers || m.n == 0) return m;

  m.ic = eda::Pearson(score, forward).value;
  scratch.score.Assign(score);
  scratch.forward.Assign(forward);
  m.rank_ic = eda::Spearman(scratch.score, scratch.forward, scratch.rank).value;
  if (!previous_score.empty()) {
    scratch.previous.Assign(previous_score);
    m.rank_autocorr = eda::Spearman(scratch.score, scratch.previous, scratch.rank).value;
  }

  scratch.median.clear();
  for (uint32_t i : scratch.pairs) scratch.median.push_back(score[i]);
  const double score_median = Median(scratch.median);
  scratch.median.clear();
  for (uint32_t i : scratch.pairs) scratch.median.push_back(forward[i]);
  const double forward_median = Median(scratch.median);
  size_t hits = 0;
  for (uint32_t i : scratch.pairs) hits += (score[i] > score_median) == (forward[i] > forward_median);
  m.hit_rate = static_cast<double>(hits) / static_cast<double>(m.n);

  const size_t q = params.quantiles > 0 ? static_cast<size_t>(params.quantiles) : 0;
  if (q > 0 && m.n >= 2 * q) {
    // Ordered by score; the index breaks ties only to make the sort deterministic, BucketMean
    // weights tie groups so the result does not depend on it.
    std::sort(scratch.pairs.begin(), scratch.pairs.end(),
              [&](uint32_t a, uint32_t b) { return score[a] < score[b] || (score[a] == score[b] && a < b); });
    const size_t k = m.n / q;
    m.top_minus_bottom =
        BucketMean(scratch.pairs, score, forward, k, true) - BucketMean(scratch.pairs, score, forward, k, false);
  }
  return m;
}

DayMetrics ScoreDay(std::span<const double> score, std::span<const double> forward,
                    std::span<const double> previous_score, const ScoreDayParams& params) {
  DayScratch scratch;
  return ScoreDay(score, forward, previous_score, params, scratch);
}

}  // namespace qtp::evaluation
