// Redundancy pruning: which feature of a correlated pair is kept, and the reason recorded.
#include "qtp/eda/redundancy.h"

#include <gtest/gtest.h>

#include "qtp/core/bars.h"
#include "test_util/text.h"

#include <cmath>

namespace qtp::eda {
namespace {

using test_util::Contains;

CorrelationMatrix Matrix(size_t n, const std::vector<std::tuple<size_t, size_t, double>>& pairs) {
  CorrelationMatrix m;
  m.num_features = n;
  m.mean.assign(n * n, 0.0);
  m.days.assign(n * n, 250);
  for (size_t i = 0; i < n; ++i) m.mean[i * n + i] = 1.0;
  for (const auto& [a, b, c] : pairs) m.mean[a * n + b] = m.mean[b * n + a] = c;
  return m;
}

TEST(Prune, KeepsTheMoreStableFeatureAndSaysWhy) {
  const std::vector<std::string> names = {"fast", "slow"};
  const Redundancy r = Prune(names, Matrix(2, {{0, 1, 0.95}}), {{0.60, 0.9}, {0.85, 0.01}}, PruneOptions{});
  EXPECT_EQ(r.dropped, (std::vector<bool>{true, false})) << "the less stable one goes, despite its higher |ICIR|";
  ASSERT_EQ(r.pairs.size(), 1u);
  EXPECT_TRUE(r.pairs[0].pruned);
  EXPECT_EQ(r.pairs[0].dropped, 0u);
  EXPECT_TRUE(Contains(r.reason[0], "slow is more stable")) << r.reason[0];
  EXPECT_TRUE(Contains(r.reason[0], "0.600 vs 0.850")) << r.reason[0];
  EXPECT_TRUE(Contains(r.reason[0], "0.950 with slow")) << r.reason[0];
  EXPECT_TRUE(Contains(r.reason[1], "kept over fast")) << r.reason[1];
}

TEST(Prune, EqualStabilityGoesToTheHigherAbsoluteIcir) {
  // Stabilities 0.850 and 0.855 are within the 0.01 tie; |-0.3| beats 0.1. A strongly negative
  // correlation is as redundant as a positive one.
  const std::vector<std::string> names = {"c", "d"};
  const Redundancy r = Prune(names, Matrix(2, {{0, 1, -0.93}}), {{0.850, 0.1}, {0.855, -0.3}}, PruneOptions{});
  EXPECT_EQ(r.dropped, (std::vector<bool>{true, false}));
  EXPECT_TRUE(Contains(r.reason[0], "equally stable")) << r.reason[0];
  EXPECT_TRUE(Contains(r.reason[0], "d has the higher |ICIR|")) << r.reason[0];
}

TEST(Prune, AMissingStabilityCountsAsLeastStable) {
  const Redundancy r = Prune({"a", "b"}, Matrix(2, {{0, 1, 0.99}}), {{0.2, 0.0}, {kNaN, 0.5}}, PruneOptions{});
  EXPECT_EQ(r.dropped, (std::vector<bool>{false, true}));
}

TEST(Prune, HighestCorrelationFirstAndListedPairs) {
  // a-b 0.97 is decided first (b more stable: a dropped); then a-c 0.95 needs no decision (a is
  // gone); c-d 0.87 is only listed; b-d 0.5 is not listed.
  const std::vector<std::string> names = {"a", "b", "c", "d"};
  const CorrelationMatrix m = Matrix(4, {{0, 1, 0.97}, {0, 2, 0.95}, {2, 3, 0.87}, {1, 3, 0.5}});
  const std::vector<FeatureScore> scores = {{0.5, 0}, {0.9, 0}, {0.4, 0}, {0.8, 0}};
  const Redundancy r = Prune(names, m, scores, PruneOptions{});
  EXPECT_EQ(r.dropped, (std::vector<bool>{true, false, false, false}));
  ASSERT_EQ(r.pairs.size(), 3u);
  EXPECT_EQ(r.pairs[0].b, 1u);
  EXPECT_EQ(r.pairs[1].b, 2u);
  EXPECT_FALSE(r.pairs[1].pruned);
  EXPECT_TRUE(Contains(r.pairs[1].note, "a is already dropped")) << r.pairs[1].note;
  EXPECT_FALSE(r.pairs[2].pruned);
  EXPECT_TRUE(Contains(r.pairs[2].note, "listed")) << r.pairs[2].note;
  EXPECT_TRUE(Contains(r.reason[2], "were dropped in favour of others")) << r.reason[2];
  EXPECT_TRUE(Contains(r.reason[3], "no predictor has a |mean Spearman| above 0.900")) << r.reason[3];
}

TEST(Prune, ThresholdsAreStrict) {
  PruneOptions o;
  o.prune_threshold = 0.9;
  o.list_threshold = 0.85;
  const Redundancy r = Prune({"a", "b", "c"}, Matrix(3, {{0, 1, 0.9}, {1, 2, 0.85}}), {{1, 1}, {1, 1}, {1, 1}}, o);
  EXPECT_EQ(r.dropped, (std::vector<bool>{false, false, false}));
  ASSERT_EQ(r.pairs.size(), 1u) << "0.85 is not above the list threshold";
  EXPECT_FALSE(r.pairs[0].pruned) << "0.9 is not above the prune threshold";
}

}  // namespace
}  // namespace qtp::eda
