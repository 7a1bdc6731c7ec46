#include "qtp/data/simulate/random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace qtp::sim {
namespace {

struct Moments {
  double mean = 0, var = 0, kurtosis = 0;
};

template <typename Draw>
Moments Sample(Draw draw, int n) {
  std::vector<double> x(static_cast<size_t>(n));
  for (double& v : x) v = draw();
  Moments m;
  for (double v : x) m.mean += v;
  m.mean /= n;
  double m4 = 0;
  for (double v : x) {
    m.var += (v - m.mean) * (v - m.mean);
    m4 += std::pow(v - m.mean, 4);
  }
  m.var /= n;
  m.kurtosis = m4 / n / (m.var * m.var);
  return m;
}

TEST(Rng, StreamsAreReproducibleAndIndependent) {
  Rng a(1, Stream::kDaily, 3);
  Rng b(1, Stream::kDaily, 3);
  Rng c(1, Stream::kDaily, 4);
  Rng d(1, Stream::kIntraday, 3);
  Rng e(2, Stream::kDaily, 3);
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    EXPECT_NE(x, c.Next());
    EXPECT_NE(x, d.Next());
    EXPECT_NE(x, e.Next());
  }
}

TEST(Rng, ZigguratTableMatchesTheNormalDensity) {
  const ZigguratTable& t = NormalZiggurat();
  EXPECT_EQ(t.x[1], ZigguratTable::kR);
  EXPECT_EQ(t.x[ZigguratTable::kLayers], 0.0);
  // Every layer has area V, including the top one that closes at the density's peak f(0) = 1, and
  // the base strip: rectangle R f(R) plus the tail ∫_R^∞ f = √(π/2) erfc(R/√2).
  for (int i = 1; i < ZigguratTable::kLayers; ++i) {
    EXPECT_NEAR(t.x[i] * (t.f[i + 1] - t.f[i]), ZigguratTable::kV, 1e-10) << i;
    EXPECT_GT(t.x[i], t.x[i + 1]);
  }
  const double r = ZigguratTable::kR;
  EXPECT_NEAR(r * t.f[1] + std::sqrt(std::numbers::pi / 2) * std::erfc(r / std::sqrt(2.0)), ZigguratTable::kV, 1e-12);
  EXPECT_EQ(t.f[ZigguratTable::kLayers], 1.0);
}

TEST(Rng, NormalHasStandardMomentsAndTails) {
  Rng rng(7, Stream::kDaily, 0);
  constexpr int n = 2'000'000;
  int beyond_r = 0;
  int below_1 = 0;
  const Moments m = Sample(
      [&] {
        const double z = rng.Normal();
        beyond_r += std::fabs(z) > ZigguratTable::kR;
        below_1 += z < 1.0;
        return z;
      },
      n);
  EXPECT_NEAR(m.mean, 0.0, 0.003);
  EXPECT_NEAR(m.var, 1.0, 0.004);
  EXPECT_NEAR(m.kurtosis, 3.0, 0.03);
  // P(|Z| > 3.4426) = 5.761e-4 exercises the tail sampler; P(Z < 1) = 0.841345.
  EXPECT_NEAR(beyond_r / static_cast<double>(n), 5.761e-4, 6 * std::sqrt(5.761e-4 / n));
  EXPECT_NEAR(below_1 / static_cast<double>(n), 0.841345, 0.0015);
}

TEST(Rng, StudentTHasUnitVarianceAndFatTails) {
  Rng rng(7, Stream::kDaily, 1);
  // t with 8 dof: excess kurtosis 6 / (8 − 4) = 1.5.
  const Moments m = Sample([&] { return rng.StudentTUnit(8.0); }, 1'000'000);
  EXPECT_NEAR(m.mean, 0.0, 0.005);
  EXPECT_NEAR(m.var, 1.0, 0.01);
  EXPECT_NEAR(m.kurtosis - 3.0, 1.5, 0.3);
}

TEST(Rng, GammaMeanAndVariance) {
  Rng rng(7, Stream::kDaily, 2);
  const Moments m = Sample([&] { return rng.Gamma(2.5); }, 500'000);
  EXPECT_NEAR(m.mean, 2.5, 0.01);
  EXPECT_NEAR(m.var, 2.5, 0.03);
}

}  // namespace
}  // namespace qtp::sim
