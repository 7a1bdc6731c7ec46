// Summarize and the Newey-West t-statistic against hand-computed values.
#include "qtp/evaluation/summary.h"

#include <gtest/gtest.h>

#include "qtp/core/bars.h"

#include <cmath>
#include <vector>

namespace qtp::evaluation {
namespace {

constexpr double kRoundoff = 1e-12;

// Daily rank ICs 0.1, 0.3, NaN, -0.1, 0.2, 0.0: five finite days, mean 0.1, deviations
// e = 0, 0.2, -0.2, 0.1, -0.1 (the NaN day dropped, the rest consecutive).
std::vector<DayMetrics> Days() {
  std::vector<DayMetrics> days;
  for (double v : {0.1, 0.3, kNaN, -0.1, 0.2, 0.0}) {
    DayMetrics d;
    d.rank_ic = v;
    d.ic = std::isfinite(v) ? 2 * v : kNaN;
    d.hit_rate = std::isfinite(v) ? 0.5 + v : kNaN;
    d.top_minus_bottom = 0.001;
    days.push_back(d);
  }
  days[0].rank_autocorr = 0.8;
  days[1].rank_autocorr = 0.6;
  return days;
}

TEST(NeweyWest, LagZeroIsThePlainT) {
  // sum e^2 = 0.1, s^2 = 0.1 / 4, t = 0.1 / sqrt(0.025 / 5) = sqrt(2).
  const std::vector<double> x = {0.1, 0.3, -0.1, 0.2, 0.0};
  EXPECT_NEAR(NeweyWestTStat(x, 0), std::sqrt(2.0), kRoundoff);
}

TEST(NeweyWest, LagTwoWithBartlettWeights) {
  // G0 = 0.1; G1 = e2e1 + e3e2 + e4e3 + e5e4 = 0 - 0.04 - 0.02 - 0.01 = -0.07;
  // G2 = e3e1 + e4e2 + e5e3 = 0 + 0.02 + 0.02 = 0.04. Weights 2/3, 1/3:
  // S = 0.1 + 2 (2/3 (-0.07) + 1/3 (0.04)) = 1/30; Var(mean) = S / (5 * 4) = 1/600;
  // t = 0.1 * sqrt(600) = sqrt(6).
  const std::vector<double> x = {0.1, 0.3, -0.1, 0.2, 0.0};
  EXPECT_NEAR(NeweyWestTStat(x, 2), std::sqrt(6.0), kRoundoff);
}

TEST(NeweyWest, UndefinedCases) {
  EXPECT_TRUE(std::isnan(NeweyWestTStat(std::vector<double>{0.1}, 0)));
  EXPECT_TRUE(std::isnan(NeweyWestTStat(std::vector<double>{0.1, 0.1, 0.1}, 1))) << "zero variance";
  // The lag is capped at T - 1 = 1: S = G0 + 2 * 1/2 * G1 with e = -0.1, 0.1: G0 = 0.02, G1 = -0.01,
  // S = 0.01, Var = 0.01 / 2, t = 0.2 / sqrt(0.005).
  EXPECT_NEAR(NeweyWestTStat(std::vector<double>{0.1, 0.3}, 10), 0.2 / std::sqrt(0.005), kRoundoff);
}

TEST(Summarize, HorizonOneUsesThePlainT) {
  const std::vector<DayMetrics> days = Days();
  const Summary s = Summarize(days, 1);
  EXPECT_EQ(s.days, 5u);
  EXPECT_NEAR(s.mean_rank_ic, 0.1, kRoundoff);
  EXPECT_NEAR(s.sd_rank_ic, std::sqrt(0.025), kRoundoff);
  EXPECT_NEAR(s.mean_ic, 0.2, kRoundoff);
  EXPECT_NEAR(s.sd_ic, 2 * std::sqrt(0.025), kRoundoff);
  EXPECT_NEAR(s.icir, 0.1 / std::sqrt(0.025), kRoundoff);
  EXPECT_NEAR(s.icir_annualized, 0.1 / std::sqrt(0.025) * std::sqrt(252.0), 1e-10);
  EXPECT_EQ(s.newey_west_lag, 0);
  EXPECT_NEAR(s.t_stat, std::sqrt(2.0), kRoundoff);
  EXPECT_NEAR(s.hit_rate, 0.6, kRoundoff);
  EXPECT_NEAR(s.top_minus_bottom, 0.001, kRoundoff);
  EXPECT_NEAR(s.rank_autocorr, 0.7, kRoundoff) << "mean over the two days that have one";
}

TEST(Summarize, HorizonThreeUsesLagTwo) {
  const Summary s = Summarize(Days(), 3);
  EXPECT_EQ(s.newey_west_lag, 2);
  EXPECT_NEAR(s.t_stat, std::sqrt(6.0), kRoundoff);
  EXPECT_NEAR(s.icir_annualized, 0.1 / std::sqrt(0.025) * std::sqrt(84.0), 1e-10);
}

TEST(Summarize, EmptyAndSingleDay) {
  const Summary empty = Summarize({}, 1);
  EXPECT_EQ(empty.days, 0u);
  EXPECT_TRUE(std::isnan(empty.mean_rank_ic));
  EXPECT_TRUE(std::isnan(empty.t_stat));
  std::vector<DayMetrics> one(1);
  one[0].rank_ic = 0.05;
  const Summary s = Summarize(one, 5);
  EXPECT_EQ(s.days, 1u);
  EXPECT_DOUBLE_EQ(s.mean_rank_ic, 0.05);
  EXPECT_TRUE(std::isnan(s.sd_rank_ic));
  EXPECT_TRUE(std::isnan(s.icir));
  EXPECT_TRUE(std::isnan(s.t_stat));
}

}  // namespace
}  // namespace qtp::evaluation
