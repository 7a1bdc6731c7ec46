#include "qtp/data/clean/daily_bars.h"

#include <gtest/gtest.h>

#include "clean_test_util.h"
#include "qtp/data/clean/rth_filter.h"

namespace qtp::clean {
namespace {

using testing::AppendSession;
using testing::Day;
using testing::Et;
using testing::MakeTicker;

SessionBars Index(Bars5m& bars) {
  QualityIssues issues;
  return FilterRegularSession(NyseCalendar::Get(), bars, issues);
}

TEST(AggregateDaily, Empty) {
  Bars5m bars = MakeTicker("AAA");
  SessionBars index = Index(bars);
  EXPECT_TRUE(AggregateDaily(bars, index).empty());
}

TEST(AggregateDaily, AgainstHandComputation) {
  const DateDays d = Day(2021, 6, 1);
  Bars5m bars = MakeTicker("AAA");
  bars.push_back({Et(d, 9, 30), 10.0, 11.0, 9.5, 10.5, 100, 10.2, 1}, "feed");
  bars.push_back({Et(d, 9, 35), 10.5, 12.0, 10.0, 11.0, 200, kNaN, 1}, "feed");  // no vwap: typical price
  bars.push_back({Et(d, 12, 0), 11.0, 11.5, 10.8, 11.2, 300, 11.1, 1}, "feed");
  SessionBars index = Index(bars);
  const Bars1d daily = AggregateDaily(bars, index);
  ASSERT_EQ(daily.size(), 1u);
  EXPECT_EQ(daily.ticker, "AAA");
  EXPECT_EQ(daily.date[0], d);
  EXPECT_EQ(daily.open[0], 10.0);
  EXPECT_EQ(daily.high[0], 12.0);
  EXPECT_EQ(daily.low[0], 9.5);
  EXPECT_EQ(daily.close[0], 11.2);
  EXPECT_EQ(daily.volume[0], 600);
  // (10.2·100 + (12 + 10 + 11)/3 · 200 + 11.1·300) / 600 = (1020 + 2200 + 3330) / 600
  EXPECT_NEAR(daily.vwap[0], 6550.0 / 600.0, 1e-12);
  EXPECT_EQ(daily.n_bars[0], 3);
  EXPECT_EQ(daily.source[0], "feed");
}

TEST(AggregateDaily, ZeroVolumeDayUsesUnweightedMean) {
  const DateDays d = Day(2021, 6, 1);
  Bars5m bars = MakeTicker("AAA");
  bars.push_back({Et(d, 9, 30), 10, 10, 10, 10, 0, 10, 0}, "a");
  bars.push_back({Et(d, 9, 35), 12, 12, 12, 12, 0, kNaN, 0}, "b");
  SessionBars index = Index(bars);
  const Bars1d daily = AggregateDaily(bars, index);
  ASSERT_EQ(daily.size(), 1u);
  EXPECT_DOUBLE_EQ(daily.vwap[0], 11.0);
  EXPECT_EQ(daily.source[0], "a+b");
}

TEST(AggregateDaily, HalfDayAndFullDayBarCounts) {
  Bars5m bars = MakeTicker("AAA");
  AppendSession(bars, Day(2020, 11, 25), 10);
  AppendSession(bars, Day(2020, 11, 27), 10);  // closes 13:00
  SessionBars index = Index(bars);
  const Bars1d daily = AggregateDaily(bars, index);
  ASSERT_EQ(daily.size(), 2u);  // Thanksgiving 2020-11-26 closed: no row
  EXPECT_EQ(daily.n_bars[0], 78);
  EXPECT_EQ(daily.n_bars[1], 42);
  EXPECT_EQ(daily.date[1], Day(2020, 11, 27));
  EXPECT_EQ(daily.close[1], bars.close.back());
}

}  // namespace
}  // namespace qtp::clean
