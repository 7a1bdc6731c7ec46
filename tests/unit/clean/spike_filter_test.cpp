#include "qtp/data/clean/spike_filter.h"

#include <gtest/gtest.h>

#include <cmath>

#include "clean_test_util.h"
#include "qtp/data/clean/rth_filter.h"

namespace qtp::clean {
namespace {

using testing::AppendSession;
using testing::Day;
using testing::MakeTicker;

// Three quiet sessions around 100 (robust sigma ≈ 0.27%, so the default threshold is
// max(10 × 0.27%, 2%) ≈ 2.7%); the tests then damage bars of the third session.
Bars5m ThreeSessions() {
  Bars5m bars = MakeTicker("AAA");
  AppendSession(bars, Day(2021, 6, 1), 100);
  AppendSession(bars, Day(2021, 6, 2), 100);
  AppendSession(bars, Day(2021, 6, 3), 100);
  return bars;
}

constexpr size_t kThird = 2 * 78;  // first bar of the third session

void Scale(Bars5m& bars, size_t i, double f) {
  bars.open[i] *= f;
  bars.high[i] *= f;
  bars.low[i] *= f;
  bars.close[i] *= f;
  bars.vwap[i] *= f;
}

QualityIssues RunSpikes(Bars5m& bars, SessionBars& index, const CleanParams& params = {}) {
  QualityIssues issues;
  index = FilterRegularSession(NyseCalendar::Get(), bars, issues);
  EXPECT_TRUE(issues.empty());
  FilterSpikes(bars, index, params, issues);
  return issues;
}

TEST(SpikeFilter, Empty) {
  Bars5m bars = MakeTicker("AAA");
  SessionBars index;
  EXPECT_TRUE(RunSpikes(bars, index).empty());
}

TEST(SpikeFilter, CleanBarsAreNotFlagged) {
  Bars5m bars = ThreeSessions();
  SessionBars index;
  EXPECT_TRUE(RunSpikes(bars, index).empty());
}

TEST(SpikeFilter, SpikeRevertsIsReplacedByInterpolation) {
  Bars5m bars = ThreeSessions();
  const size_t i = kThird + 40;
  Scale(bars, i, 1.10);
  const double expected = std::sqrt(bars.close[i - 1] * bars.close[i + 1]);
  const double volume = bars.volume[i];
  SessionBars index;
  const QualityIssues issues = RunSpikes(bars, index);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].rule, rule::kSpikeRevert);
  EXPECT_EQ(issues[0].action, action::kReplaced);
  EXPECT_EQ(issues[0].ts, bars.ts[i]);
  EXPECT_EQ(issues[0].date, Day(2021, 6, 3));
  ASSERT_EQ(bars.size(), 3u * 78u);
  EXPECT_DOUBLE_EQ(bars.open[i], expected);
  EXPECT_DOUBLE_EQ(bars.high[i], expected);
  EXPECT_DOUBLE_EQ(bars.low[i], expected);
  EXPECT_DOUBLE_EQ(bars.close[i], expected);
  EXPECT_TRUE(std::isnan(bars.vwap[i]));
  EXPECT_EQ(bars.volume[i], volume);
}

TEST(SpikeFilter, DownwardWickOnlyIsCaught) {
  Bars5m bars = ThreeSessions();
  const size_t i = kThird + 10;
  const double open = bars.open[i];
  const double close = bars.close[i];
  bars.low[i] = 1.0;  // one bad print far below; open/close fine
  SessionBars index;
  const QualityIssues issues = RunSpikes(bars, index);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].rule, rule::kSpikeRevert);
  EXPECT_EQ(bars.open[i], open);
  EXPECT_EQ(bars.close[i], close);
  EXPECT_DOUBLE_EQ(bars.low[i], std::min({open, close, std::sqrt(bars.close[i - 1] * bars.close[i + 1])}));
}

TEST(SpikeFilter, JumpPersistsIsNotFlagged) {
  Bars5m bars = ThreeSessions();
  for (size_t i = kThird + 40; i < kThird + 78; ++i) {
    Scale(bars, i, 1.10);
  }
  const Bars5m before = bars;
  SessionBars index;
  EXPECT_TRUE(RunSpikes(bars, index).empty());
  EXPECT_EQ(bars.close, before.close);
}

TEST(SpikeFilter, TwoBarExcursionIsNotIsolated) {
  Bars5m bars = ThreeSessions();
  Scale(bars, kThird + 40, 1.10);
  Scale(bars, kThird + 41, 1.10);
  SessionBars index;
  EXPECT_TRUE(RunSpikes(bars, index).empty());
}

TEST(SpikeFilter, OvernightGapIsNotFlagged) {
  Bars5m bars = MakeTicker("AAA");
  AppendSession(bars, Day(2021, 6, 1), 100);
  AppendSession(bars, Day(2021, 6, 2), 100);
  AppendSession(bars, Day(2021, 6, 3), 130);  // +30% overnight (e.g. an unadjusted split or news)
  SessionBars index;
  EXPECT_TRUE(RunSpikes(bars, index).empty());
}

TEST(SpikeFilter, LastBarIsUnconfirmedAndKept) {
  Bars5m bars = ThreeSessions();
  const size_t last = bars.size() - 1;
  Scale(bars, last, 1.10);
  const double close = bars.close[last];
  SessionBars index;
  const QualityIssues issues = RunSpikes(bars, index);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].rule, rule::kSpikeUnconfirmed);
  EXPECT_EQ(issues[0].action, action::kFlagged);
  EXPECT_EQ(bars.close[last], close);
}

TEST(SpikeFilter, DropAction) {
  Bars5m bars = ThreeSessions();
  const size_t i = kThird + 40;
  const TimestampUs ts = bars.ts[i];
  Scale(bars, i, 0.8);
  CleanParams params;
  params.spike_action = "drop";
  SessionBars index;
  const QualityIssues issues = RunSpikes(bars, index, params);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].action, action::kDropped);
  EXPECT_EQ(bars.size(), 3u * 78u - 1u);
  EXPECT_EQ(index.count(2), 77u);
  EXPECT_EQ(bars.ts[i], ts + 5 * kMicrosPerMinute);
}

TEST(SpikeFilter, QuietNameOneTickMoveIsBelowTheFloor) {
  Bars5m bars = MakeTicker("QQQ");
  for (DateDays d : {Day(2021, 6, 1), Day(2021, 6, 2)}) {
    for (TimestampUs ts : NyseCalendar::Get().BarStarts(d)) {
      bars.push_back(testing::MakeBar(ts, 10, 10), "t");
    }
  }
  bars.close[100] = bars.high[100] = 10.05;  // +0.5% and back: MAD sigma is 0, the 2% floor holds
  SessionBars index;
  EXPECT_TRUE(RunSpikes(bars, index).empty());
}

TEST(SpikeFilter, ThresholdScalesWithTrailingSigma) {
  // A 5% reverting move: a spike at the default threshold (≈ 2.7%), but not when spike_k × sigma
  // puts the threshold above it.
  Bars5m bars = ThreeSessions();
  Scale(bars, kThird + 30, 1.05);
  Bars5m copy = bars;
  SessionBars index;
  EXPECT_EQ(RunSpikes(bars, index).size(), 1u);
  CleanParams wide;
  wide.spike_k = 100;  // 100 sigma ≈ 27% threshold
  EXPECT_TRUE(RunSpikes(copy, index, wide).empty());
}

}  // namespace
}  // namespace qtp::clean
