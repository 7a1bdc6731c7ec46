#include "qtp/data/store/model_columns.h"

namespace qtp::schema {

const TableSpec& Predictions() {
  static const TableSpec spec{"predictions",
                              "processed/models/predictions",
                              {{"date", ColumnType::kDate},
                               {"ticker", ColumnType::kString},
                               {"model_id", ColumnType::kString},
                               {"score", ColumnType::kDouble},
                               {"rank", ColumnType::kInt64},
                               {"split", ColumnType::kString}},
                              {"date", "model_id", "ticker"},
                              "date",
                              Partitioning::kYear,
                              1};
  return spec;
}

const TableSpec& ModelMetrics() {
  static const TableSpec spec{"model_metrics",
                              "processed/models/model_metrics",
                              {{"model_id", ColumnType::kString},
                               {"model", ColumnType::kString},
                               {"horizon", ColumnType::kInt64},
                               {"fold", ColumnType::kInt64},
                               {"split", ColumnType::kString},
                               {"start", ColumnType::kDate},
                               {"end", ColumnType::kDate},
                               {"ic", ColumnType::kDouble, true},
                               {"rank_ic", ColumnType::kDouble, true},
                               {"n_days", ColumnType::kInt64}},
                              {"model_id", "fold", "split"},
                              "",
                              Partitioning::kNone,
                              1};
  return spec;
}

}  // namespace qtp::schema
