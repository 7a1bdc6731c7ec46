// The only place qtp touches libpqxx (like data/store/duckdb for DuckDB): a connection and its
// transactions behind a pqxx-free interface. Every libpqxx/libpq exception becomes a Status whose
// message names the server by its redacted connection string and never carries the password.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/table.h"

namespace qtp::pg {

// A bound parameter or a result field in PostgreSQL's text form; std::nullopt is SQL NULL.
using Value = std::optional<std::string>;

struct Rows {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
};

class Transaction;

class Connection {
 public:
  // Connects with a libpq connection string (URI or key/value). libpq's own fallbacks apply
  // (PGPASSWORD, ~/.pgpass, PGHOST, ...). Without connect_timeout in the string or
  // PGCONNECT_TIMEOUT in the environment, connecting gives up after 10 s (libpq would wait forever on
  // a host that drops packets). Unavailable when the server cannot be reached or refuses the login.
  static Result<std::unique_ptr<Connection>> Open(const std::string& conn);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The connection string with its password masked: what messages and records show.
  const std::string& redacted() const;
  // Starts a transaction: one at a time per connection. It must end with Commit(); destroyed
  // without it (an error path), it rolls back.
  Result<std::unique_ptr<Transaction>> Begin();

 private:
  Connection();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  friend class Transaction;
};

class Transaction {
 public:
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // One statement with parameters $1, $2, ... bound to `params` (never pasted into the SQL text).
  Result<Rows> Query(const std::string& sql, const std::vector<Value>& params = {});
  Status Execute(const std::string& sql, const std::vector<Value>& params = {});
  // Several statements separated by ';' (a migration file); no parameters.
  Status ExecuteScript(const std::string& sql);
  // COPY `table` FROM STDIN: every row of `rows`, its columns in spec order into the table's
  // columns of the same names (copy_text.h gives the encoding). Bulk rows at COPY speed.
  Status CopyTable(const std::string& table, const Table& rows);
  Status Commit();

 private:
  explicit Transaction(Connection& connection);
  struct Impl;
  std::unique_ptr<Impl> impl_;
  Connection& connection_;
  friend class Connection;
};

// `name` as a double-quoted SQL identifier (columns may be keywords: rank, close).
std::string Identifier(const std::string& name);

}  // namespace qtp::pg
