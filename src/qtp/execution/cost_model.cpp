#include "qtp/execution/cost_model.h"

#include <algorithm>
#include <cmath>

namespace qtp::execution {

CostModel::CostModel(const CostParams& params, const ScenarioParams& scenario) : params_(params), scenario_(scenario) {}

bool CostModel::Tradable(const NameCostInputs& in) const {
  if (!(in.adv_usd > 0) || in.adv_usd < params_.min_adv_usd) return false;
  return params_.slippage_model == "linear" ? std::isfinite(in.amihud) : std::isfinite(in.volatility);
}

double CostModel::HalfSpread(const NameCostInputs& in) const {
  const double floor = params_.spread_floor_bps * 1e-4;
  const double half = params_.spread_source == "corwin_schultz" && std::isfinite(in.spread) ? in.spread / 2 : 0.0;
  return std::max(half, floor) * scenario_.spread;
}

double CostModel::Impact(const NameCostInputs& in, double order_usd) const {
  const double impact = params_.slippage_model == "linear"
                            ? params_.amihud_k * in.amihud * order_usd * 1e-6
                            : params_.sqrt_coefficient * in.volatility * std::sqrt(order_usd / in.adv_usd);
  return impact * scenario_.slippage;
}

double CostModel::Commission(double shares, double order_usd) const {
  const CommissionParams& c = params_.commission;
  if (c.broker == "alpaca" || shares <= 0) return 0.0;
  const double per_share = shares * (c.ib_per_share + c.ib_fees_per_share);
  return std::min(std::max(per_share, c.ib_min_per_order), c.ib_max_fraction * order_usd);
}

double CostModel::RegulatoryFees(double shares, double order_usd, bool sell) const {
  if (!sell || shares <= 0) return 0.0;
  const CommissionParams& c = params_.commission;
  return order_usd * c.sec_fee_per_million * 1e-6 + std::min(shares * c.taf_per_share, c.taf_max_per_order);
}

OrderCost CostModel::Cost(const NameCostInputs& in, double shares, double price, bool sell) const {
  const double value = shares * price;
  return OrderCost{.commission = Commission(shares, value),
                   .fees = RegulatoryFees(shares, value, sell),
                   .spread = value * HalfSpread(in),
                   .slippage = value * Impact(in, value)};
}

double CostModel::MaxFillUsd(const NameCostInputs& in) const {
  return params_.participation_cap * scenario_.participation * in.adv_usd;
}

}  // namespace qtp::execution
