#include "qtp/execution/cost_params.h"

#include <fmt/format.h>

namespace qtp::execution {
namespace {

void DescribeScenario(config::Section& s, ScenarioParams& p) {
  s.Param("spread", p.spread, "multiplier on the half-spread", 0.0, 100.0);
  s.Param("slippage", p.slippage, "multiplier on the market-impact slippage", 0.0, 100.0);
  s.Param("participation", p.participation, "multiplier on participation_cap", 0.01, 100.0);
}

}  // namespace

void DescribeParams(config::Section& section, CostParams& p) {
  config::Section& c = section.Child("commission", "broker commissions and regulatory fees (USD)");
  c.Param("broker", p.commission.broker,
          "ib_tiered: IBKR Pro tiered per-share commission; alpaca: commission-free (regulatory fees only)",
          {"ib_tiered", "alpaca"});
  c.Param("ib_per_share", p.commission.ib_per_share, "IB tiered rate per share (first 300k shares a month)", 0.0, 1.0);
  c.Param("ib_min_per_order", p.commission.ib_min_per_order, "IB minimum per order", 0.0, 100.0);
  c.Param("ib_max_fraction", p.commission.ib_max_fraction, "IB maximum per order as a fraction of its value", 0.0, 1.0);
  c.Param("ib_fees_per_share", p.commission.ib_fees_per_share,
          "IB clearing and exchange pass-through fees per share, on top of the rate", 0.0, 1.0);
  c.Param("sec_fee_per_million", p.commission.sec_fee_per_million,
          "SEC Section 31 fee on sells, USD per USD 1M of proceeds (both brokers)", 0.0, 1000.0);
  c.Param("taf_per_share", p.commission.taf_per_share, "FINRA TAF on sells, USD per share (both brokers)", 0.0, 1.0);
  c.Param("taf_max_per_order", p.commission.taf_max_per_order, "FINRA TAF maximum per order", 0.0, 1000.0);
  section.Param("spread_source", p.spread_source,
                "corwin_schultz: half of cs_spread_20 (at least the floor); floor: spread_floor_bps alone",
                {"corwin_schultz", "floor"});
  section.Param("spread_floor_bps", p.spread_floor_bps, "lowest half-spread charged, basis points", 0.0, 1000.0);
  section.Param("slippage_model", p.slippage_model,
                "linear: amihud_k * amihud_20 * order USD / 1e6 (fraction of the order); sqrt: sqrt_coefficient * "
                "rv_20 * sqrt(order USD / adv_20)",
                {"linear", "sqrt"});
  section.Param("amihud_k", p.amihud_k, "linear slippage coefficient on the Amihud illiquidity", 0.0, 1000.0);
  section.Param("sqrt_coefficient", p.sqrt_coefficient, "square-root impact coefficient", 0.0, 100.0);
  section.Param("participation_cap", p.participation_cap,
                "an order fills up to this share of adv_20; the rest is left unfilled and reported", 0.0001, 1.0);
  section.Param("fill", p.fill,
                "next_vwap: the next day's VWAP of the 5-minute bars (the open where the day has none); "
                "next_open: the next day's open",
                {"next_vwap", "next_open"});
  section.Param("min_adv_usd", p.min_adv_usd, "hard floor on adv_20: a name below it is not traded (USD)", 0.0, 1e13);
  section.Param("buckets", p.buckets, "liquidity buckets: quantiles of adv_20 across the day's names", 1, 100);
  section.Param("reference_order_usd", p.reference_order_usd, "order size of the per-name estimates of qtp costs (USD)",
                1.0, 1e10);
  DescribeScenario(section.Child("optimistic", "optimistic scenario: multipliers on the base model"), p.optimistic);
  DescribeScenario(section.Child("base", "base scenario: multipliers on the base model"), p.base);
  DescribeScenario(section.Child("pessimistic", "pessimistic scenario: multipliers on the base model"), p.pessimistic);
}

Result<ScenarioParams> Scenario(const CostParams& params, std::string_view name) {
  if (name == "optimistic") return params.optimistic;
  if (name == "base") return params.base;
  if (name == "pessimistic") return params.pessimistic;
  return Status::InvalidArgument(fmt::format("unknown scenario '{}' (optimistic, base, pessimistic or all)", name));
}

}  // namespace qtp::execution
