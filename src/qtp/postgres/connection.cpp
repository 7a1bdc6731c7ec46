#include "qtp/postgres/connection.h"

#include <cstdlib>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <pqxx/pqxx>
#include <pqxx/tablewriter>

#include "qtp/postgres/copy_text.h"
#include "qtp/postgres/url.h"

namespace qtp::pg {
namespace {

// Server notices (e.g. "relation already exists, skipping") go to the debug log instead of
// libpqxx's default, stderr: a command's stderr is for its own messages.
class NoticeToLog : public pqxx::errorhandler {
 public:
  using pqxx::errorhandler::errorhandler;
  bool operator()(const char msg[]) noexcept override {
    std::string text(msg);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    spdlog::debug("postgres: {}", text);
    return false;
  }
};

// The start of a statement, for error context (the SQL text never holds a parameter's value).
std::string StatementExcerpt(const std::string& sql) {
  std::string s = sql.substr(0, sql.find('\n'));
  if (s.size() > 120) s = s.substr(0, 117) + "...";
  return s;
}

std::string OneLine(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

}  // namespace

struct Connection::Impl {
  std::unique_ptr<pqxx::connection> conn;
  std::unique_ptr<NoticeToLog> notices;
  std::string redacted;
  std::string password;

  // `e` as a Status: the server by its redacted string, never the password (libpq can quote parts
  // of a malformed connection string back).
  Status ToStatus(const std::exception& e, const std::string& doing) const {
    const std::string message = ScrubSecret(OneLine(e.what()), password);
    const std::string text = fmt::format("PostgreSQL {}: {}: {}", redacted, doing, message);
    if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) return Status::Unavailable(text);
    if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) return Status::Unavailable(text);
    if (dynamic_cast<const pqxx::sql_error*>(&e) != nullptr) return Status::InvalidArgument(text);
    return Status::Internal(text);
  }
};

struct Transaction::Impl {
  std::unique_ptr<pqxx::work> work;
};

Connection::Connection() : impl_(std::make_unique<Impl>()) {}
Connection::~Connection() = default;

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& conn) {
  std::unique_ptr<Connection> c(new Connection());
  c->impl_->redacted = RedactConnectionString(conn);
  c->impl_->password = PasswordOf(conn);
  // libpq reads PGCONNECT_TIMEOUT when the string sets no connect_timeout; a value the user set wins.
  ::setenv("PGCONNECT_TIMEOUT", "10", 0);
  try {
    c->impl_->conn = std::make_unique<pqxx::connection>(conn);
    c->impl_->notices = std::make_unique<NoticeToLog>(*c->impl_->conn);
  } catch (const std::exception& e) {
    const Status s = c->impl_->ToStatus(e, "cannot connect");
    // Whatever went wrong, connecting failed: the caller's remedy is the server or the string.
    return Status::Unavailable(s.message());
  }
  return c;
}

const std::string& Connection::redacted() const { return impl_->redacted; }

Result<std::unique_ptr<Transaction>> Connection::Begin() {
  std::unique_ptr<Transaction> t(new Transaction(*this));
  try {
    t->impl_->work = std::make_unique<pqxx::work>(*impl_->conn);
  } catch (const std::exception& e) {
    return impl_->ToStatus(e, "BEGIN");
  }
  return t;
}

Transaction::Transaction(Connection& connection) : impl_(std::make_unique<Impl>()), connection_(connection) {}

Transaction::~Transaction() {
  // pqxx::work's destructor aborts an open transaction (ROLLBACK) and never throws.
  impl_->work.reset();
}

Result<Rows> Transaction::Query(const std::string& sql, const std::vector<Value>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Value& v : params) values.push_back(v ? v->c_str() : nullptr);
  try {
    const pqxx::result r = params.empty() ? impl_->work->exec(sql)
                                          : impl_->work->exec_params(sql, pqxx::prepare::make_dynamic_params(values));
    Rows out;
    for (pqxx::row::size_type c = 0; c < r.columns(); ++c) out.columns.push_back(r.column_name(c));
    out.rows.reserve(r.size());
    for (const pqxx::row& row : r) {
      std::vector<Value> fields;
      fields.reserve(row.size());
      for (const pqxx::field& f : row) {
        fields.push_back(f.is_null() ? Value() : Value(std::string(f.c_str(), f.size())));
      }
      out.rows.push_back(std::move(fields));
    }
    return out;
  } catch (const std::exception& e) {
    return connection_.impl_->ToStatus(e, StatementExcerpt(sql));
  }
}

Status Transaction::Execute(const std::string& sql, const std::vector<Value>& params) {
  return Query(sql, params).status();
}

Status Transaction::ExecuteScript(const std::string& sql) {
  try {
    impl_->work->exec(sql);  // PQexec: several statements in one round trip
    return Status::OK();
  } catch (const std::exception& e) {
    return connection_.impl_->ToStatus(e, "script " + StatementExcerpt(sql));
  }
}

Status Transaction::CopyTable(const std::string& table, const Table& rows) {
  std::vector<std::string> columns;
  for (const ColumnSpec& c : rows.spec().columns) columns.push_back(Identifier(c.name));
  try {
    // NOTE: libpqxx 6.4's stream_to takes only tuples of a fixed arity (and its stream_from is broken
    // at -O2); tablewriter, deprecated in its favour, is the one public way to send lines that
    // copy_text.h already encoded. Its own escaping (not used here) is what the deprecation is about.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    pqxx::tablewriter writer(*impl_->work, table, columns.begin(), columns.end());
#pragma GCC diagnostic pop
    for (size_t i = 0; i < rows.num_rows(); ++i) writer.write_raw_line(CopyLine(rows, i));
    writer.complete();
    return Status::OK();
  } catch (const std::exception& e) {
    return connection_.impl_->ToStatus(e, "COPY " + table);
  }
}

Status Transaction::Commit() {
  try {
    impl_->work->commit();
    return Status::OK();
  } catch (const std::exception& e) {
    return connection_.impl_->ToStatus(e, "COMMIT");
  }
}

std::string Identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace qtp::pg
