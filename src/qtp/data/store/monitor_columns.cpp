#include "qtp/data/store/monitor_columns.h"

namespace qtp::schema {

const TableSpec& MonitorDrift() {
  static const TableSpec spec{"monitor_drift",
                              "monitor/drift",
                              {{"as_of", ColumnType::kDate},
                               {"kind", ColumnType::kString},
                               {"name", ColumnType::kString},
                               {"metric", ColumnType::kString},
                               {"value", ColumnType::kDouble, true},
                               {"threshold", ColumnType::kDouble, true},
                               {"alert_threshold", ColumnType::kDouble, true},
                               {"status", ColumnType::kString},
                               {"reference_first", ColumnType::kDate, true},
                               {"reference_last", ColumnType::kDate, true},
                               {"current_first", ColumnType::kDate, true},
                               {"current_last", ColumnType::kDate, true},
                               {"n_reference", ColumnType::kInt64},
                               {"n_current", ColumnType::kInt64}},
                              {"as_of", "kind", "name", "metric"},
                              "as_of",
                              Partitioning::kYear,
                              1};
  return spec;
}

const TableSpec& MonitorDecay() {
  static const TableSpec spec{"monitor_decay",
                              "monitor/decay",
                              {{"as_of", ColumnType::kDate},
                               {"model_id", ColumnType::kString},
                               {"n_days", ColumnType::kInt64},
                               {"rank_ic", ColumnType::kDouble, true},
                               {"ic", ColumnType::kDouble, true},
                               {"validated_rank_ic", ColumnType::kDouble, true},
                               {"t_stat", ColumnType::kDouble, true},
                               {"cusum", ColumnType::kDouble, true},
                               {"status", ColumnType::kString}},
                              {"as_of", "model_id"},
                              "as_of",
                              Partitioning::kYear,
                              1};
  return spec;
}

const TableSpec& MonitorAlerts() {
  static const TableSpec spec{"monitor_alerts",
                              "monitor/alerts",
                              {{"as_of", ColumnType::kDate},
                               {"raised_at", ColumnType::kTimestamp},
                               {"key", ColumnType::kString},
                               {"severity", ColumnType::kString},
                               {"source", ColumnType::kString},
                               {"subject", ColumnType::kString},
                               {"status", ColumnType::kString},
                               {"delivered", ColumnType::kInt64},
                               {"details", ColumnType::kString}},
                              {"as_of", "raised_at", "key"},
                              "as_of",
                              Partitioning::kYear,
                              1};
  return spec;
}

}  // namespace qtp::schema
