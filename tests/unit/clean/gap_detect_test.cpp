#include "qtp/data/clean/gap_detect.h"

#include <gtest/gtest.h>

#include "clean_test_util.h"
#include "qtp/data/clean/rth_filter.h"

namespace qtp::clean {
namespace {

using testing::AppendSession;
using testing::Day;
using testing::Et;
using testing::MakeTicker;

SessionBars CleanSessionIndex(Bars5m& bars) {
  QualityIssues issues;
  SessionBars index = FilterRegularSession(NyseCalendar::Get(), bars, issues);
  EXPECT_TRUE(issues.empty());
  return index;
}

TEST(DetectGaps, CompleteSessionsHaveNone) {
  Bars5m bars = MakeTicker("AAA");
  AppendSession(bars, Day(2020, 11, 25), 10);
  AppendSession(bars, Day(2020, 11, 27), 10);  // early close: 42 bars is complete
  SessionBars index = CleanSessionIndex(bars);
  QualityIssues issues;
  EXPECT_EQ(DetectGaps(bars, index, issues), 0u);
  EXPECT_TRUE(issues.empty());
  EXPECT_EQ(index.count(1), 42u);
}

TEST(DetectGaps, GapInSession) {
  Bars5m bars = MakeTicker("AAA");
  AppendSession(bars, Day(2021, 6, 1), 10);
  std::vector<uint8_t> keep(bars.size(), 1);
  keep[10] = keep[11] = keep[12] = 0;  // 10:20, 10:25, 10:30 ET
  bars.Filter(keep);
  SessionBars index = CleanSessionIndex(bars);
  QualityIssues issues;
  EXPECT_EQ(DetectGaps(bars, index, issues), 3u);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].rule, rule::kGap);
  EXPECT_EQ(issues[0].action, action::kFlagged);
  EXPECT_EQ(issues[0].ts, Et(Day(2021, 6, 1), 10, 20));
  EXPECT_EQ(issues[0].date, Day(2021, 6, 1));
  EXPECT_NE(issues[0].detail.find("3 of 78"), std::string::npos);
  EXPECT_NE(issues[0].detail.find("10:20, 10:25, 10:30"), std::string::npos);
}

TEST(DetectGaps, MissingDayOnlyBetweenFirstAndLastBar) {
  Bars5m bars = MakeTicker("AAA");
  AppendSession(bars, Day(2021, 6, 1), 10);
  AppendSession(bars, Day(2021, 6, 3), 10);  // 2021-06-02 has no bar
  SessionBars index = CleanSessionIndex(bars);
  QualityIssues issues;
  EXPECT_EQ(DetectGaps(bars, index, issues), 0u);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].rule, rule::kMissingDay);
  EXPECT_EQ(issues[0].date, Day(2021, 6, 2));
  EXPECT_EQ(issues[0].ts, kNullInt64);
}

TEST(DetectGaps, EmptyAndBarsMissingAtTheEdges) {
  Bars5m empty = MakeTicker("AAA");
  SessionBars none = CleanSessionIndex(empty);
  QualityIssues issues;
  EXPECT_EQ(DetectGaps(empty, none, issues), 0u);
  EXPECT_TRUE(issues.empty());

  Bars5m bars = MakeTicker("AAA");
  AppendSession(bars, Day(2021, 6, 1), 10);
  std::vector<uint8_t> keep(bars.size(), 1);
  keep.front() = keep.back() = 0;  // 09:30 and 15:55 absent
  bars.Filter(keep);
  SessionBars index = CleanSessionIndex(bars);
  EXPECT_EQ(DetectGaps(bars, index, issues), 2u);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_NE(issues[0].detail.find("09:30, 15:55"), std::string::npos);
}

TEST(DetectMissingDays, Daily) {
  Bars1d bars;
  bars.ticker = "DDD";
  bars.push_back({Day(2021, 6, 1), 1, 1, 1, 1, 1, kNaN, kNullInt64}, "d");
  bars.push_back({Day(2021, 6, 4), 1, 1, 1, 1, 1, kNaN, kNullInt64}, "d");
  std::vector<TradingSession> sessions;
  for (DateDays d : NyseCalendar::Get().TradingDays(Day(2021, 6, 1), Day(2021, 6, 4))) {
    sessions.push_back(*NyseCalendar::Get().Session(d));
  }
  QualityIssues issues;
  EXPECT_EQ(DetectMissingDays(bars, sessions, issues), 2u);
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].date, Day(2021, 6, 2));
  EXPECT_EQ(issues[1].date, Day(2021, 6, 3));
}

}  // namespace
}  // namespace qtp::clean
