// The ensembles' building blocks against hand-worked values.
#include <gtest/gtest.h>

#include "qtp/core/bars.h"

#include <cmath>

#include "qtp/models/ensemble.h"

namespace qtp::models {
namespace {


TEST(Ensemble, DailyPercentilesRankWithinEachDayWithTies) {
  RowBlock rows;
  rows.day_begin = {0, 4, 6};  // day 0: rows 0..3, day 1: rows 4..5
  rows.ticker = {0, 1, 2, 3, 0, 1};
  const std::vector<double> scores = {0.5, kNaN, -1.0, 0.5, 3.0, 2.0};
  std::vector<double> out(6, 99.0);
  DailyPercentiles(rows, scores, 0, 2, out);
  // Day 0: three finite scores; -1 has rank 1, the two 0.5s share rank 2.5: (r - 0.5) / 3.
  EXPECT_DOUBLE_EQ(out[0], 2.0 / 3.0);
  EXPECT_TRUE(std::isnan(out[1]));
  EXPECT_DOUBLE_EQ(out[2], 0.5 / 3.0);
  EXPECT_DOUBLE_EQ(out[3], 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(out[4], 0.75);
  EXPECT_DOUBLE_EQ(out[5], 0.25);
}

TEST(Ensemble, CombineWeightsTheMembersPresent) {
  const std::vector<std::vector<double>> p = {{0.2, 0.9, kNaN}, {0.6, kNaN, kNaN}};
  const std::vector<double> w = {0.25, 0.75};
  std::vector<double> out(3);
  CombinePercentiles(p, w, 0, 3, out);
  EXPECT_DOUBLE_EQ(out[0], 0.25 * 0.2 + 0.75 * 0.6);
  EXPECT_DOUBLE_EQ(out[1], 0.9) << "only member 0 scored the row: its weight renormalizes to 1";
  EXPECT_TRUE(std::isnan(out[2]));
}

TEST(Ensemble, IcWeightsUseOnlyDaysKnownBeforeTheFoldAndClipNegatives) {
  // Member 0: mean IC 0.03 over days 0..2; member 1: -0.02; member 2: 0.01; day 3 is not known yet.
  const std::vector<std::vector<double>> ic = {
      {0.02, 0.04, 0.03, 10.0}, {-0.02, kNaN, -0.02, 10.0}, {0.01, 0.01, 0.01, -10.0}};
  const std::vector<double> w = IcWeights(ic, 3);
  EXPECT_DOUBLE_EQ(w[0], 0.03 / 0.04);
  EXPECT_DOUBLE_EQ(w[1], 0.0);
  EXPECT_DOUBLE_EQ(w[2], 0.01 / 0.04);
  const std::vector<double> none = IcWeights(ic, 0);
  for (const double x : none) EXPECT_DOUBLE_EQ(x, 1.0 / 3.0) << "no history: equal weights";
}

}  // namespace
}  // namespace qtp::models
