#include "qtp/data/import/ticker.h"

#include <gtest/gtest.h>

namespace qtp {
namespace {

TEST(Ticker, Normalize) {
  EXPECT_EQ(*NormalizeTicker(" aapl "), "AAPL");
  EXPECT_EQ(*NormalizeTicker("BRK-B"), "BRK.B");
  EXPECT_EQ(*NormalizeTicker("BRK/B"), "BRK.B");
  EXPECT_EQ(*NormalizeTicker("BF.B"), "BF.B");
  EXPECT_EQ(*NormalizeTicker("RVTY (Previously PKI)"), "RVTY");
  EXPECT_FALSE(NormalizeTicker("").ok());
  EXPECT_FALSE(NormalizeTicker("A B").ok());
  EXPECT_FALSE(NormalizeTicker("ABCDEFGHIJKLMN").ok());
}

TEST(Ticker, FromFileName) {
  EXPECT_EQ(*TickerFromFileName("/x/intraday/AAPL_5min.csv"), "AAPL");
  EXPECT_EQ(*TickerFromFileName("BRK.B_data.csv"), "BRK.B");
  EXPECT_EQ(*TickerFromFileName("XLRE.csv"), "XLRE");
  EXPECT_EQ(*TickerFromFileName("SPY_daily_yahoo_2000_2024.csv"), "SPY");
  EXPECT_EQ(*TickerFromFileName("DA-AAPL-T-2021-04-21.csv"), "AAPL");
  EXPECT_EQ(*TickerFromFileName("DA-BRK.B-T-2021-04-21.csv"), "BRK.B");
  auto bad = TickerFromFileName("/x/my prices.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("--ticker"), std::string::npos);
  EXPECT_NE(bad.status().message().find("my prices.csv"), std::string::npos);
}

}  // namespace
}  // namespace qtp
