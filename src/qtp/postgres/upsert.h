// Idempotent bulk writes: a Table upserted into a PostgreSQL table of the same column names by
// the table's key, so that writing the same rows twice leaves the same rows (and touches none).
#pragma once

#include <string>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/table.h"
#include "qtp/postgres/connection.h"

namespace qtp::pg {

struct UpsertStats {
  size_t rows = 0;      // rows given
  size_t inserted = 0;  // keys new to the table
  size_t updated = 0;   // keys present with other values
  size_t deleted = 0;   // rows of the scope whose key was not given
  size_t unchanged() const { return rows - inserted - updated; }
};

// Rows of the target that the given rows replace as a whole: those matching `where` (SQL over the
// target's columns, with $1, $2, ... bound to `params`) whose key is not among the given rows are
// deleted. Empty `where`: nothing is deleted.
struct UpsertScope {
  std::string where;
  std::vector<Value> params;
};

// COPYs `rows` into a temporary table (dropped at commit), then INSERT ... ON CONFLICT (rows'
// spec key) DO UPDATE only where a value differs, then deletes the scope's rows that were not
// given. The target needs a unique index on the key columns. Inside the caller's transaction.
Result<UpsertStats> Upsert(Transaction& txn, const std::string& target, const Table& rows,
                           const UpsertScope& scope = {});

}  // namespace qtp::pg
