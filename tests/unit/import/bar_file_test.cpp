#include "qtp/data/import/bar_file.h"

#include <cmath>

#include <gtest/gtest.h>

#include "unit/import/import_test_util.h"

namespace qtp {
namespace {

using import_testing::kHour;
using import_testing::Utc;

ParsedBarFile Parse(std::string_view text, const std::string& path, CsvImportOptions options = {}) {
  auto r = ParseBarCsv(text, path, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(*r) : ParsedBarFile{};
}

TEST(BarFile, Intraday5mNaiveEasternStartLabels) {
  const ParsedBarFile f = Parse(
      "datetime,open,high,low,close,volume\n"
      "2025-07-01 09:30:00,211.0400,211.2600,207.0000,208.9000,4315720\n"
      "2025-07-01 09:35:00,208.8600,209.0000,207.0800,207.3000,1446283\n"
      "2026-01-15 09:30:00,255.3700,255.5600,255.1750,255.4300,15387\n",
      "/data/intraday_5min_2025_2026/AAPL_5min.csv");
  EXPECT_EQ(f.interval, BarInterval::k5m);
  EXPECT_FALSE(f.end_labels_shifted);
  ASSERT_EQ(f.bars_5m.size(), 1u);
  const Bars5m& b = f.bars_5m[0];
  EXPECT_EQ(b.ticker, "AAPL");
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b.ts[0], Utc(2025, 7, 1, 13, 30));
  EXPECT_EQ(b.ts[1], Utc(2025, 7, 1, 13, 35));
  EXPECT_EQ(b.ts[2], Utc(2026, 1, 15, 14, 30));
  EXPECT_DOUBLE_EQ(b.open[0], 211.04);
  EXPECT_DOUBLE_EQ(b.volume[1], 1446283);
  EXPECT_TRUE(std::isnan(b.vwap[0]));
  EXPECT_EQ(b.trade_count[0], kNullInt64);
  EXPECT_EQ(b.source[0], "csv:intraday_5min_2025_2026;adj=none");
  EXPECT_EQ(f.adjustment, PriceAdjustment::kNone);
  EXPECT_TRUE(f.problems.empty());
  EXPECT_NE(f.time_basis.find("America/New_York"), std::string::npos);
}

TEST(BarFile, ExplicitOffsetHonoredAndTzOptionForNaive) {
  const ParsedBarFile f = Parse(
      "timestamp,open,high,low,close,volume\n"
      "2026-01-15T09:30:00-05:00,1,2,0.5,1.5,10\n"
      "2026-01-15T09:35:00-05:00,1,2,0.5,1.5,10\n",
      "X_5min.csv");
  ASSERT_EQ(f.bars_5m.size(), 1u);
  EXPECT_EQ(f.bars_5m[0].ts[0], Utc(2026, 1, 15, 14, 30));

  CsvImportOptions utc;
  utc.tz = "UTC";
  const ParsedBarFile g = Parse(
      "timestamp,open,high,low,close,volume\n"
      "2026-01-15 14:30:00,1,2,0.5,1.5,10\n"
      "2026-01-15 14:35:00,1,2,0.5,1.5,10\n",
      "X_5min.csv", utc);
  EXPECT_EQ(g.bars_5m[0].ts[0], Utc(2026, 1, 15, 14, 30));
}

TEST(BarFile, EndLabelledBarsShiftedToStart) {
  // Bars labelled 09:35 .. 16:00 (end times): no 09:30 label, a 16:00 label.
  const std::string text =
      "datetime,open,high,low,close,volume\n"
      "2025-07-01 09:35:00,1,2,0.5,1.5,10\n"
      "2025-07-01 09:40:00,1,2,0.5,1.5,10\n"
      "2025-07-01 16:00:00,1,2,0.5,1.5,10\n";
  const ParsedBarFile f = Parse(text, "X_5min.csv");
  EXPECT_TRUE(f.end_labels_shifted);
  EXPECT_EQ(f.bars_5m[0].ts[0], Utc(2025, 7, 1, 13, 30));
  EXPECT_EQ(f.bars_5m[0].ts[2], Utc(2025, 7, 1, 19, 55));
  CsvImportOptions start;
  start.bar_label = BarLabel::kStart;
  const ParsedBarFile g = Parse(text, "X_5min.csv", start);
  EXPECT_FALSE(g.end_labels_shifted);
  EXPECT_EQ(g.bars_5m[0].ts[0], Utc(2025, 7, 1, 13, 35));
}

TEST(BarFile, KaggleIexDailyWithBlankFieldsAndNameColumn) {
  const ParsedBarFile f = Parse(
      "date,open,high,low,close,volume,Name\n"
      "2017-07-25,70.1,71.0,69.5,70.0,1000,BHF\n"
      "2017-07-26,,,,69.0842,3,BHF\n"
      "2017-07-27,69.0,70.0,68.0,69.5,2000,BHF\n",
      "/d/sp500_daily_iex_2013_2018/BHF_data.csv");
  EXPECT_EQ(f.interval, BarInterval::k1d);
  ASSERT_EQ(f.bars_1d.size(), 1u);
  const Bars1d& b = f.bars_1d[0];
  EXPECT_EQ(b.ticker, "BHF");
  ASSERT_EQ(b.size(), 3u);  // the blank row is passed on with NaN: ingest quarantines it
  EXPECT_EQ(b.date[1], DaysFromCivil(2017, 7, 26));
  EXPECT_TRUE(std::isnan(b.open[1]));
  EXPECT_DOUBLE_EQ(b.close[1], 69.0842);
  EXPECT_EQ(b.n_bars[0], kNullInt64);
  EXPECT_EQ(f.rows_with_missing_values, 1u);
  EXPECT_EQ(f.rows_with_bad_values, 0u);
  ASSERT_EQ(f.problems.size(), 3u);  // open, high, low
  EXPECT_EQ(f.problems[0].line, 3u);
  EXPECT_EQ(f.problems[0].column, 2u);
  EXPECT_EQ(f.problems[0].kind, RowProblemKind::kMissingValue);
  // Daily without action columns: split-adjusted (IEX / Yahoo convention).
  EXPECT_EQ(f.adjustment, PriceAdjustment::kSplit);
  EXPECT_EQ(b.source[0], "csv:sp500_daily_iex_2013_2018;adj=split");
}

TEST(BarFile, AlphaVantageActions) {
  const ParsedBarFile f = Parse(
      "timestamp,open,high,low,close,adjusted_close,volume,dividend_amount,split_coefficient\n"
      "2000-06-20,98.5,103.94,98.37,101.25,0.78,4.4e6,0.0,1.0\n"
      "2000-06-21,50.5,56.94,50.31,55.63,0.86,8.3e6,0.0,2.0\n"
      "2000-06-22,55.75,57.63,53.56,53.75,0.83,8.4e6,0.25,1.0\n"
      "2000-06-23,53.7,54.0,52.0,53.0,0.82,5e6,0.0,7.00000700001\n",
      "/d/sp500_daily_av_1999_2021/DA-AAPL-T-2021-04-21.csv");
  EXPECT_EQ(f.interval, BarInterval::k1d);
  EXPECT_EQ(f.adjustment, PriceAdjustment::kNone);
  EXPECT_EQ(f.bars_1d[0].ticker, "AAPL");
  EXPECT_EQ(f.bars_1d[0].source[0], "csv:sp500_daily_av_1999_2021;adj=none");
  ASSERT_EQ(f.actions.size(), 3u);
  EXPECT_EQ(f.actions[0].type, CorporateActionType::kSplit);
  EXPECT_EQ(f.actions[0].ex_date, DaysFromCivil(2000, 6, 21));
  EXPECT_DOUBLE_EQ(f.actions[0].split_ratio, 2.0);
  EXPECT_EQ(f.actions[0].ticker, "AAPL");
  EXPECT_EQ(f.actions[1].type, CorporateActionType::kDividend);
  EXPECT_DOUBLE_EQ(f.actions[1].dividend, 0.25);
  EXPECT_EQ(f.actions[1].ex_date, DaysFromCivil(2000, 6, 22));
  EXPECT_NEAR(f.actions[2].split_ratio, 7.0, 1e-5);
}

TEST(BarFile, YahooSlashDatesAnyColumnOrderNoFinalNewline) {
  const ParsedBarFile f = Parse(
      "Date,Adj Close,Close,High,Low,Open,Volume\r\n"
      "1999/1/4,10.5,20.5,21,19,20,1000\r\n"
      "1999/1/5,10.6,20.6,21.5,20,20.5,1200",
      "/d/sector_etfs_daily_1998_2022/XLE.csv");
  const Bars1d& b = f.bars_1d[0];
  EXPECT_EQ(b.ticker, "XLE");
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b.date[0], DaysFromCivil(1999, 1, 4));
  EXPECT_DOUBLE_EQ(b.open[0], 20);
  EXPECT_DOUBLE_EQ(b.close[0], 20.5);
  EXPECT_DOUBLE_EQ(b.high[1], 21.5);
  EXPECT_EQ(f.ignored_columns, std::vector<std::string>{});
}

TEST(BarFile, UsDatesAndEpochDaily) {
  const ParsedBarFile f = Parse("Date,Open,High,Low,Close,Volume\n01/04/1999,1,2,0.5,1,5\n1/5/1999,1,2,0.5,1,5\n",
                                "SPY.csv");
  EXPECT_EQ(f.bars_1d[0].date[1], DaysFromCivil(1999, 1, 5));
  // Yahoo chart epochs: 14:30 UTC = 09:30 New York, one per day.
  const ParsedBarFile g =
      Parse("timestamp,open,high,low,close,volume\n1577975400,1,2,0.5,1,5\n1578061800,1,2,0.5,1,5\n", "AAPL.csv");
  EXPECT_EQ(g.interval, BarInterval::k1d);
  EXPECT_EQ(g.bars_1d[0].date[0], DaysFromCivil(2020, 1, 2));
  EXPECT_EQ(g.bars_1d[0].date[1], DaysFromCivil(2020, 1, 3));
}

TEST(BarFile, TickerPrecedenceColumnThenOptionThenFileName) {
  CsvImportOptions with_ticker;
  with_ticker.ticker = "msft";
  const std::string no_column = "date,open,high,low,close,volume\n2020-01-02,1,2,0.5,1,5\n";
  EXPECT_EQ(Parse(no_column, "AAPL_data.csv", with_ticker).bars_1d[0].ticker, "MSFT");
  EXPECT_EQ(Parse(no_column, "AAPL_data.csv").bars_1d[0].ticker, "AAPL");
  const ParsedBarFile multi = Parse(
      "date,open,high,low,close,volume,symbol\n2020-01-02,1,2,0.5,1,5,AAA\n2020-01-02,1,2,0.5,1,5,brk-b\n"
      "2020-01-03,1,2,0.5,1,5,AAA\n",
      "all_stocks.csv", with_ticker);
  ASSERT_EQ(multi.bars_1d.size(), 2u);
  EXPECT_EQ(multi.bars_1d[0].ticker, "AAA");
  EXPECT_EQ(multi.bars_1d[0].size(), 2u);
  EXPECT_EQ(multi.bars_1d[1].ticker, "BRK.B");
}

TEST(BarFile, ForcedFormat) {
  CsvImportOptions daily;
  daily.format = BarFormat::kCsvDaily;
  const std::string text = "datetime,open,high,low,close,volume\n2025-07-01 15:55:00,1,2,0.5,1,5\n";
  EXPECT_EQ(Parse(text, "X.csv", daily).bars_1d[0].date[0], DaysFromCivil(2025, 7, 1));
  // A single timestamped row cannot show its spacing.
  auto unknown = ParseBarCsv(text, "X.csv", {});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("--format"), std::string::npos);
  CsvImportOptions five;
  five.format = BarFormat::kCsv5m;
  EXPECT_EQ(Parse(text, "X.csv", five).bars_5m[0].ts[0], Utc(2025, 7, 1, 19, 55));
}

TEST(BarFile, OneMinuteBarsNotSupported) {
  auto r = ParseBarCsv(
      "time,open,high,low,close,volume\n2020-12-18 20:00:00,1,2,0.5,1,5\n2020-12-18 19:59:00,1,2,0.5,1,5\n", "x.csv",
      {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotSupported);
  EXPECT_NE(r.status().message().find("1-minute"), std::string::npos);
}

// ---- malformed input ----

std::string ManyGoodRows(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += "2020-01-02,1,2,0.5,1,5\n";
  return s;
}

TEST(BarFileMalformed, BadNumberNamesFileLineColumn) {
  const std::string text = "date,open,high,low,close,volume\n2020-01-02,1,2,0.5,1,5\n2020-01-03,1,abc,0.5,1,5\n";
  auto r = ParseBarCsv(text, "dir/T.csv", {});
  ASSERT_FALSE(r.ok());  // 1 of 2 rows malformed: above the 1 % limit
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("dir/T.csv:3:3"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("'abc' is not a number"), std::string::npos) << r.status().message();

  // Under a looser limit the row is passed on with NaN and listed.
  CsvImportOptions loose;
  loose.max_bad_row_fraction = 0.5;
  const ParsedBarFile f = Parse(text, "dir/T.csv", loose);
  EXPECT_EQ(f.rows_with_bad_values, 1u);
  ASSERT_EQ(f.problems.size(), 1u);
  EXPECT_EQ(f.problems[0].line, 3u);
  EXPECT_EQ(f.problems[0].column, 3u);
  EXPECT_EQ(f.problems[0].kind, RowProblemKind::kBadValue);
  EXPECT_TRUE(std::isnan(f.bars_1d[0].high[1]));
}

TEST(BarFileMalformed, WrongColumnCountRejectedAndCounted) {
  // 1 bad row among 200: under the 1 % default, so the file loads and the row is reported.
  const std::string text = "date,open,high,low,close,volume\n" + ManyGoodRows(100) + "2020-01-03,1,2,0.5,1\n" +
                           ManyGoodRows(99);
  const ParsedBarFile f = Parse(text, "T.csv");
  EXPECT_EQ(f.data_rows, 200u);
  EXPECT_EQ(f.rows_rejected, 1u);
  EXPECT_EQ(f.rows_passed_on(), 199u);
  EXPECT_EQ(f.bars_1d[0].size(), 199u);
  ASSERT_EQ(f.problems.size(), 1u);
  EXPECT_EQ(f.problems[0].line, 102u);
  EXPECT_EQ(f.problems[0].column, 0u);
  EXPECT_NE(f.problems[0].message.find("expected 6 fields"), std::string::npos);

  auto strict = ParseBarCsv("date,open,high,low,close,volume\n2020-01-02,1,2,0.5,1,5,7\n", "T.csv", {});
  ASSERT_FALSE(strict.ok());
  EXPECT_NE(strict.status().message().find("T.csv:2:0"), std::string::npos) << strict.status().message();
}

TEST(BarFileMalformed, BadDateNamesColumn) {
  auto r = ParseBarCsv("open,high,low,close,volume,date\n1,2,0.5,1,5,2020-02-30\n", "T.csv", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("T.csv:2:6"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("2020-02-30"), std::string::npos);
}

TEST(BarFileMalformed, EmptyAndHeaderOnly) {
  auto empty = ParseBarCsv("", "E.csv", {});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(empty.status().message().find("E.csv: empty file"), std::string::npos);
  auto header_only = ParseBarCsv("date,open,high,low,close,volume\n", "H.csv", {});
  ASSERT_FALSE(header_only.ok());
  EXPECT_NE(header_only.status().message().find("H.csv: no data rows"), std::string::npos);
}

TEST(BarFileMalformed, UnknownHeaderAndJsonBody) {
  auto r = ParseBarCsv("foo,bar\n1,2\n", "U.csv", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotSupported);
  EXPECT_NE(r.status().message().find("U.csv: not a bar file"), std::string::npos) << r.status().message();
  auto json = ParseBarCsv("{\n\"Error Message\"\n}\n", "DA-BF.B-T-2021-04-21.csv", {});
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.status().code(), StatusCode::kNotSupported);
  EXPECT_NE(json.status().message().find("JSON"), std::string::npos);
}

TEST(BarFileMalformed, DateWithoutTimeIn5mFileRejected) {
  CsvImportOptions five;
  five.format = BarFormat::kCsv5m;
  five.max_bad_row_fraction = 0.5;
  const ParsedBarFile f = Parse(
      "datetime,open,high,low,close,volume\n2025-07-01 09:30:00,1,2,0.5,1,5\n2025-07-01,1,2,0.5,1,5\n", "X.csv", five);
  EXPECT_EQ(f.rows_rejected, 1u);
  EXPECT_EQ(f.bars_5m[0].size(), 1u);
  EXPECT_EQ(f.problems[0].line, 3u);
}

TEST(BarFileOptions, ParseNames) {
  EXPECT_EQ(*ParseBarFormat("csv-5m"), BarFormat::kCsv5m);
  EXPECT_EQ(*ParseBarFormat("csv-daily"), BarFormat::kCsvDaily);
  EXPECT_FALSE(ParseBarFormat("xlsx").ok());
  EXPECT_EQ(*ParseBarLabel("end"), BarLabel::kEnd);
  EXPECT_EQ(*ParsePriceAdjustment("split_dividend"), PriceAdjustment::kSplitDividend);
  EXPECT_FALSE(ParsePriceAdjustment("x").ok());
  EXPECT_EQ(CsvSourceTag("d", PriceAdjustment::kSplit), "csv:d;adj=split");
}

}  // namespace
}  // namespace qtp

namespace qtp {
namespace {

TEST(SourceTag, AdjustmentRoundTripsThroughTheSourceTag) {
  for (PriceAdjustment a : {PriceAdjustment::kNone, PriceAdjustment::kSplit, PriceAdjustment::kSplitDividend}) {
    EXPECT_EQ(PriceAdjustmentOfSource(CsvSourceTag("some_set", a)), a);
  }
  EXPECT_EQ(PriceAdjustmentOfSource("simulated"), PriceAdjustment::kNone);
  EXPECT_EQ(PriceAdjustmentOfSource("csv:x;adj=bogus"), PriceAdjustment::kNone);
}

}  // namespace
}  // namespace qtp
