// Redundancy pruning: of every pair of predictors whose date-averaged Spearman correlation exceeds
// eda.prune_threshold in absolute value (a strongly negative pair carries the same information),
// one is dropped. Pairs are visited from the highest |correlation| down; a pair one of whose
// features is already dropped needs no further decision. Of the two, the more stable feature is
// kept (mean rank autocorrelation at eda.stability_window over all days; a feature without it
// counts as least stable); stabilities within eda.stability_tie of each other tie, and the tie
// goes to the higher |ICIR| (rank) at the first horizon, then to the feature listed first in the
// registry. Every decision carries its reason in words.
#pragma once

#include <string>
#include <vector>

#include "qtp/eda/summaries.h"

namespace qtp::eda {

struct FeatureScore {
  double stability = kNaN;  // mean rank autocorrelation at the deciding window
  double icir = kNaN;       // rank ICIR at the first horizon (signed)
};

struct CorrelatedPair {
  size_t a = 0;  // a < b (registry order)
  size_t b = 0;
  double correlation = kNaN;  // date-averaged Spearman
  size_t days = 0;
  bool pruned = false;  // above the prune threshold and decided here
  size_t dropped = 0;   // when pruned
  std::string note;     // the reason, or why no decision was needed
};

struct Redundancy {
  std::vector<CorrelatedPair> pairs;  // every pair above the list threshold, by |correlation| descending
  std::vector<bool> dropped;          // per feature
  std::vector<std::string> reason;    // per feature: why it was dropped, or why it stays
};

struct PruneOptions {
  double prune_threshold = 0.9;
  double list_threshold = 0.85;
  double stability_tie = 0.01;
  int stability_window = 5;  // for the wording of reasons
  int first_horizon = 1;
};

Redundancy Prune(const std::vector<std::string>& names, const CorrelationMatrix& corr,
                 const std::vector<FeatureScore>& scores, const PruneOptions& options);

}  // namespace qtp::eda
