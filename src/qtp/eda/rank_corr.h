// Cross-sectional correlation kernels. A cross-section is one value per ticker (NaN: missing).
// Correlations are pairwise complete: computed over the tickers with a value on both sides, and the
// Spearman ranks are taken within exactly those tickers (average ranks for ties), so a ticker
// missing on one side never shifts the other side's ranks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "qtp/core/bars.h"

namespace qtp::eda {

struct Correlation {
  double value = kNaN;  // NaN: fewer than 2 pairs, or one side constant over them
  size_t n = 0;         // pairs used
};

// Buffers of the re-ranking path, reused across calls (one per thread).
struct RankScratch {
  std::vector<uint64_t> common;
  std::vector<double> rank_a;
  std::vector<double> rank_b;
  std::vector<uint32_t> kept;
};

// One cross-section with its ranks, prepared once (O(n log n)) and then correlated with many
// others: when both sides have values on the same tickers the Spearman correlation is one dot
// product of the stored centered ranks; otherwise the ranks are redone within the common tickers
// in O(n) from the stored sort order. Holds a view of `values`: they must outlive it.
class RankedVector {
 public:
  // Reuses the buffers of a previous Assign.
  void Assign(std::span<const double> values);

  std::span<const double> values() const { return values_; }
  size_t count() const { return order_.size(); }  // finite values

 private:
  friend Correlation Spearman(const RankedVector& a, const RankedVector& b, RankScratch& scratch);

  std::span<const double> values_;
  std::vector<uint32_t> order_;    // positions of the finite values, ascending by value
  std::vector<double> centered_;   // average rank - (count + 1) / 2 at finite positions, 0 elsewhere
  std::vector<uint64_t> present_;  // bit i set: values_[i] finite
  double sum_sq_ = 0;              // sum of centered_^2
  std::vector<uint32_t> kept_;     // Assign's buffer
};

// Spearman rank correlation of a and b (same length) over the positions finite in both.
Correlation Spearman(const RankedVector& a, const RankedVector& b, RankScratch& scratch);

// Pearson correlation of x and y (same length) over the positions finite in both.
Correlation Pearson(std::span<const double> x, std::span<const double> y);

}  // namespace qtp::eda
