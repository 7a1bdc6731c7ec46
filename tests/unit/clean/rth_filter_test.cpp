#include "qtp/data/clean/rth_filter.h"

#include <gtest/gtest.h>

#include "clean_test_util.h"

namespace qtp::clean {
namespace {

using testing::AppendSession;
using testing::Day;
using testing::Et;
using testing::MakeBar;
using testing::MakeTicker;

const NyseCalendar& Cal() { return NyseCalendar::Get(); }

TEST(RthFilter, Empty) {
  Bars5m bars = MakeTicker("AAA");
  QualityIssues issues;
  const SessionBars index = FilterRegularSession(Cal(), bars, issues);
  EXPECT_TRUE(bars.empty());
  EXPECT_TRUE(issues.empty());
  EXPECT_EQ(index.size(), 0u);
  ASSERT_EQ(index.offsets.size(), 1u);
}

TEST(RthFilter, FullSessionKeptWithSessionIndex) {
  Bars5m bars = MakeTicker("AAA");
  AppendSession(bars, Day(2021, 6, 1), 100);
  AppendSession(bars, Day(2021, 6, 2), 100);
  QualityIssues issues;
  const SessionBars index = FilterRegularSession(Cal(), bars, issues);
  EXPECT_TRUE(issues.empty());
  ASSERT_EQ(index.size(), 2u);
  EXPECT_EQ(index.count(0), 78u);
  EXPECT_EQ(index.count(1), 78u);
  EXPECT_EQ(index.sessions[1].date, Day(2021, 6, 2));
}

TEST(RthFilter, OutsideRth) {
  const DateDays d = Day(2021, 6, 1);
  Bars5m bars = MakeTicker("AAA");
  bars.push_back(MakeBar(Et(d, 9, 0), 10, 10), "t");    // pre-market
  bars.push_back(MakeBar(Et(d, 9, 25), 10, 10), "t");   // ends at the open: still pre-market
  bars.push_back(MakeBar(Et(d, 9, 30), 10, 10), "t");   // first RTH bar
  bars.push_back(MakeBar(Et(d, 15, 55), 10, 10), "t");  // last RTH bar
  bars.push_back(MakeBar(Et(d, 16, 0), 10, 10), "t");   // post-market
  QualityIssues issues;
  const SessionBars index = FilterRegularSession(Cal(), bars, issues);
  ASSERT_EQ(bars.size(), 2u);
  EXPECT_EQ(bars.ts[0], Et(d, 9, 30));
  EXPECT_EQ(bars.ts[1], Et(d, 15, 55));
  ASSERT_EQ(issues.size(), 3u);
  for (const QualityIssue& issue : issues) {
    EXPECT_EQ(issue.rule, rule::kOutsideRth);
    EXPECT_EQ(issue.action, action::kDropped);
    EXPECT_EQ(issue.date, d);
    EXPECT_EQ(issue.stage, "clean");
  }
  EXPECT_EQ(issues[0].ts, Et(d, 9, 0));
  EXPECT_NE(issues[0].detail.find("09:00 ET"), std::string::npos);
  EXPECT_EQ(index.count(0), 2u);
}

TEST(RthFilter, ClosedDayHolidayAndWeekend) {
  Bars5m bars = MakeTicker("AAA");
  bars.push_back(MakeBar(Et(Day(2021, 6, 4), 10, 0), 10, 10), "t");   // Friday: kept
  bars.push_back(MakeBar(Et(Day(2021, 6, 5), 10, 0), 10, 10), "t");   // Saturday
  bars.push_back(MakeBar(Et(Day(2022, 6, 20), 10, 0), 10, 10), "t");  // Juneteenth (observed), closed
  QualityIssues issues;
  FilterRegularSession(Cal(), bars, issues);
  ASSERT_EQ(bars.size(), 1u);
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].rule, rule::kClosedDay);
  EXPECT_EQ(issues[0].date, Day(2021, 6, 5));
  EXPECT_EQ(issues[1].rule, rule::kClosedDay);
  EXPECT_EQ(issues[1].date, Day(2022, 6, 20));
}

TEST(RthFilter, HalfDayBarsCount) {
  const DateDays d = Day(2020, 11, 27);  // day after Thanksgiving: closes 13:00
  Bars5m bars = MakeTicker("AAA");
  for (TimestampUs ts = Et(d, 9, 30); ts < Et(d, 16, 0); ts += 5 * kMicrosPerMinute) {
    bars.push_back(MakeBar(ts, 10, 10), "t");
  }
  QualityIssues issues;
  const SessionBars index = FilterRegularSession(Cal(), bars, issues);
  EXPECT_EQ(bars.size(), 42u);
  EXPECT_EQ(index.count(0), 42u);
  EXPECT_EQ(issues.size(), 78u - 42u);
  EXPECT_EQ(bars.ts.back(), Et(d, 12, 55));
  for (const QualityIssue& issue : issues) {
    EXPECT_EQ(issue.rule, rule::kOutsideRth);
  }
  EXPECT_NE(issues[0].detail.find("13:00"), std::string::npos);
}

TEST(RthFilter, DstWeekKeepsAllBarsOnBothSides) {
  Bars5m bars = MakeTicker("AAA");
  AppendSession(bars, Day(2021, 3, 12), 50);  // EST: 14:30 UTC open
  AppendSession(bars, Day(2021, 3, 15), 50);  // EDT: 13:30 UTC open
  QualityIssues issues;
  const SessionBars index = FilterRegularSession(Cal(), bars, issues);
  EXPECT_TRUE(issues.empty());
  ASSERT_EQ(index.size(), 2u);  // the weekend has no session
  EXPECT_EQ(index.count(0), 78u);
  EXPECT_EQ(index.count(1), 78u);
  EXPECT_EQ(index.sessions[0].open_utc, DaysFromCivil(2021, 3, 12) * kMicrosPerDay + (14 * 60 + 30) * kMicrosPerMinute);
  EXPECT_EQ(index.sessions[1].open_utc, DaysFromCivil(2021, 3, 15) * kMicrosPerDay + (13 * 60 + 30) * kMicrosPerMinute);
}

TEST(RthFilter, OffGridBarDropped) {
  const DateDays d = Day(2021, 6, 1);
  Bars5m bars = MakeTicker("AAA");
  bars.push_back(MakeBar(Et(d, 9, 30), 10, 10), "t");
  bars.push_back(MakeBar(Et(d, 9, 32), 10, 10), "t");
  QualityIssues issues;
  FilterRegularSession(Cal(), bars, issues);
  ASSERT_EQ(bars.size(), 1u);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].rule, rule::kOffGrid);
}

}  // namespace
}  // namespace qtp::clean
