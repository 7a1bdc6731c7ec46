#include "qtp/data/import/csv_layout.h"

#include <gtest/gtest.h>

namespace qtp {
namespace {

CsvLayout Detect(std::vector<std::string> header) {
  auto l = DetectLayout(header, "f.csv");
  EXPECT_TRUE(l.ok()) << l.status().ToString();
  return *l;
}

TEST(CsvLayout, IntradayIbkr) {
  const CsvLayout l = Detect({"datetime", "open", "high", "low", "close", "volume"});
  EXPECT_EQ(l.kind, CsvKind::kBars);
  EXPECT_EQ(l.time, 0);
  EXPECT_EQ(l.volume, 5);
  EXPECT_EQ(l.ticker, -1);
}

TEST(CsvLayout, KaggleIexNameColumnIsTicker) {
  const CsvLayout l = Detect({"date", "open", "high", "low", "close", "volume", "Name"});
  EXPECT_EQ(l.kind, CsvKind::kBars);
  EXPECT_EQ(l.ticker, 6);
}

TEST(CsvLayout, AlphaVantageDailyAdjusted) {
  const CsvLayout l = Detect({"timestamp", "open", "high", "low", "close", "adjusted_close", "volume",
                              "dividend_amount", "split_coefficient"});
  EXPECT_EQ(l.kind, CsvKind::kBars);
  EXPECT_EQ(l.adj_close, 5);
  EXPECT_EQ(l.volume, 6);
  EXPECT_EQ(l.dividend, 7);
  EXPECT_EQ(l.split, 8);
  EXPECT_TRUE(l.ignored_columns.empty());
}

TEST(CsvLayout, YahooColumnOrdersDiffer) {
  // The three orders of the sector ETF files, plus SPY's.
  const CsvLayout a = Detect({"Date", "High", "Low", "Open", "Close", "Volume", "Adj Close"});
  EXPECT_EQ(a.open, 3);
  EXPECT_EQ(a.high, 1);
  EXPECT_EQ(a.adj_close, 6);
  const CsvLayout b = Detect({"Date", "Adj Close", "Close", "High", "Low", "Open", "Volume"});
  EXPECT_EQ(b.kind, CsvKind::kBars);
  EXPECT_EQ(b.close, 2);
  EXPECT_EQ(b.open, 5);
  EXPECT_EQ(b.adj_close, 1);
  const CsvLayout c = Detect({"Date", "Open", "High", "Low", "Close", "Adj Close", "Volume"});
  EXPECT_EQ(c.volume, 6);
}

TEST(CsvLayout, AlphaVantageNumberedNamesAndShortNames) {
  const CsvLayout l = Detect({"time", "1. open", "2. high", "3. low", "4. close", "5. volume"});
  EXPECT_EQ(l.kind, CsvKind::kBars);
  EXPECT_EQ(l.open, 1);
  const CsvLayout s = Detect({"t", "o", "h", "l", "c", "v", "vw", "n", "symbol"});
  EXPECT_EQ(s.kind, CsvKind::kOther);  // "t" is not a time alias
  const CsvLayout s2 = Detect({"timestamp", "o", "h", "l", "c", "v", "vw", "n", "symbol"});
  EXPECT_EQ(s2.kind, CsvKind::kBars);
  EXPECT_EQ(s2.vwap, 6);
  EXPECT_EQ(s2.trade_count, 7);
  EXPECT_EQ(s2.ticker, 8);
}

TEST(CsvLayout, ReferenceSeriesAreNotBars) {
  for (const auto& header : std::vector<std::vector<std::string>>{
           {"DATE", "DGS1MO"},
           {"Date", "Mkt-RF", "SMB", "HML", "RMW", "CMA", "RF"},
           {"observation_date", "SP500"},
           {"Date", "SP500", "Dividend", "Earnings", "Consumer Price Index", "Long Interest Rate", "Real Price",
            "Real Dividend", "Real Earnings", "PE10"}}) {
    const CsvLayout l = Detect(header);
    EXPECT_EQ(l.kind, CsvKind::kOther) << header[1];
    EXPECT_NE(l.not_bars_reason.find("not a bar file"), std::string::npos);
    EXPECT_NE(l.not_bars_reason.find("open"), std::string::npos);
  }
}

TEST(CsvLayout, MembershipAndConstituents) {
  EXPECT_EQ(Detect({"date", "added_tickers", "removed_tickers"}).kind, CsvKind::kMembershipChanges);
  const CsvLayout a = Detect({"Symbol", "Security", "GICS Sector", "GICS Sub-Industry", "Headquarters Location",
                              "Date added", "CIK", "Founded"});
  EXPECT_EQ(a.kind, CsvKind::kConstituents);
  EXPECT_EQ(a.ticker, 0);
  EXPECT_EQ(a.name, 1);
  EXPECT_EQ(a.sector, 2);
  EXPECT_EQ(a.snapshot_date, -1);
  const CsvLayout b = Detect({"symbol", "security", "gics sector", "gics sub-industry", "headquarters location",
                              "date added", "cik", "founded", "date"});
  EXPECT_EQ(b.kind, CsvKind::kConstituents);
  EXPECT_EQ(b.snapshot_date, 8);
  const CsvLayout c = Detect({"Symbol", "Name", "Sector"});
  EXPECT_EQ(c.kind, CsvKind::kConstituents);
  EXPECT_EQ(c.name, 1);
}

TEST(CsvLayout, AmbiguousHeaderNamesTheColumn) {
  auto l = DetectLayout({"date", "close", "open", "high", "low", "c", "volume"}, "dir/x.csv");
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(l.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(l.status().message().find("dir/x.csv:1:6"), std::string::npos) << l.status().message();
}

}  // namespace
}  // namespace qtp
