// Shared helpers of the learner tests: a small owned panel that hands out DesignViews (whole or a
// day range), and the mean daily Spearman correlation computed the plain way.
#pragma once

#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <span>
#include <vector>

#include "qtp/models/design.h"
#include "test_util/plain_stats.h"

namespace qtp::models::testing {

// Rows in day order, row-major float features, one label per row.
struct Panel {
  size_t cols = 0;
  std::vector<float> x;
  std::vector<double> label;
  std::vector<uint32_t> group_sizes;

  size_t DayBegin(size_t day) const {
    return std::accumulate(group_sizes.begin(), group_sizes.begin() + static_cast<long>(day), size_t{0});
  }
  // Days [first_day, end_day) as a view into this panel.
  DesignView Days(size_t first_day, size_t end_day) const {
    const size_t begin = DayBegin(first_day);
    const size_t end = DayBegin(end_day);
    return DesignView{.x = std::span<const float>(x).subspan(begin * cols, (end - begin) * cols),
                      .cols = cols,
                      .label = std::span<const double>(label).subspan(begin, end - begin),
                      .group_sizes = std::span<const uint32_t>(group_sizes).subspan(first_day, end_day - first_day)};
  }
  DesignView All() const { return Days(0, group_sizes.size()); }
  float X(size_t row, size_t col) const { return x[row * cols + col]; }
};

// `days` days of `per_day` rows, features N(0, 1) (drawn in row-major order from one mt19937
// seeded `seed`), label = signal * x0 + N(0, 1). Features of days >= shift_day are scaled by 3, a
// regime change that moves their quantiles.
inline Panel SimulatedPanel(size_t days, uint32_t per_day, size_t cols, double signal, uint64_t seed,
                            size_t shift_day = SIZE_MAX) {
  Panel p;
  p.cols = cols;
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  for (size_t d = 0; d < days; ++d) {
    p.group_sizes.push_back(per_day);
    const double scale = d >= shift_day ? 3.0 : 1.0;
    for (uint32_t i = 0; i < per_day; ++i) {
      for (size_t j = 0; j < cols; ++j) p.x.push_back(static_cast<float>(scale * normal(rng)));
      p.label.push_back(signal * p.x[p.x.size() - cols] / scale + normal(rng));
    }
  }
  return p;
}

// Mean over days of the Spearman correlation of scores and labels (every day counts).
inline double PlainMeanDailyRankIc(const DesignView& rows, std::span<const double> scores) {
  double sum = 0;
  size_t begin = 0;
  for (const uint32_t size : rows.group_sizes) {
    const std::vector<double> s(scores.begin() + static_cast<long>(begin),
                                scores.begin() + static_cast<long>(begin + size));
    const std::vector<double> y(rows.label.begin() + static_cast<long>(begin),
                                rows.label.begin() + static_cast<long>(begin + size));
    sum += test_util::Pearson(test_util::AverageRanks(s), test_util::AverageRanks(y));
    begin += size;
  }
  return sum / static_cast<double>(rows.group_sizes.size());
}

}  // namespace qtp::models::testing
