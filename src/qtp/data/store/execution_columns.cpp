#include "qtp/data/store/execution_columns.h"

namespace qtp::schema {

const TableSpec& CostEstimates() {
  using CT = ColumnType;
  static const TableSpec spec{"cost_estimates",
                              "processed/execution/cost_estimates",
                              {{"date", CT::kDate},
                               {"ticker", CT::kString},
                               {"close", CT::kDouble, true},
                               {"adv_20", CT::kDouble, true},
                               {"liquidity_bucket", CT::kInt64},
                               {"tradable", CT::kInt64},
                               {"half_spread_bps", CT::kDouble, true},
                               {"cs_half_spread_bps", CT::kDouble, true},
                               {"impact_bps", CT::kDouble, true},
                               {"commission_bps", CT::kDouble, true},
                               {"fees_bps", CT::kDouble, true},
                               {"round_trip_bps_optimistic", CT::kDouble, true},
                               {"round_trip_bps_base", CT::kDouble, true},
                               {"round_trip_bps_pessimistic", CT::kDouble, true},
                               {"max_fill_usd", CT::kDouble, true}},
                              {"date", "ticker"},
                              "date",
                              Partitioning::kYear,
                              1};
  return spec;
}

}  // namespace qtp::schema
