#include "qtp/universe/score.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "qtp/data/store/feature_columns.h"

namespace qtp::universe {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

void PercentileRanks(std::span<const double> x, std::span<double> out, std::vector<uint32_t>& order) {
  order.clear();
  for (size_t i = 0; i < x.size(); ++i) {
    out[i] = kNaN;
    if (std::isfinite(x[i])) order.push_back(static_cast<uint32_t>(i));
  }
  const size_t m = order.size();
  if (m == 1) {
    out[order[0]] = 0.5;
    return;
  }
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return x[a] < x[b]; });
  const double scale = 1.0 / static_cast<double>(m - 1);
  for (size_t i = 0; i < m;) {
    size_t j = i;
    while (j + 1 < m && x[order[j + 1]] == x[order[i]]) ++j;
    // 0-based ranks i..j share their mean.
    const double pct = 0.5 * static_cast<double>(i + j) * scale;
    for (size_t t = i; t <= j; ++t) out[order[t]] = pct;
    i = j + 1;
  }
}

CrossSectionScorer::CrossSectionScorer(ScoreGroups groups) {
  const TableSpec& spec = schema::FeaturesRaw();
  for (size_t g = 0; g < kNumGroups; ++g) {
    groups_[g].weight = groups[g].weight;
    weight_sum_ += groups[g].weight;
    for (const ScoreColumn& c : groups[g].columns) {
      groups_[g].columns.push_back({spec.ColumnIndex(c.feature), c.negate, c.absolute});
    }
  }
}

void CrossSectionScorer::Score(const Table& features, std::span<const uint32_t> candidates, DayScores& out) {
  const size_t n = candidates.size();
  values_.resize(n);
  pct_.resize(n);
  sum_.resize(n);
  count_.resize(n);
  out.score.assign(n, 0.0);
  out.rank.assign(n, 0);
  out.scored = 0;
  scored_.assign(n, 1);
  for (size_t g = 0; g < kNumGroups; ++g) {
    const Group& group = groups_[g];
    std::fill(sum_.begin(), sum_.end(), 0.0);
    std::fill(count_.begin(), count_.end(), 0u);
    for (const Column& c : group.columns) {
      const auto& raw = std::get<std::vector<double>>(features.columns()[static_cast<size_t>(c.index)]);
      for (size_t j = 0; j < n; ++j) {
        double v = raw[candidates[j]];
        if (c.absolute) v = std::fabs(v);
        values_[j] = c.negate ? -v : v;
      }
      PercentileRanks(values_, pct_, order_);
      for (size_t j = 0; j < n; ++j) {
        if (std::isnan(pct_[j])) continue;
        sum_[j] += pct_[j];
        ++count_[j];
      }
    }
    std::vector<double>& sub = out.group[g];
    sub.resize(n);
    for (size_t j = 0; j < n; ++j) {
      sub[j] = count_[j] > 0 ? sum_[j] / count_[j] : kNaN;
      if (group.weight <= 0) continue;
      if (std::isnan(sub[j])) {
        scored_[j] = 0;
      } else {
        out.score[j] += group.weight * sub[j];
      }
    }
  }
  order_.clear();
  for (size_t j = 0; j < n; ++j) {
    if (scored_[j]) {
      out.score[j] /= weight_sum_;
      order_.push_back(static_cast<uint32_t>(j));
    } else {
      out.score[j] = kNaN;
    }
  }
  const auto& ticker = features.Column<std::string>("ticker");
  std::sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) {
    if (out.score[a] != out.score[b]) return out.score[a] > out.score[b];
    return ticker[candidates[a]] < ticker[candidates[b]];
  });
  for (size_t r = 0; r < order_.size(); ++r) out.rank[order_[r]] = static_cast<int64_t>(r + 1);
  out.scored = order_.size();
}

}  // namespace qtp::universe
