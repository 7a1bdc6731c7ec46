// PSR, DSR and PBO against hand-worked values, an independent numerical integration, and their
// behaviour on simulated studies where the truth is known (skill-less or skilled configurations).
#include "qtp/validation/overfitting.h"

#include <algorithm>
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "qtp/core/normal_distribution.h"

namespace qtp::validation {
namespace {

TEST(Overfitting, MomentsAndTheProbabilisticSharpe) {
  const std::vector<double> r = {1, 2, 3, 4, 5};
  const ReturnMoments m = Moments(r);
  EXPECT_EQ(m.n, 5u);
  EXPECT_NEAR(m.sharpe, 3 / std::sqrt(2.5), 1e-15);
  EXPECT_NEAR(m.skewness, 0, 1e-15);
  EXPECT_NEAR(m.kurtosis, 1.7, 1e-15);  // scipy.stats.kurtosis([1..5], fisher=False)
  // A normal year of daily returns with a per-day Sharpe of 0.1 (1.59 annualized):
  // z = 0.1 sqrt(252) / sqrt(1 + 2/4 0.01) = 1.5834969802835637, Φ(z) = 0.9433458828040169.
  const ReturnMoments year{.n = 253, .sharpe = 0.1, .skewness = 0, .kurtosis = 3};
  EXPECT_NEAR(ProbabilisticSharpe(year, 0), 0.9433458828040169, 1e-12);
  // Negative skew and fat tails lower it; a higher benchmark lowers it.
  const ReturnMoments fat{.n = 253, .sharpe = 0.1, .skewness = -1, .kurtosis = 10};
  EXPECT_LT(ProbabilisticSharpe(fat, 0), ProbabilisticSharpe(year, 0));
  EXPECT_NEAR(ProbabilisticSharpe(year, 0.1), 0.5, 1e-15);
}

// E[max of N standard normals] by trapezoid integration of x N φ(x) Φ(x)^(N-1): the approximation
// of ExpectedMaxSharpe is within 2.4% at N = 10 and tightens as N grows (Bailey & López de Prado).
TEST(Overfitting, ExpectedMaxSharpeApproximatesTheExpectedMaximum) {
  auto exact = [](double n) {
    const double a = -12, b = 12;
    const int k = 200000;
    const double h = (b - a) / k;
    double s = 0;
    for (int i = 0; i <= k; ++i) {
      const double x = a + i * h, w = (i == 0 || i == k) ? 0.5 : 1.0;
      s += w * x * n * std::exp(-x * x / 2) / std::sqrt(2 * M_PI) * std::pow(NormalCdf(x), n - 1);
    }
    return s * h;
  };
  double previous_error = 1;
  for (size_t n : {10, 100, 1000}) {
    const double error = std::abs(ExpectedMaxSharpe(1.0, n) / exact(static_cast<double>(n)) - 1);
    EXPECT_LT(error, 0.025) << n;
    EXPECT_LT(error, previous_error) << n;
    previous_error = error;
  }
  EXPECT_NEAR(ExpectedMaxSharpe(0.25, 100), 0.5 * ExpectedMaxSharpe(1.0, 100), 1e-15);
  EXPECT_EQ(ExpectedMaxSharpe(1.0, 1), 0.0);
}

// Studies of 30 configurations of three years of daily returns; the best one by Sharpe is kept.
// Without skill, the naive PSR of the winner calls it significant most of the time; the DSR stays
// near its 5% level. With one skilled configuration (daily Sharpe 0.2), the DSR finds it.
TEST(Overfitting, TheDeflatedSharpeHoldsItsLevelWhereTheNaiveOneDoesNot) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> z(0, 1);
  constexpr int kStudies = 300;
  constexpr size_t kTrials = 30, kDays = 756;
  for (const bool skill : {false, true}) {
    int naive_hits = 0, deflated_hits = 0;
    for (int study = 0; study < kStudies; ++study) {
      std::vector<ReturnMoments> moments;
      for (size_t k = 0; k < kTrials; ++k) {
        std::vector<double> r(kDays);
        const double drift = skill && k == 0 ? 0.2 : 0.0;
        for (double& x : r) x = drift + z(rng);
        moments.push_back(Moments(r));
      }
      double mean = 0, var = 0;
      for (const ReturnMoments& m : moments) mean += m.sharpe / kTrials;
      for (const ReturnMoments& m : moments) var += (m.sharpe - mean) * (m.sharpe - mean) / (kTrials - 1);
      const ReturnMoments& best = *std::max_element(moments.begin(), moments.end(),
                                                    [](const auto& a, const auto& b) { return a.sharpe < b.sharpe; });
      naive_hits += ProbabilisticSharpe(best, 0) > 0.95;
      deflated_hits += DeflatedSharpe(best, var, kTrials) > 0.95;
    }
    const double naive = static_cast<double>(naive_hits) / kStudies;
    const double deflated = static_cast<double>(deflated_hits) / kStudies;
    if (skill) {
      EXPECT_GT(deflated, 0.8) << "a daily Sharpe of 0.2 is found";
    } else {
      EXPECT_GT(naive, 0.5) << "the winner of 30 noise configurations looks significant";
      EXPECT_LT(deflated, 0.12) << "the deflated Sharpe keeps close to its 5% level";
    }
  }
}

std::vector<double> NoiseMatrix(size_t periods, size_t configurations, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(0, 0.01);
  std::vector<double> r(periods * configurations);
  for (double& x : r) x = z(rng);
  return r;
}

TEST(Overfitting, PboWorkedByHand) {
  // Two configurations, two blocks of two periods. A earns in block 0 and loses in block 1, B the
  // reverse: whichever half is in sample, its best is the worst out of sample. PBO = 1.
  const std::vector<double> r = {0.02,  -0.01,  // period 0: A, B
                                 0.03,  -0.02,  // period 1
                                 -0.01, 0.02,   // period 2
                                 -0.02, 0.03};  // period 3
  const PboResult pbo = ProbabilityOfBacktestOverfitting(r, 2, 2);
  ASSERT_EQ(pbo.splits, 2u);
  EXPECT_EQ(pbo.pbo, 1.0);
  for (double logit : pbo.logits) EXPECT_NEAR(logit, std::log((1.0 / 3) / (2.0 / 3)), 1e-15);  // rank 1 of 2
}

TEST(Overfitting, PboIsNearOneHalfForNoiseAndNearZeroForRealSkill) {
  const size_t kPeriods = 1000, kConfigs = 20;
  // One matrix's PBO varies a lot (its splits share data); over many skill-less matrices the
  // in-sample winner's out-of-sample rank is uniform, so the mean PBO is about one half.
  double mean_pbo = 0;
  constexpr int kMatrices = 40;
  for (int seed = 0; seed < kMatrices; ++seed) {
    const PboResult noise = ProbabilityOfBacktestOverfitting(NoiseMatrix(kPeriods, kConfigs, seed), kConfigs, 10);
    EXPECT_EQ(noise.splits, 252u);  // C(10, 5)
    mean_pbo += noise.pbo / kMatrices;
  }
  EXPECT_GT(mean_pbo, 0.35);
  EXPECT_LT(mean_pbo, 0.65);
  std::vector<double> skilled = NoiseMatrix(kPeriods, kConfigs, 2);
  for (size_t t = 0; t < kPeriods; ++t) skilled[t * kConfigs + 7] += 0.003;  // daily Sharpe 0.3
  EXPECT_LT(ProbabilityOfBacktestOverfitting(skilled, kConfigs, 10).pbo, 0.05);
  // Invalid shapes give no splits.
  EXPECT_EQ(ProbabilityOfBacktestOverfitting(skilled, kConfigs, 3).splits, 0u);
  EXPECT_EQ(ProbabilityOfBacktestOverfitting(skilled, 1, 10).splits, 0u);
}

}  // namespace
}  // namespace qtp::validation
