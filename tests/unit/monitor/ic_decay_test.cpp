#include "qtp/monitor/ic_decay.h"

#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace qtp::monitor {
namespace {

TEST(EvaluateDecay, CusumAccumulatesStandardizedShortfallsLessTheAllowance) {
  DecayParams params;
  params.cusum_k = 0.25;
  params.min_days = 2;
  // validated 0.05, sd 0.1: z = 0, 2, 2, −2 → S = 0, 1.75, 3.5, 1.25.
  const std::vector<double> rank_ic = {0.05, -0.15, kNaN, -0.15, 0.25};
  const std::vector<double> ic = {0.0, 0.1, 0.2, 0.3, 0.4};
  const DecayStatus s = EvaluateDecay(rank_ic, ic, 0.05, 0.1, params);
  EXPECT_NEAR(s.cusum, 1.25, 1e-12);
  EXPECT_EQ(s.n_days, 4u);
  EXPECT_NEAR(s.rank_ic, 0.0, 1e-12);
  EXPECT_NEAR(s.ic, (0.0 + 0.1 + 0.3 + 0.4) / 4, 1e-12);  // the days with a rank IC
  // sd of (0.05, −0.15, −0.15, 0.25) = 0.19149; t = (0 − 0.05) / (0.19149 / 2).
  EXPECT_NEAR(s.t_stat, -0.05 / (0.1914854 / 2), 1e-5);
  EXPECT_EQ(s.status, "ok");
}

TEST(EvaluateDecay, WindowKeepsTheLatestDaysAndStatusFollowsTheThresholds) {
  DecayParams params;
  params.window_days = 3;
  params.min_days = 3;
  params.cusum_h = 100;  // the t statistic alone decides here
  const std::vector<double> rank_ic = {0.9, 0.9, -0.01, -0.02, -0.03};
  const DecayStatus s = EvaluateDecay(rank_ic, rank_ic, 0.05, 0.1, params);
  EXPECT_EQ(s.n_days, 3u);
  EXPECT_NEAR(s.rank_ic, -0.02, 1e-12);
  EXPECT_NEAR(s.t_stat, (-0.02 - 0.05) / (0.01 / std::sqrt(3.0)), 1e-9);  // sd of (−.01, −.02, −.03) = 0.01
  EXPECT_EQ(s.status, "alert");
  params.t_alert = -20;
  EXPECT_EQ(EvaluateDecay(rank_ic, rank_ic, 0.05, 0.1, params).status, "warn");
  params.min_days = 4;
  EXPECT_EQ(EvaluateDecay(rank_ic, rank_ic, 0.05, 0.1, params).status, "n/a");
  EXPECT_EQ(EvaluateDecay(rank_ic, rank_ic, kNaN, 0.1, params).status, "n/a");
}

// Average run length of the CUSUM on i.i.d. N(mu, 1) shortfalls, by simulation.
double SimulatedRunLength(double mu, double k, double h, int runs, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(mu, 1.0);
  double total = 0;
  for (int r = 0; r < runs; ++r) {
    double s = 0;
    int t = 0;
    do {
      s = CusumStep(s, z(rng), k);
      ++t;
    } while (s <= h);
    total += t;
  }
  return total / runs;
}

// Siegmund's (1985) approximation of the average run length of a one-sided CUSUM:
// ARL ≈ (exp(−2Δb) + 2Δb − 1) / (2Δ²), Δ = mu − k, b = h + 1.166.
double SiegmundRunLength(double mu, double k, double h) {
  const double delta = mu - k, b = h + 1.166;
  return (std::exp(-2 * delta * b) + 2 * delta * b - 1) / (2 * delta * delta);
}

TEST(CusumStep, DefaultsGiveTheDocumentedFalseAlarmAndDetectionRunLengths) {
  const DecayParams defaults;
  // In control: ≈ 740 days between false alarms; a one-sd drop: ≈ 11 days (docs/monitoring.md).
  const double in_control = SiegmundRunLength(0, defaults.cusum_k, defaults.cusum_h);
  const double one_sd = SiegmundRunLength(1, defaults.cusum_k, defaults.cusum_h);
  EXPECT_NEAR(in_control, 740, 10);
  EXPECT_NEAR(one_sd, 11.3, 0.2);
  EXPECT_NEAR(SimulatedRunLength(0, defaults.cusum_k, defaults.cusum_h, 600, 11), in_control, 0.12 * in_control);
  EXPECT_NEAR(SimulatedRunLength(1, defaults.cusum_k, defaults.cusum_h, 2000, 12), one_sd, 0.08 * one_sd);
}

}  // namespace
}  // namespace qtp::monitor
