#include "qtp/eda/redundancy.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace qtp::eda {
namespace {

// NaN sorts below every number.
double OrLowest(double x) { return std::isfinite(x) ? x : -1e300; }

std::string Num(double x, int digits = 3) { return std::isfinite(x) ? fmt::format("{:.{}f}", x, digits) : "n/a"; }

// Which of a, b to keep, and why.
std::pair<size_t, std::string> Decide(const std::vector<std::string>& names, size_t a, size_t b,
                                      const std::vector<FeatureScore>& scores, const PruneOptions& o) {
  const double sa = OrLowest(scores[a].stability), sb = OrLowest(scores[b].stability);
  const std::string stab = fmt::format("rank autocorrelation at w={}: {} vs {}", o.stability_window,
                                       Num(scores[a].stability), Num(scores[b].stability));
  if (std::fabs(sa - sb) > o.stability_tie) {
    const size_t keep = sa > sb ? a : b;
    return {keep, fmt::format("{} is more stable ({})", names[keep], stab)};
  }
  const double ia = OrLowest(std::fabs(scores[a].icir)), ib = OrLowest(std::fabs(scores[b].icir));
  const std::string ir = fmt::format("|ICIR| at h={}: {} vs {}", o.first_horizon, Num(std::fabs(scores[a].icir), 4),
                                     Num(std::fabs(scores[b].icir), 4));
  if (ia != ib) {
    const size_t keep = ia > ib ? a : b;
    return {keep, fmt::format("equally stable ({}, within {}); {} has the higher |ICIR| ({})", stab,
                              Num(o.stability_tie), names[keep], ir)};
  }
  return {a,
          fmt::format("equally stable ({}) and equal |ICIR| ({}); {} comes first in the registry", stab, ir, names[a])};
}

}  // namespace

Redundancy Prune(const std::vector<std::string>& names, const CorrelationMatrix& corr,
                 const std::vector<FeatureScore>& scores, const PruneOptions& options) {
  const size_t n = names.size();
  Redundancy out;
  out.dropped.assign(n, false);
  out.reason.assign(n, "");
  for (size_t a = 0; a < n; ++a) {
    for (size_t b = a + 1; b < n; ++b) {
      const double c = corr.at(a, b);
      if (std::isfinite(c) && std::fabs(c) > options.list_threshold) {
        out.pairs.push_back({a, b, c, corr.days[a * n + b], false, 0, ""});
      }
    }
  }
  std::stable_sort(out.pairs.begin(), out.pairs.end(), [](const CorrelatedPair& x, const CorrelatedPair& y) {
    return std::fabs(x.correlation) > std::fabs(y.correlation);
  });
  for (CorrelatedPair& p : out.pairs) {
    if (std::fabs(p.correlation) <= options.prune_threshold) {
      p.note = fmt::format("listed: |correlation| {} is not above the prune threshold {}",
                           Num(std::fabs(p.correlation)), Num(options.prune_threshold));
      continue;
    }
    if (out.dropped[p.a] || out.dropped[p.b]) {
      p.note = fmt::format("no decision needed: {} is already dropped", names[out.dropped[p.a] ? p.a : p.b]);
      continue;
    }
    const auto [keep, why] = Decide(names, p.a, p.b, scores, options);
    p.pruned = true;
    p.dropped = keep == p.a ? p.b : p.a;
    p.note = fmt::format("dropped {}, kept {}: {}", names[p.dropped], names[keep], why);
    out.dropped[p.dropped] = true;
    out.reason[p.dropped] = fmt::format("mean Spearman {} with {}; {}", Num(p.correlation), names[keep], why);
  }
  // Why each kept feature stays: every partner above the threshold was dropped (greedy order
  // guarantees it), in its favour or in another's.
  std::vector<std::string> won(n), partners(n);
  for (const CorrelatedPair& p : out.pairs) {
    if (std::fabs(p.correlation) <= options.prune_threshold) continue;
    for (const auto& [self, other] : {std::pair{p.a, p.b}, std::pair{p.b, p.a}}) {
      if (out.dropped[self]) continue;
      std::string& list = p.pruned && p.dropped == other ? won[self] : partners[self];
      list += (list.empty() ? "" : ", ") + names[other];
    }
  }
  for (size_t f = 0; f < n; ++f) {
    if (out.dropped[f]) continue;
    if (!won[f].empty()) {
      out.reason[f] = fmt::format("kept over {} (see their reasons)", won[f]);
    } else if (!partners[f].empty()) {
      out.reason[f] =
          fmt::format("its partners above the prune threshold ({}) were dropped in favour of others", partners[f]);
    } else {
      out.reason[f] = fmt::format("no predictor has a |mean Spearman| above {} with it", Num(options.prune_threshold));
    }
  }
  return out;
}

}  // namespace qtp::eda
