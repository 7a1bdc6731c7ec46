#include "qtp/eda/rank_corr.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace qtp::eda {
namespace {

bool Has(const std::vector<uint64_t>& bits, size_t i) { return (bits[i / 64] >> (i % 64)) & 1U; }

// Average 1-based ranks, centered on (m + 1) / 2, of the values at the positions of `order`
// (ascending by value) whose bit is set in `keep`; written to rank[position]. Returns m.
size_t CenteredRanks(std::span<const double> values, std::span<const uint32_t> order, const std::vector<uint64_t>& keep,
                     std::vector<double>& rank, std::vector<uint32_t>& kept) {
  kept.clear();
  for (uint32_t i : order) {
    if (Has(keep, i)) kept.push_back(i);
  }
  const size_t m = kept.size();
  const double center = 0.5 * static_cast<double>(m + 1);
  for (size_t g = 0; g < m;) {
    size_t h = g + 1;
    while (h < m && values[kept[h]] == values[kept[g]]) ++h;
    const double average = 0.5 * static_cast<double>(g + 1 + h);  // mean of the ranks g+1 .. h
    for (size_t k = g; k < h; ++k) rank[kept[k]] = average - center;
    g = h;
  }
  return m;
}

}  // namespace

void RankedVector::Assign(std::span<const double> values) {
  values_ = values;
  const size_t n = values.size();
  order_.clear();
  present_.assign((n + 63) / 64, 0);
  for (size_t i = 0; i < n; ++i) {
    if (std::isfinite(values[i])) {
      order_.push_back(static_cast<uint32_t>(i));
      present_[i / 64] |= uint64_t{1} << (i % 64);
    }
  }
  std::sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) { return values[a] < values[b]; });
  centered_.assign(n, 0.0);
  CenteredRanks(values, order_, present_, centered_, kept_);
  sum_sq_ = 0;
  for (double r : centered_) sum_sq_ += r * r;
}

Correlation Spearman(const RankedVector& a, const RankedVector& b, RankScratch& scratch) {
  const size_t n = a.values_.size();
  if (a.present_ == b.present_) {
    // Same tickers on both sides: the stored ranks are the pairwise-complete ranks.
    Correlation c;
    c.n = a.count();
    if (c.n < 2 || a.sum_sq_ <= 0 || b.sum_sq_ <= 0) return c;
    double dot = 0;
    for (size_t i = 0; i < n; ++i) dot += a.centered_[i] * b.centered_[i];
    c.value = dot / std::sqrt(a.sum_sq_ * b.sum_sq_);
    return c;
  }
  scratch.common.resize(a.present_.size());
  for (size_t w = 0; w < a.present_.size(); ++w) scratch.common[w] = a.present_[w] & b.present_[w];
  scratch.rank_a.resize(n);
  scratch.rank_b.resize(n);
  Correlation c;
  c.n = CenteredRanks(a.values_, a.order_, scratch.common, scratch.rank_a, scratch.kept);
  CenteredRanks(b.values_, b.order_, scratch.common, scratch.rank_b, scratch.kept);
  if (c.n < 2) return c;
  double ab = 0, aa = 0, bb = 0;
  for (size_t w = 0; w < scratch.common.size(); ++w) {
    for (uint64_t bits = scratch.common[w]; bits != 0; bits &= bits - 1) {
      const size_t i = w * 64 + static_cast<size_t>(std::countr_zero(bits));
      ab += scratch.rank_a[i] * scratch.rank_b[i];
      aa += scratch.rank_a[i] * scratch.rank_a[i];
      bb += scratch.rank_b[i] * scratch.rank_b[i];
    }
  }
  if (aa > 0 && bb > 0) c.value = ab / std::sqrt(aa * bb);
  return c;
}

Correlation Pearson(std::span<const double> x, std::span<const double> y) {
  Correlation c;
  double sx = 0, sy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    if (std::isfinite(x[i]) && std::isfinite(y[i])) {
      sx += x[i];
      sy += y[i];
      ++c.n;
    }
  }
  if (c.n < 2) return c;
  const double mx = sx / static_cast<double>(c.n), my = sy / static_cast<double>(c.n);
  double xy = 0, xx = 0, yy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    if (std::isfinite(x[i]) && std::isfinite(y[i])) {
      xy += (x[i] - mx) * (y[i] - my);
      xx += (x[i] - mx) * (x[i] - mx);
      yy += (y[i] - my) * (y[i] - my);
    }
  }
  if (xx > 0 && yy > 0) c.value = xy / std::sqrt(xx * yy);
  return c;
}

}  // namespace qtp::eda
