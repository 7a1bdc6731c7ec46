#include "qtp/data/store/production_columns.h"

namespace qtp::schema {

const TableSpec& Rankings() {
  static const TableSpec spec{"rankings",
                              "published/rankings",
                              {{"as_of", ColumnType::kDate},
                               {"model_id", ColumnType::kString},
                               {"ticker", ColumnType::kString},
                               {"rank", ColumnType::kInt64},
                               {"score", ColumnType::kDouble},
                               {"rank_change", ColumnType::kInt64, true},
                               {"is_primary", ColumnType::kInt64},
                               {"sector", ColumnType::kString, true},
                               {"universe_rank", ColumnType::kInt64},
                               {"close", ColumnType::kDouble, true},
                               {"adv_20", ColumnType::kDouble, true},
                               {"ret_20d", ColumnType::kDouble, true},
                               {"mom_12_1", ColumnType::kDouble, true},
                               {"rv_20", ColumnType::kDouble, true},
                               {"amihud_20", ColumnType::kDouble, true},
                               {"hurst", ColumnType::kDouble, true}},
                              {"as_of", "model_id", "ticker"},
                              "as_of",
                              Partitioning::kYear,
                              1};
  return spec;
}

const TableSpec& Runs() {
  static const TableSpec spec{"runs",
                              "jobs/runs",
                              {{"job_id", ColumnType::kString},
                               {"as_of", ColumnType::kDate},
                               {"stage", ColumnType::kString},
                               {"stage_index", ColumnType::kInt64},
                               {"status", ColumnType::kString},
                               {"started_at", ColumnType::kTimestamp},
                               {"finished_at", ColumnType::kTimestamp},
                               {"seconds", ColumnType::kDouble},
                               {"run_id", ColumnType::kString},
                               {"rows", ColumnType::kInt64},
                               {"error", ColumnType::kString}},
                              {"as_of", "job_id", "stage"},
                              "as_of",
                              Partitioning::kYear,
                              1};
  return spec;
}

const TableSpec& MonitorChecks() {
  static const TableSpec spec{"monitor_checks",
                              "monitor/checks",
                              {{"as_of", ColumnType::kDate},
                               {"name", ColumnType::kString},
                               {"status", ColumnType::kString},
                               {"value", ColumnType::kDouble, true},
                               {"threshold", ColumnType::kDouble, true},
                               {"message", ColumnType::kString}},
                              {"as_of", "name"},
                              "as_of",
                              Partitioning::kYear,
                              1};
  return spec;
}

}  // namespace qtp::schema
