#include "qtp/data/clean/clean_ticker.h"

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

TEST(CleanTicker5m, Empty) {
  auto out = CleanTicker5m(MakeTicker("AAA"), {}, CleanParams{}, Cal());
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_TRUE(out->bars_5m.empty());
  EXPECT_TRUE(out->bars_1d.empty());
  EXPECT_TRUE(out->issues.empty());
  EXPECT_EQ(out->stats.rows_in, 0u);
}

TEST(CleanTicker5m, UnsortedInputIsRefused) {
  Bars5m bars = MakeTicker("AAA");
  bars.push_back(MakeBar(Et(Day(2021, 6, 1), 10, 5), 10, 10), "t");
  bars.push_back(MakeBar(Et(Day(2021, 6, 1), 10, 0), 10, 10), "t");
  auto out = CleanTicker5m(bars, {}, CleanParams{}, Cal());
  EXPECT_EQ(out.status().code(), StatusCode::kCorruption);
}

TEST(CleanTicker5m, AllRulesTogether) {
  Bars5m bars = MakeTicker("AAA");
  AppendSession(bars, Day(2021, 6, 1), 100);
  AppendSession(bars, Day(2021, 6, 2), 100);
  AppendSession(bars, Day(2021, 6, 4), 50);  // 06-03 missing; 2:1 split effective 06-04
  bars.close[5] = -1;                        // bad tick (06-01 10:00)
  bars.open[100] *= 1.2;                     // spike on 06-02: one bar, reverts
  bars.high[100] *= 1.2;
  bars.low[100] *= 1.2;
  bars.close[100] *= 1.2;
  bars.vwap[100] *= 1.2;
  Bars5m with_extra = MakeTicker("AAA");
  with_extra.push_back(MakeBar(Et(Day(2021, 6, 1), 8, 0), 100, 100), "t");  // pre-market
  for (size_t i = 0; i < bars.size(); ++i) {
    with_extra.push_back(bars.row(i), bars.source[i]);
  }
  CorporateAction split;
  split.ticker = "AAA";
  split.ex_date = Day(2021, 6, 4);
  split.split_ratio = 2.0;

  auto out = CleanTicker5m(with_extra, {split}, CleanParams{}, Cal());
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const TickerStats& stats = out->stats;
  EXPECT_EQ(stats.rows_in, 3u * 78u + 1u);
  EXPECT_EQ(stats.bars_out, 3u * 78u - 1u);  // pre-market and bad tick removed; spike repaired in place
  EXPECT_EQ(stats.days_out, 3u);
  EXPECT_EQ(stats.missing_bars, 1u);  // the quarantined bar leaves a hole
  const std::map<std::string, size_t> expected = {{"outside_rth", 1},        {"close_outside_range", 0},
                                                  {"non_positive_price", 1}, {"spike_revert", 1},
                                                  {"split_adjustment", 1},   {"gap", 1},
                                                  {"missing_day", 1}};
  for (const auto& [rule_name, n] : expected) {
    const auto it = stats.by_rule.find(rule_name);
    EXPECT_EQ(it == stats.by_rule.end() ? 0u : it->second, n) << rule_name;
  }
  EXPECT_EQ(out->issues.size(), 6u);
  for (const QualityIssue& issue : out->issues) {
    EXPECT_TRUE(expected.count(issue.rule)) << issue.rule << ": " << issue.detail;
  }
  for (size_t i = 1; i < out->issues.size(); ++i) {  // sorted by date, then ts
    EXPECT_LE(out->issues[i - 1].date, out->issues[i].date);
  }
  // As traded: day-1 prices and volumes kept, the split one event whose factors the views apply.
  EXPECT_DOUBLE_EQ(out->bars_5m.close[0], bars.close[0]);
  EXPECT_DOUBLE_EQ(out->bars_5m.volume[0], bars.volume[0]);
  EXPECT_DOUBLE_EQ(out->bars_1d.open[0], bars.open[0]);
  ASSERT_EQ(out->adjustments.size(), 1u);
  EXPECT_EQ(out->adjustments[0].ex_date, Day(2021, 6, 4));
  EXPECT_DOUBLE_EQ(out->adjustments[0].price_factor, 0.5);
  EXPECT_EQ(out->bars_1d.n_bars[0], 77);
  EXPECT_EQ(out->bars_1d.n_bars[2], 78);
}

TEST(CleanTickerDaily, ClosedDaysBadRowsAdjustmentAndMissingDays) {
  Bars1d bars;
  bars.ticker = "DDD";
  bars.push_back({Day(2021, 6, 1), 100, 101, 99, 100, 1000, kNaN, kNullInt64}, "csv");
  bars.push_back({Day(2021, 6, 2), 100, 101, 99, 0, 1000, kNaN, kNullInt64}, "csv");    // bad
  bars.push_back({Day(2021, 6, 5), 100, 101, 99, 100, 1000, kNaN, kNullInt64}, "csv");  // Saturday
  bars.push_back({Day(2021, 6, 7), 50, 51, 49, 50, 1000, kNaN, kNullInt64}, "csv");
  CorporateAction split;
  split.ticker = "DDD";
  split.ex_date = Day(2021, 6, 7);
  split.split_ratio = 2.0;
  auto out = CleanTickerDaily(bars, {split}, CleanParams{}, Cal());
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_TRUE(out->stats.daily_only);
  ASSERT_EQ(out->bars_1d.size(), 2u);
  EXPECT_DOUBLE_EQ(out->bars_1d.close[0], 100);  // as traded
  EXPECT_DOUBLE_EQ(out->bars_1d.volume[0], 1000);
  ASSERT_EQ(out->adjustments.size(), 1u);
  EXPECT_DOUBLE_EQ(out->adjustments[0].volume_factor, 2.0);
  EXPECT_EQ(out->bars_1d.n_bars[0], kNullInt64);
  EXPECT_EQ(out->stats.by_rule.at("closed_day"), 1u);
  EXPECT_EQ(out->stats.by_rule.at("non_positive_price"), 1u);
  EXPECT_EQ(out->stats.by_rule.at("missing_day"), 3u);  // 06-02 (quarantined), 06-03, 06-04
  EXPECT_EQ(out->stats.by_rule.at("split_adjustment"), 1u);
}

TEST(CleanTickerDaily, AlreadyAdjustedSourceIsBroughtBackToAsTraded) {
  Bars1d bars;
  bars.ticker = "DDD";
  bars.push_back({Day(2021, 6, 4), 50, 51, 49, 50, 2000, kNaN, kNullInt64}, "adj");
  bars.push_back({Day(2021, 6, 7), 50, 51, 49, 50, 1000, kNaN, kNullInt64}, "adj");
  CorporateAction split;
  split.ticker = "DDD";
  split.ex_date = Day(2021, 6, 7);
  split.split_ratio = 2.0;
  auto out = CleanTickerDaily(bars, {split}, CleanParams{}, Cal(), [](const std::string&) {
    return SourceAdjustment{true, true};
  });
  ASSERT_TRUE(out.ok());
  EXPECT_DOUBLE_EQ(out->bars_1d.close[0], 100);  // the split the source applied, undone
  EXPECT_DOUBLE_EQ(out->bars_1d.volume[0], 1000);
  EXPECT_DOUBLE_EQ(out->bars_1d.close[1], 50);
  // The view's value, close x factor, is the source's again: the split is not applied twice.
  const AdjustmentFactors factors = FactorsFor(out->bars_1d.date, out->adjustments);
  EXPECT_DOUBLE_EQ(out->bars_1d.close[0] * factors.price[0], 50);
  EXPECT_DOUBLE_EQ(out->bars_1d.volume[0] * factors.volume[0], 2000);
}

}  // namespace
}  // namespace qtp::clean

namespace qtp::clean {
namespace {

Bar1d DailyBar(DateDays date, double close) { return {date, close, close + 1, close - 1, close, 100, close, kNullInt64}; }

TEST(CombineWithDailyImports, FiveMinuteDaysWinAndDailyImportsFillTheRest) {
  const DateDays d0 = DaysFromCivil(2021, 3, 1);
  CleanedTicker intraday;
  intraday.bars_1d.ticker = "AAA";
  intraday.bars_1d.push_back(DailyBar(d0 + 2, 50), "simulated");
  intraday.bars_1d.push_back(DailyBar(d0 + 3, 51), "simulated");
  intraday.issues.push_back({"AAA", kNullInt64, d0 + 2, "clean", "split_adjustment", "adjusted", "2:1"});
  intraday.stats.rows_in = 156;
  CleanedTicker daily;
  daily.bars_1d.ticker = "AAA";
  for (int k = 0; k < 4; ++k) daily.bars_1d.push_back(DailyBar(d0 + k, 10 + k), "csv:x;adj=none");
  daily.issues.push_back({"AAA", kNullInt64, d0 + 2, "clean", "split_adjustment", "adjusted", "2:1"});  // same action
  daily.issues.push_back({"AAA", kNullInt64, d0, "clean", "missing_day", "flagged", "no row"});
  daily.stats.rows_in = 4;

  const CleanedTicker out = CombineWithDailyImports(std::move(intraday), std::move(daily));
  ASSERT_EQ(out.bars_1d.size(), 4u);
  EXPECT_EQ(out.bars_1d.date, (std::vector<DateDays>{d0, d0 + 1, d0 + 2, d0 + 3}));
  EXPECT_EQ(out.bars_1d.close, (std::vector<double>{10, 11, 50, 51}));  // 5-minute days win
  EXPECT_EQ(out.bars_1d.source[0], "csv:x;adj=none");
  EXPECT_EQ(out.bars_1d.source[2], "simulated");
  ASSERT_EQ(out.issues.size(), 2u);  // the shared split finding once
  EXPECT_EQ(out.stats.by_rule.at("split_adjustment"), 1u);
  EXPECT_EQ(out.stats.by_rule.at("missing_day"), 1u);
  EXPECT_EQ(out.stats.rows_in, 160u);
  EXPECT_EQ(out.stats.days_out, 4u);
}

}  // namespace
}  // namespace qtp::clean
