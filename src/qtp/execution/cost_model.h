// What an order costs, and how much of it can fill. Every input is known at the close before the
// trade (features_raw of the signal day), so costing an order never looks at its own day.
//
//   commission  ib_tiered: clamp(shares * (rate + fees), min per order, max fraction * value);
//               alpaca: 0
//   fees        sells only, both brokers: SEC Section 31 (per USD 1M sold) + FINRA TAF (per share,
//               capped per order)
//   spread      value * half-spread * scenario.spread; half-spread = max(cs_spread_20 / 2, floor)
//               (the floor alone when cs_spread_20 is missing or spread_source is "floor")
//   slippage    value * impact * scenario.slippage; impact = amihud_k * amihud_20 * value / 1e6
//               (linear) or sqrt_coefficient * rv_20 * sqrt(value / adv_20) (sqrt)
// A fill is capped at participation_cap * scenario.participation * adv_20 dollars.
#pragma once

#include "qtp/execution/cost_params.h"

namespace qtp::execution {

// One name's cost inputs at the close before the trade (NaN: missing).
struct NameCostInputs {
  double adv_usd = 0;     // adv_20
  double amihud = 0;      // amihud_20: absolute return per USD 1M traded
  double spread = 0;      // cs_spread_20: full bid-ask spread, a fraction of the price
  double volatility = 0;  // rv_20: daily log-return volatility
};

struct OrderCost {
  double commission = 0;
  double fees = 0;
  double spread = 0;
  double slippage = 0;
  double Total() const { return commission + fees + spread + slippage; }
};

class CostModel {
 public:
  CostModel(const CostParams& params, const ScenarioParams& scenario);

  // Whether a name can be traded at all: a positive adv_20 at or above min_adv_usd and the input
  // the slippage model needs.
  bool Tradable(const NameCostInputs& in) const;
  // Fractions of the order's value.
  double HalfSpread(const NameCostInputs& in) const;
  double Impact(const NameCostInputs& in, double order_usd) const;
  // USD.
  double Commission(double shares, double order_usd) const;
  double RegulatoryFees(double shares, double order_usd, bool sell) const;
  OrderCost Cost(const NameCostInputs& in, double shares, double price, bool sell) const;
  // Largest order value the participation cap lets fill in one day (USD).
  double MaxFillUsd(const NameCostInputs& in) const;

 private:
  CostParams params_;
  ScenarioParams scenario_;
};

}  // namespace qtp::execution
