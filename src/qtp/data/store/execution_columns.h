// The dataset of `qtp costs` (docs/execution.md).
#pragma once

#include "qtp/core/table.h"

namespace qtp::schema {

// processed/execution/cost_estimates (view cost_estimates), partitioned by year, key (date, ticker):
// per name and day, what the reference order (costs.reference_order_usd) would cost at the next
// day's fill under config/execution.yaml, from features_raw of the day.
//   liquidity_bucket     1 (least liquid) .. costs.buckets: quantile of adv_20 among the day's names
//   tradable             1 when adv_20 passes costs.min_adv_usd and the slippage input is known
//   half_spread_bps      the half-spread charged (base scenario)
//   cs_half_spread_bps   half of the Corwin-Schultz estimate cs_spread_20, for comparison
//   impact_bps           the slippage of the reference order (base scenario)
//   commission_bps       one order's commission (reference order / close shares)
//   fees_bps             the regulatory fees of the sell
//   round_trip_bps_<scenario>  buy and sell: 2 x (half-spread + impact) + 2 commissions + fees
//   max_fill_usd         what the participation cap lets fill in a day (base scenario)
const TableSpec& CostEstimates();

}  // namespace qtp::schema
