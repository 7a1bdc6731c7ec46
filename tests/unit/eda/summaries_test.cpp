// IC statistics, stability by regime and the averaged correlation matrix against hand-worked values.
#include "qtp/eda/summaries.h"

#include <gtest/gtest.h>

#include "qtp/core/bars.h"

#include <cmath>

namespace qtp::eda {
namespace {


TEST(Summarize, MeanStdIcirTstatHitRateByHand) {
  // Four finite days: 0.1, -0.05, 0.2, 0.05. Mean 0.075; deviations 0.025, -0.125, 0.125, -0.025
  // give a sum of squares 0.0325, so std = sqrt(0.0325 / 3); three of four days are positive.
  const SeriesSummary s = Summarize(std::vector<double>{0.1, -0.05, kNaN, 0.2, 0.05});
  const double std = std::sqrt(0.0325 / 3);
  EXPECT_EQ(s.days, 4u);
  EXPECT_NEAR(s.mean, 0.075, 1e-15);
  EXPECT_NEAR(s.std, std, 1e-15);
  EXPECT_NEAR(s.ir, 0.075 / std, 1e-13);
  EXPECT_NEAR(s.t_stat, 0.075 / (std / 2), 1e-13);
  EXPECT_DOUBLE_EQ(s.hit_rate, 0.75);
}

TEST(Summarize, HitRateFollowsTheSignOfTheMean) {
  // Mean -0.0625 < 0: the hits are the two negative days; the zero day is no hit.
  const SeriesSummary s = Summarize(std::vector<double>{-0.1, 0.05, -0.2, 0.0});
  EXPECT_NEAR(s.mean, -0.0625, 1e-15);
  EXPECT_DOUBLE_EQ(s.hit_rate, 0.5);
  EXPECT_LT(s.t_stat, 0);
}

TEST(Summarize, TooFewDays) {
  const SeriesSummary one = Summarize(std::vector<double>{0.3});
  EXPECT_EQ(one.days, 1u);
  EXPECT_DOUBLE_EQ(one.mean, 0.3);
  EXPECT_TRUE(std::isnan(one.std) && std::isnan(one.t_stat));
  EXPECT_TRUE(std::isnan(Summarize(std::vector<double>{kNaN}).mean));
}

// Stats of one feature over five days; autocorr and corr filled by hand.
DailyStats FiveDays(size_t features) {
  DailyStats s;
  s.num_days = 5;
  s.num_features = features;
  s.horizons = {1, 5};
  s.windows = {3};
  s.ic.assign(features * 2 * 5, kNaN);
  s.rank_ic.assign(features * 2 * 5, kNaN);
  s.ic_n.assign(features * 2 * 5, 0);
  s.autocorr.assign(features * 5, kNaN);
  s.corr.assign(s.num_pairs() * 5, kNaN);
  return s;
}

TEST(SummarizeStability, MeansPerRegime) {
  DailyStats s = FiveDays(1);
  s.autocorr = {kNaN, 0.9, 0.6, 0.7, 0.8};
  const std::vector<DateDays> dates = {DaysFromCivil(2020, 2, 18), DaysFromCivil(2020, 2, 19),
                                       DaysFromCivil(2020, 6, 30), DaysFromCivil(2020, 7, 1),
                                       DaysFromCivil(2022, 1, 3)};
  const std::vector<Regime> regimes = {{"covid", DaysFromCivil(2020, 2, 19), DaysFromCivil(2020, 6, 30)},
                                       {"bear", DaysFromCivil(2022, 1, 1), DaysFromCivil(2022, 12, 31)}};
  const std::vector<StabilityRow> rows = SummarizeStability(s, dates, regimes, 0.7);
  ASSERT_EQ(rows.size(), 4u);  // all, covid, bear, calm
  EXPECT_EQ(rows[0].regime, "all");
  EXPECT_NEAR(rows[0].mean, (0.9 + 0.6 + 0.7 + 0.8) / 4, 1e-15);
  EXPECT_EQ(rows[0].days, 4u);
  EXPECT_TRUE(rows[0].stable);
  EXPECT_EQ(rows[1].regime, "covid");  // both window ends are inside
  EXPECT_NEAR(rows[1].mean, 0.75, 1e-15);
  EXPECT_EQ(rows[1].days, 2u);
  EXPECT_EQ(rows[2].regime, "bear");
  EXPECT_DOUBLE_EQ(rows[2].mean, 0.8);
  EXPECT_EQ(rows[3].regime, "calm");  // the NaN day does not count
  EXPECT_DOUBLE_EQ(rows[3].mean, 0.7);
  EXPECT_TRUE(rows[3].stable) << "0.7 is at the threshold";
  EXPECT_EQ(rows[3].days, 1u);
  EXPECT_EQ(rows[3].window, 3);
}

TEST(SummarizeIc, DecayIsReportedOnlyForASignificantFirstHorizon) {
  DailyStats s = FiveDays(2);
  // Feature 0: rank IC 0.1 +- 0.01 at h = 1 (t far above 2), 0.05 at h = 5: decay 0.5.
  const double h1[5] = {0.09, 0.11, 0.1, 0.1, 0.1};
  const double h5[5] = {0.05, 0.04, 0.06, 0.05, 0.05};
  // Feature 1: noise at h = 1 (t < 2): no decay.
  const double noise[5] = {0.1, -0.1, 0.05, -0.04, 0.0};
  for (size_t t = 0; t < 5; ++t) {
    s.rank_ic[s.IcIndex(0, 0, t)] = h1[t];
    s.rank_ic[s.IcIndex(0, 1, t)] = h5[t];
    s.rank_ic[s.IcIndex(1, 0, t)] = noise[t];
    s.rank_ic[s.IcIndex(1, 1, t)] = h5[t];
  }
  const std::vector<IcSummary> ic = SummarizeIc(s);
  ASSERT_EQ(ic.size(), 4u);
  EXPECT_EQ(ic[1].horizon, 5);
  EXPECT_NEAR(ic[0].decay, 1.0, 1e-15);
  EXPECT_NEAR(ic[1].decay, 0.05 / 0.1, 1e-13);
  EXPECT_TRUE(std::isnan(ic[2].decay) && std::isnan(ic[3].decay));
  EXPECT_TRUE(std::isnan(ic[0].pearson.mean)) << "no Pearson values were set";
}

TEST(AverageCorrelations, MeanOverDefinedDays) {
  DailyStats s = FiveDays(3);
  const size_t ab = s.PairIndex(0, 1), ac = s.PairIndex(0, 2), bc = s.PairIndex(1, 2);
  EXPECT_EQ(ab, 0u);
  EXPECT_EQ(ac, 1u);
  EXPECT_EQ(bc, 2u);
  const double v_ab[5] = {0.9, 0.95, kNaN, 1.0, 0.85};
  const double v_bc[5] = {-0.2, kNaN, kNaN, kNaN, 0.4};
  for (size_t t = 0; t < 5; ++t) {
    s.corr[ab * 5 + t] = v_ab[t];
    s.corr[bc * 5 + t] = v_bc[t];
  }
  const CorrelationMatrix m = AverageCorrelations(s);
  EXPECT_NEAR(m.at(0, 1), 0.925, 1e-15);
  EXPECT_DOUBLE_EQ(m.at(1, 0), m.at(0, 1));
  EXPECT_EQ(m.days[1], 4u);
  EXPECT_NEAR(m.at(2, 1), 0.1, 1e-15);
  EXPECT_TRUE(std::isnan(m.at(0, 2))) << "never defined";
  EXPECT_DOUBLE_EQ(m.at(0, 0), 1.0);
}

}  // namespace
}  // namespace qtp::eda
