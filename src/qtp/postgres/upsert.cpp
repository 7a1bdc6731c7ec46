#include "qtp/postgres/upsert.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace qtp::pg {
namespace {

std::string Qualified(const std::string& alias, const std::vector<std::string>& columns) {
  std::vector<std::string> out;
  for (const std::string& c : columns) out.push_back(fmt::format("{}.{}", alias, Identifier(c)));
  return fmt::format("{}", fmt::join(out, ", "));
}

Result<size_t> CountOf(const Rows& rows, size_t column) {
  if (rows.rows.size() != 1 || rows.rows[0].size() <= column || !rows.rows[0][column]) {
    return Status::Internal("upsert: the server returned no count");
  }
  return static_cast<size_t>(std::stoull(*rows.rows[0][column]));
}

}  // namespace

Result<UpsertStats> Upsert(Transaction& txn, const std::string& target, const Table& rows, const UpsertScope& scope) {
  QTP_RETURN_IF_ERROR(rows.Validate());
  const TableSpec& spec = rows.spec();
  std::vector<std::string> columns, key, values;
  for (const ColumnSpec& c : spec.columns) columns.push_back(c.name);
  key = spec.key;
  for (const std::string& c : columns) {
    if (std::find(key.begin(), key.end(), c) == key.end()) values.push_back(c);
  }
  if (key.empty()) return Status::Internal(fmt::format("upsert into {}: the rows have no key", target));
  const std::string stage = Identifier("qtp_stage_" + target);
  const std::string target_id = Identifier(target);
  QTP_RETURN_IF_ERROR(txn.Execute(fmt::format("DROP TABLE IF EXISTS pg_temp.{}", stage)));
  QTP_RETURN_IF_ERROR(txn.Execute(fmt::format("CREATE TEMP TABLE {} ON COMMIT DROP AS SELECT {} FROM {} WITH NO DATA",
                                              stage, Qualified(target_id, columns), target_id)));
  QTP_RETURN_IF_ERROR(txn.CopyTable(stage, rows));

  const std::string all = Qualified("s", columns);
  std::string on_conflict = "DO NOTHING";
  if (!values.empty()) {
    std::vector<std::string> sets;
    for (const std::string& c : values) sets.push_back(fmt::format("{0} = EXCLUDED.{0}", Identifier(c)));
    // Only rows whose values differ are rewritten: publishing unchanged rows writes nothing.
    on_conflict = fmt::format("DO UPDATE SET {} WHERE ({}) IS DISTINCT FROM ({})", fmt::join(sets, ", "),
                              Qualified("t", values), Qualified("EXCLUDED", values));
  }
  std::vector<std::string> key_ids, column_ids;
  for (const std::string& c : key) key_ids.push_back(Identifier(c));
  for (const std::string& c : columns) column_ids.push_back(Identifier(c));
  QTP_ASSIGN_OR_RETURN(const Rows counts,
                       txn.Query(fmt::format(
                           "WITH written AS (INSERT INTO {} AS t ({}) SELECT {} FROM {} AS s ON CONFLICT ({}) {} "
                           "RETURNING (xmax = 0) AS inserted) "
                           "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM written",
                           target_id, fmt::join(column_ids, ", "), all, stage, fmt::join(key_ids, ", "), on_conflict)));
  UpsertStats stats;
  stats.rows = rows.num_rows();
  QTP_ASSIGN_OR_RETURN(stats.inserted, CountOf(counts, 0));
  QTP_ASSIGN_OR_RETURN(stats.updated, CountOf(counts, 1));
  if (!scope.where.empty()) {
    std::vector<std::string> match;
    for (const std::string& c : key) match.push_back(fmt::format("s.{0} = t.{0}", Identifier(c)));
    QTP_ASSIGN_OR_RETURN(
        const Rows deleted,
        txn.Query(fmt::format("WITH gone AS (DELETE FROM {} AS t WHERE ({}) AND NOT EXISTS "
                              "(SELECT 1 FROM {} AS s WHERE {}) RETURNING 1) SELECT count(*) FROM gone",
                              target_id, scope.where, stage, fmt::join(match, " AND ")),
                  scope.params));
    QTP_ASSIGN_OR_RETURN(stats.deleted, CountOf(deleted, 0));
  }
  return stats;
}

}  // namespace qtp::pg
