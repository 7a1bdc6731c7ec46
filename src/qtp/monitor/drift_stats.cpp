#include "qtp/monitor/drift_stats.h"

#include <algorithm>
#include <cmath>

#include "qtp/core/bars.h"
#include "qtp/eda/rank_corr.h"

namespace qtp::monitor {
namespace {

std::vector<double> SortedFinite(std::span<const double> values) {
  std::vector<double> out;
  out.reserve(values.size());
  for (double v : values) {
    if (std::isfinite(v)) out.push_back(v);
  }
  // A reference compared with many windows is passed sorted once by its caller: no second sort.
  if (!std::is_sorted(out.begin(), out.end())) std::sort(out.begin(), out.end());
  return out;
}

// Shares of `sorted` per bin of `edges` (upper_bound: a value equal to an edge belongs to the bin above it).
std::vector<double> BinShares(const std::vector<double>& sorted, std::span<const double> edges) {
  std::vector<double> shares(edges.size() + 1, 0.0);
  for (double v : sorted) {
    shares[static_cast<size_t>(std::upper_bound(edges.begin(), edges.end(), v) - edges.begin())] += 1;
  }
  for (double& s : shares) s = std::max(s / static_cast<double>(sorted.size()), kPsiFloor);
  return shares;
}

}  // namespace

std::vector<double> QuantileEdges(std::span<const double> reference, int bins) {
  const std::vector<double> sorted = SortedFinite(reference);
  std::vector<double> edges;
  if (sorted.size() < 2 || bins < 2) return edges;
  for (int b = 1; b < bins; ++b) {
    // The first value of the b-th equal-count bin: the edges split the sorted sample into `bins` runs.
    const size_t at = std::min(sorted.size() - 1, sorted.size() * static_cast<size_t>(b) / static_cast<size_t>(bins));
    const double edge = sorted[at];
    if (edge > sorted.front() && (edges.empty() || edge > edges.back())) edges.push_back(edge);
  }
  return edges;
}

double PopulationStabilityIndex(std::span<const double> reference, std::span<const double> current,
                                std::span<const double> edges) {
  const std::vector<double> ref = SortedFinite(reference);
  const std::vector<double> cur = SortedFinite(current);
  if (ref.empty() || cur.empty()) return kNaN;
  const std::vector<double> r = BinShares(ref, edges);
  const std::vector<double> c = BinShares(cur, edges);
  double psi = 0;
  for (size_t b = 0; b < r.size(); ++b) psi += (c[b] - r[b]) * std::log(c[b] / r[b]);
  return psi;
}

double KolmogorovSmirnov(std::span<const double> a, std::span<const double> b) {
  const std::vector<double> x = SortedFinite(a);
  const std::vector<double> y = SortedFinite(b);
  if (x.empty() || y.empty()) return kNaN;
  size_t i = 0, j = 0;
  double sup = 0;
  while (i < x.size() && j < y.size()) {
    const double v = std::min(x[i], y[j]);
    while (i < x.size() && x[i] == v) ++i;
    while (j < y.size() && y[j] == v) ++j;
    sup = std::max(sup, std::abs(static_cast<double>(i) / static_cast<double>(x.size()) -
                                 static_cast<double>(j) / static_cast<double>(y.size())));
  }
  return sup;
}

std::vector<double> PairwiseCorrelations(const std::vector<std::vector<double>>& columns) {
  std::vector<double> out;
  for (size_t a = 0; a < columns.size(); ++a) {
    for (size_t b = a + 1; b < columns.size(); ++b) {
      const eda::Correlation c = eda::Pearson(columns[a], columns[b]);
      out.push_back(c.n < 3 ? kNaN : c.value);
    }
  }
  return out;
}

std::vector<double> AverageRanks(std::span<const double> values) {
  std::vector<size_t> order;
  for (size_t i = 0; i < values.size(); ++i) {
    if (std::isfinite(values[i])) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size(), kNaN);
  for (size_t first = 0; first < order.size();) {
    size_t end = first + 1;
    while (end < order.size() && values[order[end]] == values[order[first]]) ++end;
    const double rank = (static_cast<double>(first + end) + 1) / 2;  // mean of first + 1 .. end
    for (size_t i = first; i < end; ++i) ranks[order[i]] = rank;
    first = end;
  }
  return ranks;
}

double MeanAbsoluteChange(std::span<const double> a, std::span<const double> b) {
  double sum = 0;
  size_t n = 0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (!std::isfinite(a[i]) || !std::isfinite(b[i])) continue;
    sum += std::abs(a[i] - b[i]);
    ++n;
  }
  return n == 0 ? kNaN : sum / static_cast<double>(n);
}

void FeatureDriftTally::Add(const std::string& feature, const std::string& status) {
  if (std::find(features_.begin(), features_.end(), feature) == features_.end()) features_.push_back(feature);
  if (status == "alert" && std::find(drifting_.begin(), drifting_.end(), feature) == drifting_.end()) {
    drifting_.push_back(feature);
  }
}

std::vector<std::string> FeatureDriftTally::Drifting(double share) const {
  const bool enough =
      !drifting_.empty() && static_cast<double>(drifting_.size()) >= share * static_cast<double>(features_.size());
  return enough ? drifting_ : std::vector<std::string>();
}

}  // namespace qtp::monitor
