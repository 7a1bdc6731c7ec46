#include "qtp/data/store/selection_columns.h"

namespace qtp::schema {

const TableSpec& TopKHistory() {
  static const TableSpec spec{"topk_history",
                              "processed/universe/topk_history",
                              {{"date", ColumnType::kDate},
                               {"ticker", ColumnType::kString},
                               {"rank", ColumnType::kInt64},
                               {"score", ColumnType::kDouble},
                               {"liquidity_score", ColumnType::kDouble, true},
                               {"volatility_score", ColumnType::kDouble, true},
                               {"trend_score", ColumnType::kDouble, true},
                               {"rebalance", ColumnType::kInt64},
                               {"entered", ColumnType::kInt64},
                               {"close", ColumnType::kDouble},
                               {"adv_20", ColumnType::kDouble},
                               {"history_days", ColumnType::kInt64}},
                              {"date", "ticker"},
                              "date",
                              Partitioning::kYear,
                              1};
  return spec;
}

const TableSpec& SelectionInputs() {
  static const TableSpec spec{"selection_inputs",
                              "processed/universe/inputs",
                              {{"dataset", ColumnType::kString},
                               {"year", ColumnType::kInt64},
                               {"date", ColumnType::kDate, true},
                               {"sha256", ColumnType::kString},
                               {"digest", ColumnType::kString, true},
                               {"params_hash", ColumnType::kString}},
                              {"dataset", "year", "date"},
                              "",
                              Partitioning::kNone,
                              2};
  return spec;
}

}  // namespace qtp::schema
