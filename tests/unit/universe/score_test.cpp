#include "qtp/universe/score.h"

#include <gtest/gtest.h>

#include "universe_test_util.h"

namespace qtp::universe {
namespace {

using testing::Day;
using testing::FeaturesTable;
using testing::kNaN;
using testing::Row;

std::vector<double> Ranks(const std::vector<double>& x) {
  std::vector<double> out(x.size());
  std::vector<uint32_t> scratch;
  PercentileRanks(x, out, scratch);
  return out;
}

TEST(PercentileRanks, TiesShareTheirMeanAndNullsStayNull) {
  // Finite values sorted: 1 (rank 0), 2 (rank 1), 3 and 3 (ranks 2 and 3, mean 2.5); m - 1 = 3.
  const std::vector<double> r = Ranks({3, kNaN, 1, 3, 2});
  EXPECT_DOUBLE_EQ(r[0], 2.5 / 3);
  EXPECT_TRUE(std::isnan(r[1]));
  EXPECT_DOUBLE_EQ(r[2], 0.0);
  EXPECT_DOUBLE_EQ(r[3], 2.5 / 3);
  EXPECT_DOUBLE_EQ(r[4], 1.0 / 3);
}

TEST(PercentileRanks, EdgeCases) {
  EXPECT_TRUE(Ranks({}).empty());
  const std::vector<double> single = Ranks({kNaN, 7.0});
  EXPECT_TRUE(std::isnan(single[0]));
  EXPECT_EQ(single[1], 0.5);
  for (double v : Ranks({kNaN, kNaN})) EXPECT_TRUE(std::isnan(v));
  for (double v : Ranks({4.0, 4.0, 4.0})) EXPECT_EQ(v, 0.5);
  const std::vector<double> inf = Ranks({std::numeric_limits<double>::infinity(), 1.0, 2.0});
  EXPECT_TRUE(std::isnan(inf[0]));
  EXPECT_EQ(inf[1], 0.0);
  EXPECT_EQ(inf[2], 1.0);
}

ScoreGroups Groups(double wl, double wv, double wt) {
  SelectParams p = testing::SimpleParams(10);
  p.liquidity.weight = wl;
  p.volatility.weight = wv;
  p.trend.weight = wt;
  auto g = ParseScoreGroups(p);
  EXPECT_TRUE(g.ok());
  return *g;
}

TEST(CrossSectionScorer, WeightedCompositeByHand) {
  const DateDays d = Day(2022, 3, 1);
  // Row 2 (XXX) is not a candidate: it must not enter any percentile.
  const Table t = FeaturesTable({
      {d, "AAA", {{"adv_20", 4e7}, {"rv_20", 0.01}, {"trend_60d_t", -3.0}}},
      {d, "BBB", {{"adv_20", 3e7}, {"rv_20", 0.04}, {"trend_60d_t", 1.0}}},
      {d, "XXX", {{"adv_20", 9e9}, {"rv_20", 9.0}, {"trend_60d_t", 9.0}}},
      {d, "CCC", {{"adv_20", 2e7}, {"rv_20", 0.03}, {"trend_60d_t", 2.0}}},
      {d, "DDD", {{"adv_20", 1e7}, {"rv_20", 0.02}, {"trend_60d_t", 0.5}}},
  });
  CrossSectionScorer scorer(Groups(2, 1, 1));
  DayScores s;
  const std::vector<uint32_t> candidates = {0, 1, 3, 4};
  scorer.Score(t, candidates, s);
  // Percentiles among 4 (rank / 3): liquidity by adv 1, 2/3, 1/3, 0; volatility by rv 0, 1, 2/3, 1/3;
  // trend by |t| (3, 1, 2, 0.5) 1, 1/3, 2/3, 0. Composite (2 liq + vol + trend) / 4.
  const std::vector<double> liq = {1, 2.0 / 3, 1.0 / 3, 0}, vol = {0, 1, 2.0 / 3, 1.0 / 3},
                            trend = {1, 1.0 / 3, 2.0 / 3, 0};
  const std::vector<double> score = {0.75, 2.0 / 3, 0.5, 1.0 / 12};
  for (size_t j = 0; j < 4; ++j) {
    EXPECT_NEAR(s.group[0][j], liq[j], 1e-15) << j;
    EXPECT_NEAR(s.group[1][j], vol[j], 1e-15) << j;
    EXPECT_NEAR(s.group[2][j], trend[j], 1e-15) << j;
    EXPECT_NEAR(s.score[j], score[j], 1e-15) << j;
  }
  EXPECT_EQ(s.rank, (std::vector<int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(s.scored, 4u);

  // Trend alone reorders them: AAA (|t| 3), CCC, BBB, DDD.
  CrossSectionScorer trend_only(Groups(0, 0, 1));
  trend_only.Score(t, candidates, s);
  EXPECT_EQ(s.rank, (std::vector<int64_t>{1, 3, 2, 4}));
}

TEST(CrossSectionScorer, EqualScoresRankByTicker) {
  const DateDays d = Day(2022, 3, 1);
  // Liquidity and volatility percentiles swap (1, 0) and (0, 1); trend ties: both composites are
  // exactly (1 + 0 + 0.5) / 3, so the ticker decides, whatever the row order.
  const Table t = FeaturesTable({
      {d, "ZZZ", {{"adv_20", 5e7}, {"rv_20", 0.01}, {"trend_60d_t", 2.0}}},
      {d, "AAA", {{"adv_20", 2e7}, {"rv_20", 0.05}, {"trend_60d_t", -2.0}}},
  });
  CrossSectionScorer scorer(Groups(1, 1, 1));
  DayScores s;
  const std::vector<uint32_t> candidates = {0, 1};
  scorer.Score(t, candidates, s);
  EXPECT_EQ(s.score[0], s.score[1]);
  EXPECT_NEAR(s.score[0], 0.5, 1e-15);
  EXPECT_EQ(s.rank, (std::vector<int64_t>{2, 1}));
}

TEST(CrossSectionScorer, MeanOfAvailableColumnsAndUnscoredTickers) {
  const DateDays d = Day(2022, 3, 1);
  SelectParams p = testing::SimpleParams(10);
  p.liquidity = {1.0, {"adv_20", "-rt_cost_bps"}};
  p.volatility = {0.0, {"rv_20"}};
  p.trend = {1.0, {"abs(trend_60d_t)"}};
  auto groups = ParseScoreGroups(p);
  ASSERT_TRUE(groups.ok());
  const Table t = FeaturesTable({
      {d, "AAA", {{"adv_20", 3e7}, {"rt_cost_bps", 10}, {"trend_60d_t", 1.0}}},
      {d, "BBB", {{"adv_20", 2e7}, {"rt_cost_bps", 5}, {"trend_60d_t", 1.0}, {"rv_20", 0.02}}},
      {d, "CCC", {{"adv_20", 1e7}, {"trend_60d_t", -1.0}}},
      {d, "DDD", {{"adv_20", 4e7}}},  // no trend column: unscored, but still in the adv percentiles
  });
  CrossSectionScorer scorer(*groups);
  DayScores s;
  const std::vector<uint32_t> candidates = {0, 1, 2, 3};
  scorer.Score(t, candidates, s);
  // adv among 4: CCC 0, BBB 1/3, AAA 2/3, DDD 1. -rt_cost_bps among AAA, BBB: AAA 0, BBB 1.
  // liquidity: AAA (2/3 + 0) / 2, BBB (1/3 + 1) / 2, CCC 0, DDD 1. |trend|: three ties at 0.5.
  EXPECT_NEAR(s.group[0][0], 1.0 / 3, 1e-15);
  EXPECT_NEAR(s.group[0][1], 2.0 / 3, 1e-15);
  EXPECT_NEAR(s.group[0][2], 0.0, 1e-15);
  EXPECT_NEAR(s.group[0][3], 1.0, 1e-15);
  EXPECT_EQ(s.group[2][0], 0.5);
  EXPECT_TRUE(std::isnan(s.group[2][3]));
  // Volatility has weight 0: reported where defined, never required.
  EXPECT_TRUE(std::isnan(s.group[1][0]));
  EXPECT_EQ(s.group[1][1], 0.5);
  EXPECT_NEAR(s.score[0], (1.0 / 3 + 0.5) / 2, 1e-15);
  EXPECT_NEAR(s.score[1], (2.0 / 3 + 0.5) / 2, 1e-15);
  EXPECT_NEAR(s.score[2], 0.25, 1e-15);
  EXPECT_TRUE(std::isnan(s.score[3]));
  EXPECT_EQ(s.rank, (std::vector<int64_t>{2, 1, 3, 0}));
  EXPECT_EQ(s.scored, 3u);
}

}  // namespace
}  // namespace qtp::universe
