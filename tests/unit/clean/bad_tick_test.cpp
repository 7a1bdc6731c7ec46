#include "qtp/data/clean/bad_tick.h"

#include <gtest/gtest.h>

#include <cmath>

#include "clean_test_util.h"
#include "qtp/data/clean/rth_filter.h"

namespace qtp::clean {
namespace {

using testing::Day;
using testing::Et;
using testing::MakeTicker;

TEST(ClassifyBar, EachRule) {
  EXPECT_EQ(ClassifyBar(10, 11, 9, 10.5, 100), BadTick::kNone);
  EXPECT_EQ(ClassifyBar(10, 10, 10, 10, 0), BadTick::kNone);  // flat bar, no volume: fine
  EXPECT_EQ(ClassifyBar(0, 11, 9, 10, 100), BadTick::kNonPositivePrice);
  EXPECT_EQ(ClassifyBar(10, 11, -1, 10, 100), BadTick::kNonPositivePrice);
  EXPECT_EQ(ClassifyBar(10, 9, 11, 10, 100), BadTick::kHighBelowLow);
  EXPECT_EQ(ClassifyBar(12, 11, 9, 10, 100), BadTick::kOpenOutsideRange);
  EXPECT_EQ(ClassifyBar(10, 11, 9, 8.99, 100), BadTick::kCloseOutsideRange);
  EXPECT_EQ(ClassifyBar(10, 11, 9, 10, -5), BadTick::kNegativeVolume);
}

TEST(IsBadVwap, MissingIsNeverBad) {
  EXPECT_FALSE(IsBadVwap(kNaN, 11, 9));
  EXPECT_FALSE(IsBadVwap(10, 11, 9));
  EXPECT_FALSE(IsBadVwap(11.05, 11, 9));  // within 1%
  EXPECT_TRUE(IsBadVwap(11.2, 11, 9));
  EXPECT_TRUE(IsBadVwap(0, 11, 9));
}

Bars5m BarsWith(const std::vector<Bar5m>& rows) {
  Bars5m bars = MakeTicker("AAA");
  for (const Bar5m& r : rows) {
    bars.push_back(r, "t");
  }
  return bars;
}

Bar5m Row(int k, double o, double h, double l, double c, double v, double vwap = kNaN) {
  return {Et(Day(2021, 6, 1), 10, 0) + k * 5 * kMicrosPerMinute, o, h, l, c, v, vwap, 1};
}

TEST(FilterBadTicks5m, QuarantinesWithValuesAndKeepsGoodBars) {
  Bars5m bars = BarsWith({Row(0, 10, 11, 9, 10, 100), Row(1, 0, 11, 9, 10, 100), Row(2, 10, 11, 9, 10, 100),
                          Row(3, 10, 11, 9, 10, -1), Row(4, 10, 11, 9, 10.5, 100, 99)});
  QualityIssues issues;
  SessionBars index = FilterRegularSession(NyseCalendar::Get(), bars, issues);
  ASSERT_TRUE(issues.empty());
  FilterBadTicks(bars, index, issues);
  ASSERT_EQ(bars.size(), 3u);
  EXPECT_EQ(index.count(0), 3u);
  EXPECT_EQ(bars.ts[1], Row(2, 0, 0, 0, 0, 0).ts);
  EXPECT_TRUE(std::isnan(bars.vwap[2]));  // vwap 99 outside [9, 11]: nulled, bar kept
  ASSERT_EQ(issues.size(), 3u);
  EXPECT_EQ(issues[0].rule, rule::kNonPositivePrice);
  EXPECT_EQ(issues[0].action, action::kQuarantined);
  EXPECT_EQ(issues[0].ts, Row(1, 0, 0, 0, 0, 0).ts);
  EXPECT_EQ(issues[0].date, Day(2021, 6, 1));
  EXPECT_NE(issues[0].detail.find("open=0"), std::string::npos);
  EXPECT_EQ(issues[1].rule, rule::kNegativeVolume);
  EXPECT_NE(issues[1].detail.find("volume=-1"), std::string::npos);
  EXPECT_EQ(issues[2].rule, rule::kBadVwap);
  EXPECT_EQ(issues[2].action, action::kNulled);
}

TEST(FilterBadTicks5m, AllBad) {
  Bars5m bars = BarsWith(
      {Row(0, -1, 11, 9, 10, 100), Row(1, 10, 9, 11, 10, 100), Row(2, 12, 11, 9, 10, 100), Row(3, 10, 11, 9, 12, 100)});
  QualityIssues issues;
  SessionBars index = FilterRegularSession(NyseCalendar::Get(), bars, issues);
  FilterBadTicks(bars, index, issues);
  EXPECT_TRUE(bars.empty());
  EXPECT_EQ(index.count(0), 0u);
  ASSERT_EQ(issues.size(), 4u);
  EXPECT_EQ(issues[0].rule, rule::kNonPositivePrice);
  EXPECT_EQ(issues[1].rule, rule::kHighBelowLow);
  EXPECT_EQ(issues[2].rule, rule::kOpenOutsideRange);
  EXPECT_EQ(issues[3].rule, rule::kCloseOutsideRange);
  // A bar breaking several rules is recorded once, with all of them listed.
  EXPECT_NE(issues[1].detail.find("open_outside_range"), std::string::npos);
}

TEST(FilterBadTicks1d, DailyRowsUseTheSameRules) {
  Bars1d bars;
  bars.ticker = "DDD";
  bars.push_back({Day(2021, 6, 1), 10, 11, 9, 10, 100, kNaN, kNullInt64}, "d");
  bars.push_back({Day(2021, 6, 2), 10, 11, 9, 0, 100, kNaN, kNullInt64}, "d");
  bars.push_back({Day(2021, 6, 3), 10, 11, 9, 10, 100, -3, kNullInt64}, "d");
  QualityIssues issues;
  FilterBadTicks(bars, issues);
  ASSERT_EQ(bars.size(), 2u);
  EXPECT_EQ(bars.date[1], Day(2021, 6, 3));
  EXPECT_TRUE(std::isnan(bars.vwap[1]));
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].rule, rule::kNonPositivePrice);
  EXPECT_EQ(issues[0].ts, kNullInt64);
  EXPECT_EQ(issues[0].date, Day(2021, 6, 2));
  EXPECT_EQ(issues[1].rule, rule::kBadVwap);
}

}  // namespace
}  // namespace qtp::clean
