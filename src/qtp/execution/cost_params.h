// The execution and cost model's parameters (config/execution.yaml, section `costs`; docs/execution.md
// gives the sources of the fee schedules and the reasoning behind every default).
#pragma once

#include <string>
#include <string_view>

#include "qtp/config/section.h"
#include "qtp/core/status.h"

namespace qtp::execution {

struct CommissionParams {
  std::string broker = "ib_tiered";  // "ib_tiered" or "alpaca" (commission-free)
  double ib_per_share = 0.0035;      // IBKR Pro tiered, first 300k shares a month
  double ib_min_per_order = 0.35;
  double ib_max_fraction = 0.01;       // at most 1% of the order's value
  double ib_fees_per_share = 0.0002;   // clearing and pass-through fees on top of the tier rate
  double sec_fee_per_million = 27.80;  // SEC Section 31, sells only (USD per USD 1M sold)
  double taf_per_share = 0.000166;     // FINRA trading activity fee, sells only
  double taf_max_per_order = 8.30;
};

// Multipliers of one scenario on the base model.
struct ScenarioParams {
  double spread = 1.0;
  double slippage = 1.0;
  double participation = 1.0;  // on the participation cap
};

struct CostParams {
  CommissionParams commission;
  std::string spread_source = "floor";    // or "corwin_schultz" (docs/execution.md: why not by default)
  double spread_floor_bps = 2.0;          // lowest half-spread charged
  std::string slippage_model = "linear";  // "linear": k * ILLIQ * order USD; "sqrt": c * sigma * sqrt(Q/ADV)
  double amihud_k = 1.0;
  double sqrt_coefficient = 1.0;
  double participation_cap = 0.2;       // an order fills up to this share of adv_20
  std::string fill = "next_vwap";       // "next_vwap" or "next_open"
  double min_adv_usd = 0.0;             // hard floor: names below it are not traded
  int buckets = 5;                      // liquidity buckets (quantiles of adv_20)
  double reference_order_usd = 5000.0;  // order size of `qtp costs`' per-name estimates
  ScenarioParams optimistic{0.5, 0.5, 1.5};
  ScenarioParams base{1.0, 1.0, 1.0};
  ScenarioParams pessimistic{2.0, 2.0, 0.5};
};

void DescribeParams(config::Section& section, CostParams& params);

inline constexpr std::string_view kScenarioNames[] = {"optimistic", "base", "pessimistic"};

// The multipliers of `name` (one of kScenarioNames); InvalidArgument otherwise.
Result<ScenarioParams> Scenario(const CostParams& params, std::string_view name);

}  // namespace qtp::execution
