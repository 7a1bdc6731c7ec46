#include "qtp/data/store/eda_columns.h"

#include "qtp/data/store/feature_columns.h"

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

const TableSpec& FeatureAutocorr() {
  static const TableSpec spec{"feature_autocorr",
                              "processed/eda/feature_autocorr",
                              {{"date", ColumnType::kDate},
                               {"feature", ColumnType::kString},
                               {"window_days", ColumnType::kInt64},
                               {"autocorr", ColumnType::kDouble}},
                              {"date", "feature", "window_days"},
                              "date",
                              Partitioning::kYear,
                              1};
  return spec;
}

const TableSpec& FeatureCorr() {
  static const TableSpec spec = [] {
    TableSpec s;
    s.name = "feature_corr";
    s.path = "processed/eda/feature_corr";
    s.columns = {{"date", ColumnType::kDate}, {"feature", ColumnType::kString}};
    for (const FeatureColumn& f : FeatureColumns()) {
      if (f.predictor) s.columns.push_back({f.name, ColumnType::kDouble, true});
    }
    s.key = {"date", "feature"};
    s.time_column = "date";
    s.partitioning = Partitioning::kYear;
    return s;
  }();
  return spec;
}

const TableSpec& EdaDays() {
  static const TableSpec spec{"eda_days",
                              "processed/eda/days",
                              {{"date", ColumnType::kDate},
                               {"tickers", ColumnType::kInt64},
                               {"members", ColumnType::kInt64},
                               {"digest", ColumnType::kString}},
                              {"date"},
                              "date",
                              Partitioning::kYear,
                              1};
  return spec;
}

const TableSpec& EdaMissingForward() {
  static const TableSpec spec{"eda_missing_forward",
                              "processed/eda/missing_forward",
                              {{"date", ColumnType::kDate},
                               {"horizon", ColumnType::kInt64},
                               {"missing", ColumnType::kInt64}},
                              {"date", "horizon"},
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

const TableSpec& EdaInputs() {
  static const TableSpec spec{"eda_inputs",
                              "processed/eda/inputs",
                              {{"dataset", ColumnType::kString},
                               {"ticker", ColumnType::kString},
                               {"year", ColumnType::kInt64},
                               {"sha256", ColumnType::kString},
                               {"stats_hash", ColumnType::kString},
                               {"params_hash", ColumnType::kString}},
                              {"dataset", "ticker", "year"},
                              "",
                              Partitioning::kNone,
                              1};
  return spec;
}

}  // namespace qtp::schema
