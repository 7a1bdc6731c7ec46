// The only place qtp touches the DuckDB C API. RAII owners for database, connection, result and
// table function; every duckdb_state is turned into a Status carrying DuckDB's own error text.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/table.h"

namespace qtp::duck {

struct QueryColumn {
  std::string name;
  bool numeric = false;  // an integer, decimal or floating-point type: its text is a JSON number
};

// A DATE value for a placeholder (a bare int32 would bind as an integer).
struct SqlDate {
  DateDays days = kNullDate;
};
// The value of one placeholder $1, $2, ... of a statement: DuckDB binds it, so it never becomes SQL text.
using QueryParam = std::variant<std::string, int64_t, double, SqlDate>;

class Connection {
 public:
  // An in-memory database (the store's data lives in Parquet files, not in a DuckDB file).
  // `threads` bounds DuckDB's worker threads; 1 keeps Parquet output byte-deterministic.
  static Result<std::unique_ptr<Connection>> OpenInMemory(int threads);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Status Execute(const std::string& sql);
  // Runs `sql`, in which the table function qtp_table() reads `table`'s rows and columns. DuckDB
  // pulls them chunk by chunk straight from `table`: nothing is copied into DuckDB's storage first.
  Status ExecuteOnTable(const Table& table, const std::string& sql);
  // Runs `sql`, whose result columns must match `spec` in order and type, into a Table.
  Result<Table> QueryTable(const TableSpec& spec, const std::string& sql);
  // Runs `sql` and calls `row` with each row's values rendered as text by DuckDB ("NULL" for
  // nulls); `header` first receives the columns. For the CLI's generic query output.
  Status QueryText(const std::string& sql, const std::function<void(const std::vector<QueryColumn>&)>& header,
                   const std::function<void(const std::vector<std::string>&)>& row);
  // The same with `params` bound to the placeholders $1, $2, ... of `sql` (one value each): how
  // text from outside (an API request) reaches a query without ever being spliced into it.
  Status QueryText(const std::string& sql, const std::vector<QueryParam>& params,
                   const std::function<void(const std::vector<QueryColumn>&)>& header,
                   const std::function<void(const std::vector<std::string>&)>& row);

 private:
  Connection() = default;
  struct Handles;
  std::unique_ptr<Handles> handles_;
};

// Single-quoted SQL string literal.
std::string SqlQuote(const std::string& text);
// `name` as a double-quoted SQL identifier: column names may be keywords (model_metrics.end).
std::string SqlIdentifier(const std::string& name);

}  // namespace qtp::duck
