#include "qtp/monitor/drift_stats.h"

#include <cmath>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "qtp/core/bars.h"

namespace qtp::monitor {
namespace {

std::vector<double> Range(int first, int end) {
  std::vector<double> out;
  for (int v = first; v < end; ++v) out.push_back(v);
  return out;
}

TEST(QuantileEdges, SplitsTheReferenceIntoEqualCountBinsAndMergesTies) {
  EXPECT_EQ(QuantileEdges(Range(0, 100), 4), (std::vector<double>{25, 50, 75}));
  EXPECT_EQ(QuantileEdges(Range(0, 10), 10), (std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
  // Half the sample at one value: the edges that fall inside the tie collapse into one.
  EXPECT_EQ(QuantileEdges(std::vector<double>{0, 0, 0, 0, 0, 1, 2, 3, 4, 5}, 5), (std::vector<double>{2, 4}));
  EXPECT_TRUE(QuantileEdges(std::vector<double>{7, 7, 7}, 4).empty());
  EXPECT_TRUE(QuantileEdges(std::vector<double>{kNaN, 1}, 4).empty());
}

TEST(PopulationStabilityIndex, MatchesTheHandComputedIndex) {
  const std::vector<double> reference = Range(0, 100);
  const std::vector<double> edges = QuantileEdges(reference, 4);
  // Same distribution: every bin a quarter on both sides.
  EXPECT_NEAR(PopulationStabilityIndex(reference, Range(0, 100), edges), 0.0, 1e-12);
  // Shares (0.5, 0, 0, 0.5) against (0.25 x 4); the empty bins floored at 1e-4:
  // 2 x 0.25 ln 2 + 2 x (1e-4 - 0.25) ln(1e-4 / 0.25) = 0.346574 + 3.910458.
  std::vector<double> current = Range(0, 25);
  for (double v : Range(75, 100)) current.push_back(v);
  EXPECT_NEAR(PopulationStabilityIndex(reference, current, edges), 4.257032, 1e-5);
  // (0.4, 0.1, 0.2, 0.3) against quarters: Σ (c − r) ln(c / r) written out term by term.
  std::vector<double> shifted;
  for (int i = 0; i < 40; ++i) shifted.push_back(1);
  for (int i = 0; i < 10; ++i) shifted.push_back(30);
  for (int i = 0; i < 20; ++i) shifted.push_back(60);
  for (int i = 0; i < 30; ++i) shifted.push_back(90);
  const double expected = 0.15 * std::log(1.6) - 0.15 * std::log(0.4) - 0.05 * std::log(0.8) + 0.05 * std::log(1.2);
  EXPECT_NEAR(PopulationStabilityIndex(reference, shifted, edges), expected, 1e-12);
  EXPECT_TRUE(std::isnan(PopulationStabilityIndex(reference, std::vector<double>{kNaN}, edges)));
}

TEST(KolmogorovSmirnov, IsTheLargestGapBetweenTheEmpiricalDistributions) {
  EXPECT_DOUBLE_EQ(KolmogorovSmirnov(std::vector<double>{1, 2, 3, 4}, std::vector<double>{3, 4, 5, 6}), 0.5);
  EXPECT_DOUBLE_EQ(KolmogorovSmirnov(std::vector<double>{1, 2}, std::vector<double>{3, 4}), 1.0);
  // Ties step together: at 1, F_a = 2/3 and F_b = 1/3; at 2 both reach 1.
  EXPECT_NEAR(KolmogorovSmirnov(std::vector<double>{1, 1, 2}, std::vector<double>{1, 2, 2}), 1.0 / 3, 1e-15);
  EXPECT_DOUBLE_EQ(KolmogorovSmirnov(std::vector<double>{5, 5}, std::vector<double>{5}), 0.0);
  EXPECT_TRUE(std::isnan(KolmogorovSmirnov(std::vector<double>{}, std::vector<double>{1})));
}

TEST(KolmogorovSmirnov, StaysBelowTheOnePercentCriticalValueForOneDistribution) {
  // Two samples of 2,000 from N(0, 1): D exceeds 1.63 √(2 / 2000) = 0.0515 with probability 1%.
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal;
  std::vector<double> a(2000), b(2000), shifted(2000);
  for (double& v : a) v = normal(rng);
  for (double& v : b) v = normal(rng);
  for (double& v : shifted) v = 0.5 + normal(rng);
  EXPECT_LT(KolmogorovSmirnov(a, b), 0.0515);
  // Half an sd apart: the population D is 2 Φ(0.25) − 1 = 0.197.
  EXPECT_NEAR(KolmogorovSmirnov(a, shifted), 0.197, 0.04);
}

TEST(PairwiseCorrelations, AreTheUpperTriangleOverRowsFiniteInBoth) {
  const std::vector<std::vector<double>> columns = {
      {1, 2, 3, 4, 5}, {2, 4, 6, 8, 10}, {5, 4, 3, 2, 1}, {1, kNaN, 3, kNaN, kNaN}};
  const std::vector<double> c = PairwiseCorrelations(columns);
  ASSERT_EQ(c.size(), 6u);  // (0,1) (0,2) (0,3) (1,2) (1,3) (2,3)
  EXPECT_NEAR(c[0], 1.0, 1e-12);
  EXPECT_NEAR(c[1], -1.0, 1e-12);
  EXPECT_TRUE(std::isnan(c[2]));  // two rows in common
  EXPECT_NEAR(c[3], -1.0, 1e-12);
  EXPECT_NEAR(MeanAbsoluteChange(c, std::vector<double>{0.5, -1, 0, -0.5, 0, 0}), (0.5 + 0.5) / 3, 1e-12);
  EXPECT_TRUE(std::isnan(MeanAbsoluteChange(std::vector<double>{kNaN}, std::vector<double>{1})));
}

TEST(AverageRanks, ShareTheMeanRankAmongTiesAndKeepNaN) {
  const std::vector<double> r = AverageRanks(std::vector<double>{30, 10, kNaN, 20, 10});
  EXPECT_DOUBLE_EQ(r[0], 4);
  EXPECT_DOUBLE_EQ(r[1], 1.5);
  EXPECT_TRUE(std::isnan(r[2]));
  EXPECT_DOUBLE_EQ(r[3], 3);
  EXPECT_DOUBLE_EQ(r[4], 1.5);
}

TEST(FeatureDriftTally, FeaturesDriftTogetherFromTheShareOn) {
  FeatureDriftTally tally;
  for (const auto& [feature, status] : std::vector<std::pair<std::string, std::string>>{{"rv_20", "ok"},
                                                                                        {"rv_20", "alert"},
                                                                                        {"ret_5d", "warn"},
                                                                                        {"ret_5d", "ok"},
                                                                                        {"hurst", "alert"},
                                                                                        {"mom", "ok"}}) {
    tally.Add(feature, status);
  }
  EXPECT_EQ(tally.features(), 4u);
  EXPECT_EQ(tally.Drifting(0.5), (std::vector<std::string>{"rv_20", "hurst"}));  // 2 of 4, first-seen order
  EXPECT_TRUE(tally.Drifting(0.75).empty());
  EXPECT_TRUE(FeatureDriftTally().Drifting(0.0).empty()) << "no drifting feature, no alert";
}

}  // namespace
}  // namespace qtp::monitor
