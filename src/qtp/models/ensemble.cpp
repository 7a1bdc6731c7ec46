#include "qtp/models/ensemble.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace qtp::models {

void DailyPercentiles(const RowBlock& rows, std::span<const double> scores, size_t first_day, size_t end_day,
                      std::span<double> out) {
  std::vector<size_t> finite_rows;
  std::vector<double> values;
  std::vector<size_t> order;
  std::vector<double> ranks;
  for (size_t d = first_day; d < end_day; ++d) {
    finite_rows.clear();
    values.clear();
    for (size_t r = rows.day_begin[d]; r < rows.day_begin[d + 1]; ++r) {
      out[r] = std::nan("");
      if (!std::isfinite(scores[r])) continue;
      finite_rows.push_back(r);
      values.push_back(scores[r]);
    }
    AverageRanks(values, order, ranks);
    const double n = static_cast<double>(values.size());
    for (size_t k = 0; k < finite_rows.size(); ++k) out[finite_rows[k]] = (ranks[k] - 0.5) / n;
  }
}

void CombinePercentiles(const std::vector<std::vector<double>>& percentiles, std::span<const double> weights,
                        size_t begin, size_t end, std::span<double> out) {
  for (size_t r = begin; r < end; ++r) {
    double sum = 0;
    double weight = 0;
    for (size_t m = 0; m < percentiles.size(); ++m) {
      const double p = percentiles[m][r];
      if (!std::isfinite(p)) continue;
      sum += weights[m] * p;
      weight += weights[m];
    }
    out[r] = weight > 0 ? sum / weight : std::nan("");
  }
}

std::vector<double> IcWeights(const std::vector<std::vector<double>>& daily_rank_ic, size_t known_end) {
  std::vector<double> w(daily_rank_ic.size(), 0.0);
  for (size_t m = 0; m < daily_rank_ic.size(); ++m) {
    double sum = 0;
    size_t n = 0;
    for (size_t d = 0; d < std::min(known_end, daily_rank_ic[m].size()); ++d) {
      if (std::isfinite(daily_rank_ic[m][d])) {
        sum += daily_rank_ic[m][d];
        ++n;
      }
    }
    w[m] = n > 0 ? std::max(0.0, sum / static_cast<double>(n)) : 0.0;
  }
  const double total = std::accumulate(w.begin(), w.end(), 0.0);
  for (double& x : w) x = total > 0 ? x / total : 1.0 / static_cast<double>(w.size());
  return w;
}

}  // namespace qtp::models
