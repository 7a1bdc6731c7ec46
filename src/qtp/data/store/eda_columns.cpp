#include "qtp/data/store/eda_columns.h"

namespace qtp::schema {

const TableSpec& FeatureIc() {
  static const TableSpec spec{"feature_ic",
                              "processed/eda/feature_ic",
                              {{"date", ColumnType::kDate},
                               {"feature", ColumnType::kString},
                               {"horizon", ColumnType::kInt64},
                               {"ic", ColumnType::kDouble, true},
                               {"rank_ic", ColumnType::kDouble, true},
                               {"n", ColumnType::kInt64}},
                              {"date", "feature", "horizon"},
                              "date",
                              Partitioning::kYear,
                              1};
  return spec;
}

const TableSpec& FeatureStability() {
  static const TableSpec spec{"feature_stability",
                              "processed/eda/feature_stability",
                              {{"feature", ColumnType::kString},
                               {"window_days", ColumnType::kInt64},
                               {"regime", ColumnType::kString},
                               {"mean_autocorr", ColumnType::kDouble, true},
                               {"n_days", ColumnType::kInt64},
                               {"stable", ColumnType::kInt64}},
                              {"feature", "window_days", "regime"},
                              "",
                              Partitioning::kNone,
                              1};
  return spec;
}

}  // namespace qtp::schema
