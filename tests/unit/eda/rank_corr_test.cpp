// The correlation kernels against hand-worked values and against the plain sort-rank-Pearson way.
#include "qtp/eda/rank_corr.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "eda_test_util.h"

namespace qtp::eda {
namespace {

using testing::PlainPearson;
using testing::PlainSpearman;

Correlation RankCorr(const std::vector<double>& a, const std::vector<double>& b) {
  RankedVector ra, rb;
  ra.Assign(a);
  rb.Assign(b);
  RankScratch scratch;
  return Spearman(ra, rb, scratch);
}

TEST(Spearman, TiesGetTheirAverageRank) {
  // a ranks 1, 2.5, 2.5, 4; b ranks 3, 1, 2, 4. Centered: (-1.5, 0, 0, 1.5) and (0.5, -1.5, -0.5, 1.5):
  // covariance sum 1.5, variance sums 4.5 and 5, so rho = 1.5 / sqrt(22.5) = 1 / sqrt(10).
  const Correlation c = RankCorr({1, 2, 2, 4}, {3, 1, 2, 5});
  EXPECT_EQ(c.n, 4u);
  EXPECT_NEAR(c.value, 1.0 / std::sqrt(10.0), 1e-15);
}

TEST(Spearman, RanksAreTakenWithinTheCommonTickers) {
  // Position 4 is missing from a, so b's 1.5 there must not count: b is ranked among (3, 1, 2, 5)
  // exactly as above. Ranking b over all five values (4, 1, 3, 5 on the common four) would give
  // 1.5 / sqrt(4.5 * 8.75) = 0.239 instead.
  const double nan = std::nan("");
  const Correlation c = RankCorr({1, 2, 2, 4, nan}, {3, 1, 2, 5, 1.5});
  EXPECT_EQ(c.n, 4u);
  EXPECT_NEAR(c.value, 1.0 / std::sqrt(10.0), 1e-15);
  const Correlation swapped = RankCorr({3, 1, 2, 5, 1.5}, {1, 2, 2, 4, nan});
  EXPECT_NEAR(swapped.value, c.value, 1e-15);
}

TEST(Spearman, UndefinedCases) {
  const double nan = std::nan("");
  EXPECT_TRUE(std::isnan(RankCorr({1, 1, 1}, {1, 2, 3}).value)) << "a constant side";
  EXPECT_TRUE(std::isnan(RankCorr({1, nan, 3}, {nan, 2, 4}).value)) << "one pair";
  EXPECT_EQ(RankCorr({nan, nan}, {nan, nan}).n, 0u);
  EXPECT_TRUE(std::isnan(RankCorr({}, {}).value));
}

TEST(Spearman, MatchesThePlainWayOnRandomCrossSectionsWithTiesAndGaps) {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> unit;
  for (int trial = 0; trial < 200; ++trial) {
    const size_t n = 5 + static_cast<size_t>(unit(rng) * 200);  // crosses the 64-ticker word boundary
    std::vector<double> a(n), b(n);
    const bool same_gaps = trial % 2 == 0;  // even trials take the dot-product path
    for (size_t i = 0; i < n; ++i) {
      a[i] = std::round(normal(rng) * 3);  // coarse values: many ties
      b[i] = 0.5 * a[i] + normal(rng);
      if (unit(rng) < 0.1) a[i] = std::nan("");
      if (same_gaps ? std::isnan(a[i]) : unit(rng) < 0.1) b[i] = std::nan("");
    }
    const Correlation c = RankCorr(a, b);
    EXPECT_NEAR(c.value, PlainSpearman(a, b), 1e-12) << "trial " << trial << ", n " << n;
  }
}

TEST(Pearson, HandWorkedWithMissingPairs) {
  // Complete pairs (1,2) (2,4) (3,5) (4,4): deviations (-1.5,-0.5,0.5,1.5) and (-1.75,0.25,1.25,0.25),
  // sxy = 3.5, sxx = 5, syy = 4.75.
  const double nan = std::nan("");
  const Correlation c = Pearson(std::vector<double>{1, 2, nan, 3, 4, 7}, std::vector<double>{2, 4, 9, 5, 4, nan});
  EXPECT_EQ(c.n, 4u);
  EXPECT_NEAR(c.value, 3.5 / std::sqrt(5 * 4.75), 1e-15);
  EXPECT_NEAR(c.value, PlainPearson({1, 2, 3, 4}, {2, 4, 5, 4}), 1e-15);
  EXPECT_TRUE(std::isnan(Pearson(std::vector<double>{1, 2}, std::vector<double>{3, 3}).value));
}

}  // namespace
}  // namespace qtp::eda
