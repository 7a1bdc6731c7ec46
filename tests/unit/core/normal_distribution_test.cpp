#include "qtp/core/normal_distribution.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "qtp/core/bars.h"

namespace qtp {
namespace {

// Reference quantiles computed to 40 digits with mpmath (root of ncdf(x) = p). The function claims
// ~1e-15 accuracy; the tolerances allow a few ulps of the result's magnitude.

TEST(InverseNormalCdfTest, PublishedQuantiles) {
  EXPECT_NEAR(InverseNormalCdf(0.975), 1.959963984540054, 4e-15);
  EXPECT_EQ(InverseNormalCdf(0.5), 0.0);
  EXPECT_NEAR(InverseNormalCdf(0.001), -3.090232306167813, 8e-15);
  EXPECT_NEAR(InverseNormalCdf(1e-10), -6.361340902404056, 2e-14);
  EXPECT_NEAR(InverseNormalCdf(0.125), -1.1503493803760082, 4e-15);
  EXPECT_NEAR(InverseNormalCdf(0.1), -1.2815515655446005, 4e-15);
  EXPECT_NEAR(InverseNormalCdf(0.3), -0.5244005127080408, 2e-15);
}

// Dyadic p make 1 − p exact in double, so Φ⁻¹(1 − p) = −Φ⁻¹(p) must hold to rounding, deep into both
// tails (the Acklam regions switch at p = 0.02425 and 1 − 0.02425).
TEST(InverseNormalCdfTest, SymmetricInBothTails) {
  const std::pair<int, double> cases[] = {
      {2, -0.6744897501960817}, {10, -3.0972690781987845}, {20, -4.763001034267814}, {30, -6.009353565530744}};
  for (const auto& [exponent, quantile] : cases) {
    const double p = std::ldexp(1.0, -exponent);
    const double tolerance = 4 * std::numeric_limits<double>::epsilon() * std::abs(quantile);
    EXPECT_NEAR(InverseNormalCdf(p), quantile, tolerance) << "p = 2^-" << exponent;
    EXPECT_NEAR(InverseNormalCdf(1.0 - p), -quantile, tolerance) << "p = 1 - 2^-" << exponent;
  }
}

TEST(InverseNormalCdfTest, StrictlyIncreasingAcrossRegionBoundaries) {
  std::vector<double> grid;
  for (int e = -300; e < 0; ++e) grid.push_back(std::pow(10.0, e / 25.0));  // log-spaced lower tail
  for (int k = 1; k < 1000; ++k) grid.push_back(0.1 + 0.8 * k / 1000.0);
  for (int e = -1; e >= -300; --e) grid.push_back(1.0 - std::pow(10.0, e / 25.0));
  for (double boundary : {0.02425, 1 - 0.02425}) {
    for (int k = -50; k <= 50; ++k) grid.push_back(boundary + k * 1e-10);
  }
  std::sort(grid.begin(), grid.end());
  grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
  for (size_t i = 1; i < grid.size(); ++i) {
    EXPECT_LT(InverseNormalCdf(grid[i - 1]), InverseNormalCdf(grid[i])) << grid[i - 1] << " vs " << grid[i];
  }
}

TEST(InverseNormalCdfTest, NanOutsideOpenInterval) {
  for (double p : {0.0, 1.0, -0.1, 1.5, -kNaN, kNaN, std::numeric_limits<double>::infinity()}) {
    EXPECT_TRUE(std::isnan(InverseNormalCdf(p))) << p;
  }
}

TEST(NormalCdfTest, InverseNormalCdfInvertsIt) {
  EXPECT_NEAR(InverseNormalCdf(0.975), 1.9599639845400536, 1e-13);  // Python's statistics.NormalDist
  EXPECT_NEAR(InverseNormalCdf(0.99), 2.3263478740408408, 1e-13);
  EXPECT_NEAR(InverseNormalCdf(1e-6), -4.753424308822899, 1e-11);
  EXPECT_EQ(InverseNormalCdf(0.5), 0.0);
  for (double p = 1e-9; p < 1; p = p < 0.5 ? p * 3 : 1 - (1 - p) / 3) {
    EXPECT_NEAR(NormalCdf(InverseNormalCdf(p)), p, 1e-12 * std::max(p, 1e-3)) << p;
  }
}

}  // namespace
}  // namespace qtp
