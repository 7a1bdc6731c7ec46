// ScoreDay against values worked by hand on tiny cross-sections.
#include "qtp/evaluation/daily_metrics.h"

#include <gtest/gtest.h>

#include "qtp/core/bars.h"

#include <cmath>
#include <vector>

namespace qtp::evaluation {
namespace {

constexpr double kTol = 1e-12;  // every expected value below is exact up to a few roundings

TEST(ScoreDay, HandWorkedCrossSection) {
  // Tickers 1-6 are the pairs; ticker 7 has no score, ticker 8 no forward return.
  const std::vector<double> score = {1, 2, 3, 4, 5, 6, kNaN, 8};
  const std::vector<double> forward = {0.01, -0.02, 0.03, 0.00, 0.05, 0.04, 0.10, kNaN};
  // Yesterday: ticker 7 had a score (not today), ticker 8 has one on both days.
  const std::vector<double> previous = {2, 1, 3, 4, 6, 5, 9, 10};
  const DayMetrics m = ScoreDay(score, forward, previous, {.quantiles = 3, .min_tickers = 5});
  EXPECT_EQ(m.n, 6u);
  // Pearson: score deviations -2.5..2.5 (sum of squares 17.5); forward (in 0.01) 1,-2,3,0,5,4 with
  // mean 11/6, sum of squared deviations 55 - 121/6 = 209/6, cross sum 16.5.
  EXPECT_NEAR(m.ic, 16.5 / std::sqrt(17.5 * 209.0 / 6.0), kTol);
  // Forward ranks 3,1,4,2,6,5 against 1..6: sum d^2 = 12, rho = 1 - 6*12/(6*35) = 23/35.
  EXPECT_NEAR(m.rank_ic, 23.0 / 35.0, kTol);
  // k = 6/3 = 2: top (5, 6) -> (0.05 + 0.04)/2, bottom (1, 2) -> (0.01 - 0.02)/2.
  EXPECT_NEAR(m.top_minus_bottom, 0.045 - (-0.005), kTol);
  // Median score 3.5 (above: 4, 5, 6); median forward (0.01 + 0.03)/2 = 0.02 (above: 3, 5, 6).
  // Agreement on tickers 1, 2, 5, 6.
  EXPECT_NEAR(m.hit_rate, 4.0 / 6.0, kTol);
  // Tickers scored on both days: 1-6 and 8 (forward returns play no part). Today's ranks 1..7,
  // yesterday's 2,1,3,4,6,5,7: sum d^2 = 4, rho = 1 - 6*4/(7*48) = 13/14. Over the pairs only it
  // would be 1 - 24/210 = 31/35.
  EXPECT_NEAR(m.rank_autocorr, 13.0 / 14.0, kTol);
}

TEST(ScoreDay, TiesShareRanksAndStraddleBucketsFairly) {
  const std::vector<double> score = {1, 2, 2, 2, 3, 4, 5, 5};
  const std::vector<double> forward = {0.01, 0.02, 0.03, 0.07, 0.00, -0.01, 0.04, 0.06};
  const DayMetrics m = ScoreDay(score, forward, {}, {.quantiles = 4, .min_tickers = 2});
  // Score ranks 1, 3, 3, 3, 5, 6, 7.5, 7.5; forward ranks 3, 4, 5, 8, 2, 1, 6, 7. Centered on 4.5:
  // cross sum 5.5, score sum of squares 39.5, forward 8*63/12 = 42.
  EXPECT_NEAR(m.rank_ic, 5.5 / std::sqrt(39.5 * 42.0), kTol);
  // k = 2. Bottom: ticker 1 plus one slot for the three tied at 2, each weighted 1/3:
  // (0.01 + (0.02 + 0.03 + 0.07)/3)/2 = 0.025. Top: the two tied at 5 fit exactly: 0.05.
  // (Breaking the tie by ticker order would give a bottom of 0.015.)
  EXPECT_NEAR(m.top_minus_bottom, 0.05 - 0.025, kTol);
  // Medians 2.5 and 0.025: above in score 5-8, in forward 3, 4, 7, 8; agreement on 1, 2, 7, 8.
  EXPECT_NEAR(m.hit_rate, 0.5, kTol);
  EXPECT_TRUE(std::isnan(m.rank_autocorr)) << "no previous day";
}

TEST(ScoreDay, TieGroupStraddlingTheTopBucket) {
  // Scores reversed: the tie group now straddles the top bucket. k = 2: top = ticker 8 plus one third
  // of each of 5, 6, 7: (0.01 + (0.02 + 0.03 + 0.07)/3)/2 = 0.025; bottom = tickers 1, 2 tied at -5:
  // (0.04 + 0.06)/2 = 0.05.
  const std::vector<double> score = {-5, -5, -4, -3, -2, -2, -2, -1};
  const std::vector<double> forward = {0.04, 0.06, -0.01, 0.00, 0.02, 0.03, 0.07, 0.01};
  const DayMetrics m = ScoreDay(score, forward, {}, {.quantiles = 4, .min_tickers = 2});
  EXPECT_NEAR(m.top_minus_bottom, 0.025 - 0.05, kTol);
}

TEST(ScoreDay, HitRateAboveIsStrict) {
  // Odd count: the medians are the values 3 and 0.3 themselves, and their tickers (3 and 2) count as
  // not above. Above: score 4, 5; forward 4 (0.5), 5 (0.4): every ticker agrees. Counting "at the
  // median" as above would give 3/5.
  const DayMetrics m = ScoreDay(std::vector<double>{1, 2, 3, 4, 5}, std::vector<double>{0.1, 0.3, 0.2, 0.5, 0.4}, {},
                                {.quantiles = 10, .min_tickers = 5});
  EXPECT_DOUBLE_EQ(m.hit_rate, 1.0);
  EXPECT_TRUE(std::isnan(m.top_minus_bottom)) << "5 pairs < 2 * 10 quantiles";
  EXPECT_TRUE(std::isfinite(m.rank_ic));
}

TEST(ScoreDay, TooFewPairsMakesTheDayNaN) {
  const std::vector<double> score = {1, 2, 3, 4, kNaN};
  const std::vector<double> forward = {0.1, 0.2, kNaN, 0.4, 0.5};
  const DayMetrics m = ScoreDay(score, forward, score, {.quantiles = 1, .min_tickers = 4});
  EXPECT_EQ(m.n, 3u);
  EXPECT_TRUE(std::isnan(m.ic));
  EXPECT_TRUE(std::isnan(m.rank_ic));
  EXPECT_TRUE(std::isnan(m.top_minus_bottom));
  EXPECT_TRUE(std::isnan(m.hit_rate));
  EXPECT_TRUE(std::isnan(m.rank_autocorr));
  const DayMetrics enough = ScoreDay(score, forward, score, {.quantiles = 1, .min_tickers = 3});
  EXPECT_NEAR(enough.rank_ic, 1.0, kTol);
  EXPECT_NEAR(enough.rank_autocorr, 1.0, kTol);
}

TEST(ScoreDay, ConstantScoreAndSizeMismatch) {
  const std::vector<double> flat(12, 1.0);
  std::vector<double> forward(12);
  for (size_t i = 0; i < forward.size(); ++i) forward[i] = 0.01 * static_cast<double>(i);
  const DayMetrics m = ScoreDay(flat, forward, {}, {.quantiles = 2, .min_tickers = 2});
  EXPECT_TRUE(std::isnan(m.ic));
  EXPECT_TRUE(std::isnan(m.rank_ic));
  // Everything is one tie group: both buckets hold its mean, so the spread is 0 (up to rounding).
  EXPECT_NEAR(m.top_minus_bottom, 0.0, kTol);

  const DayMetrics bad = ScoreDay(flat, std::vector<double>(11, 0.0), {});
  EXPECT_EQ(bad.n, 0u);
  EXPECT_TRUE(std::isnan(bad.rank_ic));
  const DayMetrics bad_previous = ScoreDay(flat, forward, std::vector<double>(3, 0.0));
  EXPECT_EQ(bad_previous.n, 0u);
}

TEST(ScoreDay, ScratchReuseGivesTheSameAnswer) {
  DayScratch scratch;
  const std::vector<double> a = {3, 1, 2, 5, 4, kNaN, 7, 6, 9, 8, 11, 10};
  const std::vector<double> b = {0.2, 0.1, kNaN, 0.5, 0.3, 0.4, 0.7, 0.6, 0.8, 0.9, 1.0, 1.1};
  const ScoreDayParams p{.quantiles = 5, .min_tickers = 5};
  const DayMetrics first = ScoreDay(a, b, {}, p, scratch);
  ScoreDay(b, a, a, p, scratch);  // different shape through the same buffers
  const DayMetrics again = ScoreDay(a, b, {}, p, scratch);
  EXPECT_EQ(first.rank_ic, again.rank_ic);
  EXPECT_EQ(first.top_minus_bottom, again.top_minus_bottom);
  EXPECT_EQ(first.hit_rate, again.hit_rate);
  EXPECT_EQ(first.ic, ScoreDay(a, b, {}, p).ic);
}

}  // namespace
}  // namespace qtp::evaluation
