#include "qtp/data/store/retrain_columns.h"

namespace qtp::schema {

const TableSpec& ModelDecisions() {
  static const TableSpec spec{"model_decisions",
                              "monitor/decisions",
                              {{"as_of", ColumnType::kDate},
                               {"decided_at", ColumnType::kTimestamp},
                               {"decision", ColumnType::kString},
                               {"run_id", ColumnType::kString},
                               {"reason", ColumnType::kString},
                               {"champion_models", ColumnType::kString},
                               {"champion_after", ColumnType::kString},
                               {"challenger_models", ColumnType::kString},
                               {"champion_id", ColumnType::kString},
                               {"challenger_id", ColumnType::kString},
                               {"schedule", ColumnType::kString},
                               {"schedule_due", ColumnType::kInt64},
                               {"triggers", ColumnType::kString},
                               {"forced", ColumnType::kInt64},
                               {"compare_first", ColumnType::kDate, true},
                               {"compare_last", ColumnType::kDate, true},
                               {"compare_days", ColumnType::kInt64},
                               {"champion_rank_ic", ColumnType::kDouble, true},
                               {"challenger_rank_ic", ColumnType::kDouble, true},
                               {"min_improvement", ColumnType::kDouble, true},
                               {"challenger_min_fold_ic", ColumnType::kDouble, true},
                               {"min_fold_ic", ColumnType::kDouble, true},
                               {"failed_gate", ColumnType::kString},
                               {"inputs", ColumnType::kString}},
                              {"as_of", "decided_at", "decision"},
                              "as_of",
                              Partitioning::kYear,
                              1};
  return spec;
}

}  // namespace qtp::schema
