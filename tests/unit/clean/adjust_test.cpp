#include "qtp/data/clean/adjust.h"

#include <gtest/gtest.h>

#include <cmath>

#include "clean_test_util.h"
#include "qtp/data/clean/rth_filter.h"

namespace qtp::clean {
namespace {

using testing::AppendSession;
using testing::Day;
using testing::MakeTicker;

CorporateAction Split(DateDays ex, double ratio) {
  CorporateAction a;
  a.ticker = "AAA";
  a.ex_date = ex;
  a.type = CorporateActionType::kSplit;
  a.split_ratio = ratio;
  return a;
}

CorporateAction Dividend(DateDays ex, double cash) {
  CorporateAction a;
  a.ticker = "AAA";
  a.ex_date = ex;
  a.type = CorporateActionType::kDividend;
  a.dividend = cash;
  return a;
}

// What the bars_5m / bars_1d views show: the as-traded rows times their stored factors.
template <typename Bars>
void ApplyFactors(Bars& bars, const std::vector<DateDays>& dates, const std::vector<AdjustmentEvent>& events) {
  const AdjustmentFactors f = FactorsFor(dates, events);
  for (size_t i = 0; i < bars.size(); ++i) {
    for (std::vector<double>* column : {&bars.open, &bars.high, &bars.low, &bars.close, &bars.vwap}) {
      (*column)[i] *= f.price[i];
    }
    bars.volume[i] *= f.volume[i];
  }
}

void BackAdjust(Bars5m& bars, const SessionBars& index, const std::vector<CorporateAction>& actions,
                const std::vector<uint8_t>& applied, QualityIssues& issues) {
  const std::vector<AdjustmentEvent> events = ResolveAdjustments(bars, index, actions, applied, issues);
  std::vector<DateDays> dates;
  for (size_t s = 0; s < index.size(); ++s) dates.insert(dates.end(), index.count(s), index.sessions[s].date);
  ApplyFactors(bars, dates, events);
}

void BackAdjust(Bars1d& bars, const std::vector<CorporateAction>& actions, const std::vector<uint8_t>& applied,
                QualityIssues& issues) {
  const std::vector<AdjustmentEvent> events = ResolveAdjustments(bars, actions, applied, issues);
  ApplyFactors(bars, bars.date, events);
}

// Day 1 around `before`, day 2 around `after` (raw, unadjusted, as a feed delivers a split).
struct TwoDays {
  Bars5m raw;
  Bars5m bars;
  SessionBars index;
};

TwoDays MakeTwoDays(double before, double after) {
  TwoDays t;
  t.raw = MakeTicker("AAA");
  AppendSession(t.raw, Day(2021, 6, 1), before);
  AppendSession(t.raw, Day(2021, 6, 2), after);
  t.bars = t.raw;
  QualityIssues issues;
  t.index = FilterRegularSession(NyseCalendar::Get(), t.bars, issues);
  return t;
}

void ExpectScaled(const Bars5m& raw, const Bars5m& adj, size_t begin, size_t end, double price, double volume) {
  for (size_t i = begin; i < end; ++i) {
    EXPECT_DOUBLE_EQ(adj.open[i], raw.open[i] * price) << i;
    EXPECT_DOUBLE_EQ(adj.high[i], raw.high[i] * price) << i;
    EXPECT_DOUBLE_EQ(adj.low[i], raw.low[i] * price) << i;
    EXPECT_DOUBLE_EQ(adj.close[i], raw.close[i] * price) << i;
    EXPECT_DOUBLE_EQ(adj.vwap[i], raw.vwap[i] * price) << i;
    EXPECT_DOUBLE_EQ(adj.volume[i], raw.volume[i] * volume) << i;
  }
}

TEST(BackAdjust, NoActionsChangesNothing) {
  TwoDays t = MakeTwoDays(100, 100);
  QualityIssues issues;
  BackAdjust(t.bars, t.index, {}, {}, issues);
  EXPECT_TRUE(issues.empty());
  EXPECT_EQ(t.bars.close, t.raw.close);
}

TEST(BackAdjust, SplitDayTwoForOne) {
  TwoDays t = MakeTwoDays(100, 50);
  QualityIssues issues;
  BackAdjust(t.bars, t.index, {Split(Day(2021, 6, 2), 2.0)}, {}, issues);
  ExpectScaled(t.raw, t.bars, 0, 78, 0.5, 2.0);
  ExpectScaled(t.raw, t.bars, 78, 156, 1.0, 1.0);
  // Continuous across the ex-date: the adjusted last close of day 1 equals day 2's first open.
  EXPECT_NEAR(t.bars.close[77] / t.bars.open[78], t.raw.close[77] / 2 / t.raw.open[78], 1e-12);
  EXPECT_NEAR(std::log(t.bars.close[77] / t.bars.close[78]), std::log(t.raw.close[77] / (2 * t.raw.close[78])), 1e-12);
  for (size_t i = 0; i < 78; ++i) {  // dollar volume preserved
    EXPECT_NEAR(t.bars.close[i] * t.bars.volume[i], t.raw.close[i] * t.raw.volume[i],
                1e-9 * t.raw.close[i] * t.raw.volume[i]);
  }
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].rule, rule::kSplitAdjustment);
  EXPECT_EQ(issues[0].action, action::kAdjusted);
  EXPECT_EQ(issues[0].date, Day(2021, 6, 2));
  EXPECT_NE(issues[0].detail.find("78 rows"), std::string::npos);
}

TEST(BackAdjust, SplitDayOneForTenReverse) {
  TwoDays t = MakeTwoDays(1.0, 10.0);
  QualityIssues issues;
  BackAdjust(t.bars, t.index, {Split(Day(2021, 6, 2), 0.1)}, {}, issues);
  ExpectScaled(t.raw, t.bars, 0, 78, 10.0, 0.1);
  ExpectScaled(t.raw, t.bars, 78, 156, 1.0, 1.0);
}

TEST(BackAdjust, DividendDay) {
  TwoDays t = MakeTwoDays(100, 98);
  const double close_prev = t.raw.close[77];
  QualityIssues issues;
  BackAdjust(t.bars, t.index, {Dividend(Day(2021, 6, 2), 2.0)}, {}, issues);
  ExpectScaled(t.raw, t.bars, 0, 78, 1.0 - 2.0 / close_prev, 1.0);  // volume untouched by dividends
  ExpectScaled(t.raw, t.bars, 78, 156, 1.0, 1.0);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].rule, rule::kDividendAdjustment);
}

TEST(BackAdjust, SplitThenDividendCompound) {
  Bars1d bars;
  bars.ticker = "AAA";
  for (int d = 1; d <= 3; ++d) {
    const double px = d == 1 ? 100 : 50;
    bars.push_back({Day(2021, 6, d), px, px, px, px, 1000, px, kNullInt64}, "x");
  }
  QualityIssues issues;
  BackAdjust(bars, {Dividend(Day(2021, 6, 3), 1.0), Split(Day(2021, 6, 2), 2.0)}, {}, issues);
  const double f = 1.0 - 1.0 / 50.0;
  EXPECT_DOUBLE_EQ(bars.close[0], 100 * 0.5 * f);
  EXPECT_DOUBLE_EQ(bars.volume[0], 2000);
  EXPECT_DOUBLE_EQ(bars.close[1], 50 * f);
  EXPECT_DOUBLE_EQ(bars.volume[1], 1000);
  EXPECT_DOUBLE_EQ(bars.close[2], 50);
  EXPECT_EQ(issues.size(), 2u);
}

TEST(BackAdjust, SourceAlreadySplitAdjusted) {
  // IEX-style daily rows: split-adjusted, not dividend-adjusted. Day 1 raw close was 100 (50 adjusted).
  Bars1d bars;
  bars.ticker = "AAA";
  bars.push_back({Day(2021, 6, 1), 50, 50, 50, 50, 2000, kNaN, kNullInt64}, "iex");
  bars.push_back({Day(2021, 6, 2), 49, 49, 49, 49, 1000, kNaN, kNullInt64}, "iex");
  const auto flags = AppliedFlags(bars.source, [](const std::string& s) {
    return SourceAdjustment{s == "iex", false};
  });
  ASSERT_EQ(flags.size(), 2u);
  QualityIssues issues;
  BackAdjust(bars, {Split(Day(2021, 6, 2), 2.0), Dividend(Day(2021, 6, 2), 2.0)}, flags, issues);
  const double f = 1.0 - 2.0 / 100.0;  // the dividend is per raw share: previous RAW close is 100
  EXPECT_DOUBLE_EQ(bars.close[0], 50 * f);
  EXPECT_DOUBLE_EQ(bars.volume[0], 2000);  // split not applied twice
  EXPECT_DOUBLE_EQ(bars.close[1], 49);
}

TEST(BackAdjust, SplitAfterTheAdjustedSourceEndsStillApplies) {
  // A file split-adjusted as of its last row (2021-06-02) cannot contain a later 4:1 split; a raw
  // feed continues after it. Rows of both sources end up in today's shares.
  Bars1d bars;
  bars.ticker = "AAA";
  bars.push_back({Day(2021, 6, 1), 50, 50, 50, 50, 2000, kNaN, kNullInt64}, "iex");  // raw close was 100
  bars.push_back({Day(2021, 6, 2), 48, 48, 48, 48, 1000, kNaN, kNullInt64}, "iex");
  bars.push_back({Day(2021, 6, 3), 48, 48, 48, 48, 1000, kNaN, kNullInt64}, "raw");
  bars.push_back({Day(2021, 6, 4), 12, 12, 12, 12, 4000, kNaN, kNullInt64}, "raw");  // after the 4:1 split
  const auto flags = AppliedFlags(bars.source, [](const std::string& s) {
    return SourceAdjustment{s == "iex", false};
  });
  QualityIssues issues;
  // 2:1 on 06-02 (inside the file, already applied there), dividend on 06-02, 4:1 on 06-04 (after it).
  BackAdjust(bars, {Split(Day(2021, 6, 2), 2.0), Dividend(Day(2021, 6, 2), 2.0), Split(Day(2021, 6, 4), 4.0)}, flags,
             issues);
  const double f = 1.0 - 2.0 / 100.0;  // previous raw close: undo only the 2:1 the file applied
  EXPECT_DOUBLE_EQ(bars.close[0], 50 * f / 4);
  EXPECT_DOUBLE_EQ(bars.volume[0], 2000 * 4);
  EXPECT_DOUBLE_EQ(bars.close[1], 48.0 / 4);
  EXPECT_DOUBLE_EQ(bars.close[2], 48.0 / 4);
  EXPECT_DOUBLE_EQ(bars.volume[2], 1000 * 4);
  EXPECT_DOUBLE_EQ(bars.close[3], 12);
}

TEST(BackAdjust, InvalidAndUnadjustableActionsAreSkippedAndRecorded) {
  TwoDays t = MakeTwoDays(100, 100);
  QualityIssues issues;
  BackAdjust(t.bars, t.index,
             {Split(Day(2021, 6, 2), 0.0), Dividend(Day(2021, 6, 1), 1.0), Dividend(Day(2021, 6, 2), 500.0)}, {},
             issues);
  EXPECT_EQ(t.bars.close, t.raw.close);
  ASSERT_EQ(issues.size(), 3u);
  for (const QualityIssue& issue : issues) {
    EXPECT_EQ(issue.action, action::kSkipped);
  }
  EXPECT_EQ(issues[0].rule, rule::kInvalidCorporateAction);
  EXPECT_NE(issues[1].detail.find("no close before"), std::string::npos);
  EXPECT_EQ(issues[2].rule, rule::kDividendAdjustment);
}

TEST(ResolveAdjustments, LeavesRowsAsTradedAndReturnsTheEvents) {
  TwoDays t = MakeTwoDays(100, 49);
  QualityIssues issues;
  const auto events =
      ResolveAdjustments(t.bars, t.index, {Dividend(Day(2021, 6, 2), 1.0), Split(Day(2021, 6, 2), 2.0)}, {}, issues);
  ExpectScaled(t.raw, t.bars, 0, 156, 1.0, 1.0);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_TRUE(events[0].split);  // same ex-date: the split first
  EXPECT_DOUBLE_EQ(events[0].price_factor, 0.5);
  EXPECT_DOUBLE_EQ(events[0].volume_factor, 2.0);
  EXPECT_FALSE(events[1].split);
  EXPECT_DOUBLE_EQ(events[1].price_factor, 1.0 - 1.0 / t.raw.close[77]);
}

TEST(FactorsFor, LatestBasisAndTheActionsSinceThePreviousRow) {
  const std::vector<AdjustmentEvent> events = {{Day(2021, 6, 2), true, 0.5, 2.0},
                                               {Day(2021, 6, 5), false, 0.9, 1.0},  // a Saturday: no row
                                               {Day(2021, 6, 9), false, 0.8, 1.0}};  // after the last row
  const std::vector<DateDays> dates = {Day(2021, 6, 1), Day(2021, 6, 2), Day(2021, 6, 4), Day(2021, 6, 7)};
  const AdjustmentFactors f = FactorsFor(dates, events);
  EXPECT_EQ(f.price, (std::vector<double>{0.8 * 0.9 * 0.5, 0.8 * 0.9, 0.8 * 0.9, 0.8}));
  EXPECT_EQ(f.volume, (std::vector<double>{2.0, 1.0, 1.0, 1.0}));
  // The weekend dividend is carried by the next row; the action after the last row by none.
  EXPECT_EQ(f.since_previous, (std::vector<double>{1.0, 0.5, 1.0, 0.9}));
}

TEST(AppliedFlags, EmptyWhenNoSourceAdjusts) {
  const std::vector<std::string> sources = {"a", "a", "b"};
  EXPECT_TRUE(AppliedFlags(sources, {}).empty());
  EXPECT_TRUE(AppliedFlags(sources, [](const std::string&) { return SourceAdjustment{}; }).empty());
  const auto flags = AppliedFlags(sources, [](const std::string& s) { return SourceAdjustment{false, s == "b"}; });
  EXPECT_EQ(flags, (std::vector<uint8_t>{0, 0, kAppliedDividends}));
}

}  // namespace
}  // namespace qtp::clean
