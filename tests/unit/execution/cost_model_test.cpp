// The cost model against fee schedules and formulas worked by hand.
#include "qtp/execution/cost_model.h"

#include <cmath>

#include <gtest/gtest.h>

#include "qtp/execution/liquidity_buckets.h"
#include "qtp/execution/trailing_volatility.h"

namespace qtp::execution {
namespace {

const NameCostInputs kName{.adv_usd = 50e6, .amihud = 0.02, .spread = 0.0010, .volatility = 0.015};

TEST(CostModel, IbTieredCommissionHasAMinimumAndAMaximumPerOrder) {
  const CostParams params;  // 0.0035 + 0.0002 per share, min 0.35, max 1% of value
  const CostModel model(params, ScenarioParams{});
  EXPECT_NEAR(model.Commission(1000, 50000), 1000 * 0.0037, 1e-12);  // per share
  EXPECT_NEAR(model.Commission(10, 500), 0.35, 1e-12);               // the minimum
  EXPECT_NEAR(model.Commission(100, 20), 0.20, 1e-12);               // 1% of a $20 order caps the minimum
  EXPECT_EQ(model.Commission(0, 0), 0.0);
}

TEST(CostModel, AlpacaChargesOnlyRegulatoryFeesOnSells) {
  CostParams params;
  params.commission.broker = "alpaca";
  const CostModel model(params, ScenarioParams{});
  EXPECT_EQ(model.Commission(1000, 50000), 0.0);
  EXPECT_EQ(model.RegulatoryFees(1000, 50000, /*sell=*/false), 0.0);
  // SEC $27.80 per $1M sold + FINRA TAF $0.000166 per share.
  EXPECT_NEAR(model.RegulatoryFees(1000, 50000, true), 50000 * 27.80e-6 + 1000 * 0.000166, 1e-12);
  // The TAF stops at $8.30 an order (50,000 shares and more).
  EXPECT_NEAR(model.RegulatoryFees(100000, 1e6, true), 27.80 + 8.30, 1e-9);
}

TEST(CostModel, HalfSpreadIsCorwinSchultzOrTheFloorTimesTheScenario) {
  CostParams params;
  params.spread_source = "corwin_schultz";
  params.spread_floor_bps = 2;
  EXPECT_NEAR(CostModel(params, {}).HalfSpread(kName), 0.0005, 1e-15);  // half of 10 bps
  NameCostInputs tight = kName;
  tight.spread = 0.0001;
  EXPECT_NEAR(CostModel(params, {}).HalfSpread(tight), 0.0002, 1e-15);  // the floor
  tight.spread = std::nan("");
  EXPECT_NEAR(CostModel(params, {}).HalfSpread(tight), 0.0002, 1e-15);  // unknown: the floor
  params.spread_source = "floor";
  EXPECT_NEAR(CostModel(params, {}).HalfSpread(kName), 0.0002, 1e-15);
  EXPECT_NEAR(CostModel(params, ScenarioParams{.spread = 2.0}).HalfSpread(kName), 0.0004, 1e-15);
}

TEST(CostModel, SlippageIsLinearInAmihudOrSquareRootInParticipation) {
  CostParams params;
  params.amihud_k = 1.5;
  // 1.5 x 0.02 (return per $1M) x $100k / $1M = 0.003 of the order; doubling the order doubles it.
  EXPECT_NEAR(CostModel(params, {}).Impact(kName, 100000), 0.003, 1e-15);
  EXPECT_NEAR(CostModel(params, {}).Impact(kName, 200000), 0.006, 1e-15);
  EXPECT_NEAR(CostModel(params, ScenarioParams{.slippage = 0.5}).Impact(kName, 100000), 0.0015, 1e-15);
  params.slippage_model = "sqrt";
  params.sqrt_coefficient = 0.8;
  // 0.8 x 1.5% x sqrt(500k / 50M) = 0.0012; four times the order doubles it.
  EXPECT_NEAR(CostModel(params, {}).Impact(kName, 500000), 0.0012, 1e-15);
  EXPECT_NEAR(CostModel(params, {}).Impact(kName, 2000000), 0.0024, 1e-15);
}

TEST(CostModel, AnOrderCostsItsParts) {
  CostParams params;
  params.spread_source = "corwin_schultz";
  const CostModel model(params, ScenarioParams{});
  const OrderCost sell = model.Cost(kName, 200, 50.0, true);  // $10,000
  EXPECT_NEAR(sell.commission, 0.74, 1e-12);                  // 200 x $0.0037, above the $0.35 minimum
  EXPECT_NEAR(sell.fees, 10000 * 27.80e-6 + 200 * 0.000166, 1e-12);
  EXPECT_NEAR(sell.spread, 10000 * 0.0005, 1e-12);
  EXPECT_NEAR(sell.slippage, 10000 * (0.02 * 0.01), 1e-12);
  EXPECT_NEAR(sell.Total(), sell.commission + sell.fees + sell.spread + sell.slippage, 1e-12);
}

TEST(CostModel, ParticipationCapAndTradability) {
  CostParams params;
  params.min_adv_usd = 1e6;
  const CostModel model(params, ScenarioParams{.participation = 0.5});
  EXPECT_NEAR(model.MaxFillUsd(kName), 0.2 * 0.5 * 50e6, 1e-6);
  EXPECT_TRUE(model.Tradable(kName));
  NameCostInputs thin = kName;
  thin.adv_usd = 5e5;  // below the hard floor
  EXPECT_FALSE(model.Tradable(thin));
  thin.adv_usd = std::nan("");
  EXPECT_FALSE(model.Tradable(thin));
  NameCostInputs no_amihud = kName;
  no_amihud.amihud = std::nan("");
  EXPECT_FALSE(model.Tradable(no_amihud));  // the linear model needs it
}

TEST(LiquidityBuckets, EqualCountQuantilesOfAdv) {
  const std::vector<double> adv = {5, 1, std::nan(""), 3, 2, 4, 0, 6, 8, 7, 9, 10};
  const std::vector<uint8_t> b = LiquidityBuckets(adv, 5);
  // Ten positive values: two per bucket, in adv order; missing and zero adv get 0.
  const std::vector<uint8_t> expected = {3, 1, 0, 2, 1, 2, 0, 3, 4, 4, 5, 5};
  EXPECT_EQ(b, expected);
}

TEST(TrailingVolatility, SampleDeviationOfTheLast20KnownReturns) {
  TrailingVolatility v;
  for (int k = 0; k < 14; ++k) EXPECT_TRUE(std::isnan(v.Add(k % 2 == 0 ? 0.01 : -0.01))) << k;
  // 15 returns alternating +-1%: mean 1/15 %, sample deviation sqrt((8 (14/15)^2 + 7 (16/15)^2) / 14) %.
  const double expected = 0.01 * std::sqrt((8 * std::pow(14.0 / 15, 2) + 7 * std::pow(16.0 / 15, 2)) / 14);
  EXPECT_NEAR(v.Add(0.01), expected, 1e-15);
  EXPECT_NEAR(v.Add(std::nan("")), expected, 1e-15);  // a missing day changes nothing but the window
  for (int k = 0; k < 20; ++k) v.Add(0.02);
  EXPECT_NEAR(v.Add(0.02), 0.0, 1e-15);  // the window now holds only the last 20
}

}  // namespace
}  // namespace qtp::execution
