#include "qtp/universe/select_params.h"

#include <gtest/gtest.h>

#include "qtp/config/config_io.h"

namespace qtp::universe {
namespace {

Status Load(const std::string& yaml, SelectParams& p) {
  return config::LoadYamlString(yaml, "select.yaml", [&p](config::Section& root) { DescribeParams(root, p); });
}

TEST(ScoreColumn, ParsesTheFourForms) {
  auto plain = ParseScoreColumn("adv_20");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->feature, "adv_20");
  EXPECT_FALSE(plain->negate);
  EXPECT_FALSE(plain->absolute);
  auto lower = ParseScoreColumn("-rt_cost_bps");
  ASSERT_TRUE(lower.ok());
  EXPECT_EQ(lower->feature, "rt_cost_bps");
  EXPECT_TRUE(lower->negate);
  EXPECT_FALSE(lower->absolute);
  auto magnitude = ParseScoreColumn("abs(trend_60d_t)");
  ASSERT_TRUE(magnitude.ok());
  EXPECT_EQ(magnitude->feature, "trend_60d_t");
  EXPECT_FALSE(magnitude->negate);
  EXPECT_TRUE(magnitude->absolute);
  auto small = ParseScoreColumn("-abs(ret_1d)");
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(small->feature, "ret_1d");
  EXPECT_TRUE(small->negate);
  EXPECT_TRUE(small->absolute);
}

TEST(ScoreColumn, RejectsUnknownAndNonNumericColumns) {
  for (const char* bad : {"adv_21", "", "-", "abs(adv_20", "abs()", "--adv_20", "n_bars", "ticker", "date", "ADV_20"}) {
    auto c = ParseScoreColumn(bad);
    EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(SelectParams, DefaultsParse) {
  auto groups = ParseScoreGroups(SelectParams{});
  ASSERT_TRUE(groups.ok()) << groups.status().ToString();
  EXPECT_EQ((*groups)[0].name, "liquidity");
  EXPECT_EQ((*groups)[0].columns.size(), 2u);
  EXPECT_EQ((*groups)[2].name, "trend");
  EXPECT_EQ((*groups)[2].columns[0].feature, "trend_60d_t");
}

TEST(SelectParams, GroupErrorsNameTheKey) {
  SelectParams p;
  p.trend.columns = {"hurst", "nonsense"};
  auto bad = ParseScoreGroups(p);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("select.trend.columns"), std::string::npos) << bad.status().ToString();
  EXPECT_NE(bad.status().message().find("nonsense"), std::string::npos);

  p = SelectParams{};
  p.volatility.columns = {"rv_20", "-rv_20"};
  EXPECT_FALSE(ParseScoreGroups(p).ok());

  p = SelectParams{};
  p.liquidity.columns.clear();
  EXPECT_FALSE(ParseScoreGroups(p).ok());
  p.liquidity.weight = 0;  // an unweighted group may be empty
  EXPECT_TRUE(ParseScoreGroups(p).ok());

  p = SelectParams{};
  p.liquidity.weight = p.volatility.weight = p.trend.weight = 0;
  EXPECT_FALSE(ParseScoreGroups(p).ok());
}

TEST(SelectParams, ConfigLoadsAndRejects) {
  SelectParams p;
  ASSERT_TRUE(Load("k: 20\nbuffer: 5\nrebalance: daily\nfilters:\n  min_price: 1.0\n"
                   "trend:\n  weight: 0.5\n  columns: [hurst, '-abs(ret_5d)']\n",
                   p)
                  .ok());
  EXPECT_EQ(p.k, 20);
  EXPECT_EQ(p.buffer, 5);
  EXPECT_EQ(p.rebalance, "daily");
  EXPECT_EQ(p.min_price, 1.0);
  EXPECT_EQ(p.trend.weight, 0.5);
  EXPECT_EQ(p.trend.columns, (std::vector<std::string>{"hurst", "-abs(ret_5d)"}));

  SelectParams q;
  const Status unknown_column = Load("volatility:\n  columns: [rv_21]\n", q);
  EXPECT_FALSE(unknown_column.ok());
  EXPECT_NE(unknown_column.message().find("numeric features_raw column"), std::string::npos)
      << unknown_column.ToString();
  EXPECT_FALSE(Load("rebalance: monthly\n", q).ok());
  EXPECT_FALSE(Load("k: 0\n", q).ok());
  EXPECT_FALSE(Load("liquidity:\n  weight: 0\nvolatility:\n  weight: 0\ntrend:\n  weight: 0\n", q).ok());
}

TEST(SelectParams, HashCoversEveryValue) {
  const SelectParams base;
  std::vector<SelectParams> variants(8, base);
  variants[0].k = 51;
  variants[1].buffer = 9;
  variants[2].rebalance = "daily";
  variants[3].min_price = 4.0;
  variants[4].min_adv_usd = 1e6;
  variants[5].min_history_days = 251;
  variants[6].volatility.weight = 0.31;
  variants[7].trend.columns = {"hurst"};
  for (const SelectParams& v : variants) EXPECT_NE(ParamsHash(v), ParamsHash(base));
  EXPECT_EQ(ParamsHash(base), ParamsHash(SelectParams{}));
}

}  // namespace
}  // namespace qtp::universe
