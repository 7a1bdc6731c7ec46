#include "qtp/validation/decay.h"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "qtp/core/bars.h"

namespace qtp::validation {
namespace {

TEST(HalfLifeTest, InterpolatesBetweenTheLagsWhereTheIcFallsToHalf) {
  const std::vector<int> lags = {1, 2, 3, 5, 10};
  // Half of 0.1 is 0.05: between lag 3 (0.06) and lag 5 (0.04), halfway.
  EXPECT_DOUBLE_EQ(HalfLife(lags, std::vector<double>{0.1, 0.08, 0.06, 0.04, 0.01}), 4.0);
  // Exactly half at a measured lag.
  EXPECT_DOUBLE_EQ(HalfLife(lags, std::vector<double>{0.1, 0.05, 0.02, 0.0, 0.0}), 2.0);
  // Never falls that far: beyond the longest lag.
  EXPECT_TRUE(std::isinf(HalfLife(lags, std::vector<double>{0.1, 0.09, 0.08, 0.07, 0.06})));
  // Nothing to decay.
  EXPECT_TRUE(std::isnan(HalfLife(lags, std::vector<double>{0.0, 0.05, 0.02, 0.0, 0.0})));
  EXPECT_TRUE(std::isnan(HalfLife(lags, std::vector<double>{-0.02, -0.01, 0.0, 0.0, 0.0})));
}

// A hand-made panel of forward returns: horizon 1 random, horizon 3 the sum of the next three
// one-day returns (the exact cumulative return needs no more for a rank test).
ForwardReturns MakeForward(size_t days, size_t tickers, uint64_t seed) {
  ForwardReturns f;
  f.horizons = {1, 2, 3};
  f.num_days = days;
  f.num_tickers = tickers;
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0, 0.02);
  f.values.assign(3, std::vector<double>(days * tickers, kNaN));
  for (size_t i = 0; i < days * tickers; ++i) f.values[0][i] = normal(rng);
  for (size_t h = 1; h < 3; ++h) {
    for (size_t d = 0; d + h < days; ++d) {
      for (size_t t = 0; t < tickers; ++t) {
        double sum = 0;
        for (size_t k = 0; k <= h; ++k) sum += f.values[0][(d + k) * tickers + t];
        f.values[h][d * tickers + t] = sum;
      }
    }
  }
  return f;
}

TEST(DecayTest, AScoreThatIsTheReturnOfDayTPlusTwoHasLagTwoIcOne) {
  const size_t days = 300, tickers = 50;
  const ForwardReturns f = MakeForward(days, tickers, 7);
  // Known at t: the return from t+1 to t+2, i.e. the one-day forward return of day t+1.
  std::vector<double> day(tickers);
  const DayScores scores = [&](size_t d) {
    for (size_t t = 0; t < tickers; ++t) day[t] = d + 1 < days ? f.values[0][(d + 1) * tickers + t] : kNaN;
    return std::span<const double>(day);
  };
  const DecayProfile p = ComputeDecay(f, scores, 0, days, 20);
  ASSERT_EQ(p.horizons, (std::vector<int>{1, 2, 3}));
  EXPECT_NEAR(p.lag_ic[1], 1.0, 1e-12);
  EXPECT_LT(std::fabs(p.lag_ic[0]), 0.03) << "independent of the return of day t+1";
  EXPECT_LT(std::fabs(p.lag_ic[2]), 0.03) << "independent of the return of day t+3";
  // Over three days the known day is one of three equal-variance parts: IC about 1/sqrt(3).
  EXPECT_NEAR(p.horizon_ic[2], 1 / std::sqrt(3.0), 0.05);
  ASSERT_EQ(p.daily_ic.size(), days);
}

TEST(DecayTest, AScoreThatIsTheNextDaysReturnDecaysWithinOneLag) {
  const size_t days = 300, tickers = 50;
  const ForwardReturns f = MakeForward(days, tickers, 11);
  const DayScores scores = [&](size_t d) { return std::span<const double>(f.values[0]).subspan(d * tickers, tickers); };
  const DecayProfile p = ComputeDecay(f, scores, 0, days, 20);
  EXPECT_NEAR(p.lag_ic[0], 1.0, 1e-12);
  EXPECT_NEAR(p.horizon_ic[0], 1.0, 1e-12);
  for (const double ic : p.daily_ic) EXPECT_NEAR(ic, 1.0, 1e-12);
  // Lag 2 has no information left (IC ~0): half of it is gone halfway between lags 1 and 2.
  EXPECT_NEAR(p.half_life, 1.5, 0.03);
}

TEST(DecayTest, DaysWithTooFewScoresHaveNoIc) {
  const size_t days = 40, tickers = 10;
  const ForwardReturns f = MakeForward(days, tickers, 3);
  const DayScores scores = [&](size_t d) { return std::span<const double>(f.values[0]).subspan(d * tickers, tickers); };
  const DecayProfile p = ComputeDecay(f, scores, 5, days, 20);  // 10 names < 20
  ASSERT_EQ(p.daily_ic.size(), days - 5);
  for (const double ic : p.daily_ic) EXPECT_TRUE(std::isnan(ic));
  EXPECT_TRUE(std::isnan(p.horizon_ic[0]));
  EXPECT_TRUE(std::isnan(p.half_life));
}

}  // namespace
}  // namespace qtp::validation
