// The distribution-shift statistics of the monitor: the population stability index over bins fixed
// on a reference sample, the two-sample Kolmogorov–Smirnov statistic, and the distance between two
// correlation structures. Pure functions of their inputs; non-finite values are ignored.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace qtp::monitor {

// The interior cut points of `bins` equal-count bins of `reference` (bins − 1 ascending values, ties
// merged: a reference with few distinct values gets fewer bins). Empty when fewer than 2 finite values.
std::vector<double> QuantileEdges(std::span<const double> reference, int bins);

// PSI = Σ_b (c_b − r_b) · ln(c_b / r_b) over the bins of `edges` (bin b holds edges[b−1] ≤ x < edges[b]),
// r_b and c_b the shares of the finite reference and current values. An empty bin's share is floored
// at kPsiFloor so one empty bin does not make the index infinite. NaN when either side has no value.
double PopulationStabilityIndex(std::span<const double> reference, std::span<const double> current,
                                std::span<const double> edges);
inline constexpr double kPsiFloor = 1e-4;

// sup_x |F_a(x) − F_b(x)| of the empirical distribution functions of the finite values (ties handled:
// both functions step at a shared value together). NaN when either side has no value.
double KolmogorovSmirnov(std::span<const double> a, std::span<const double> b);

// The Pearson correlation of every pair of `columns` (equal lengths; a row counts for a pair when both
// values are finite), upper triangle a < b in row-major pair order; NaN below 3 rows or for a constant.
std::vector<double> PairwiseCorrelations(const std::vector<std::vector<double>>& columns);

// The average rank (1-based; ties share the mean of their ranks) of every finite value; NaN stays NaN.
// Pearson correlations of ranks are Spearman correlations.
std::vector<double> AverageRanks(std::span<const double> values);

// Mean |a_i − b_i| over the pairs finite in both; NaN when none is.
double MeanAbsoluteChange(std::span<const double> a, std::span<const double> b);

// The monitor's feature drift rule, shared by its alert and the retrain trigger: a feature drifts when any
// of its statistics is at alert level, and the features drift together when at least `share` of them do.
class FeatureDriftTally {
 public:
  void Add(const std::string& feature, const std::string& status);
  size_t features() const { return features_.size(); }
  // The drifting features in the order first seen, or none when they are fewer than `share` of all.
  std::vector<std::string> Drifting(double share) const;

 private:
  std::vector<std::string> features_, drifting_;  // first-seen order, no repeats
};

}  // namespace qtp::monitor
