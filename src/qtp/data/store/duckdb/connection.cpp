#include "qtp/data/store/duckdb/connection.h"

#include <duckdb.h>

#include <cmath>
#include <cstring>

#include <fmt/format.h>

namespace qtp::duck {
namespace {

duckdb_type DuckType(ColumnType type) {
  switch (type) {
    case ColumnType::kInt32: return DUCKDB_TYPE_INTEGER;
    case ColumnType::kInt64: return DUCKDB_TYPE_BIGINT;
    case ColumnType::kDouble: return DUCKDB_TYPE_DOUBLE;
    case ColumnType::kString: return DUCKDB_TYPE_VARCHAR;
    case ColumnType::kDate: return DUCKDB_TYPE_DATE;
    case ColumnType::kTimestamp: return DUCKDB_TYPE_TIMESTAMP_TZ;
  }
  return DUCKDB_TYPE_INVALID;
}

// Owns a duckdb_result; destroyed even when the query failed (DuckDB requires it).
struct ResultOwner {
  duckdb_result result{};
  ~ResultOwner() { duckdb_destroy_result(&result); }
};

struct ChunkOwner {
  duckdb_data_chunk chunk = nullptr;
  ~ChunkOwner() {
    if (chunk != nullptr) duckdb_destroy_data_chunk(&chunk);
  }
};

struct LogicalTypeOwner {
  duckdb_logical_type type = nullptr;
  ~LogicalTypeOwner() {
    if (type != nullptr) duckdb_destroy_logical_type(&type);
  }
};

bool IsNull(ColumnType type, const ColumnData& data, size_t row) {
  switch (type) {
    case ColumnType::kDouble: return std::isnan(std::get<std::vector<double>>(data)[row]);
    case ColumnType::kDate: return std::get<std::vector<int32_t>>(data)[row] == kNullDate;
    case ColumnType::kTimestamp:
    case ColumnType::kInt64: return std::get<std::vector<int64_t>>(data)[row] == kNullInt64;
    default: return false;
  }
}

// Copies rows [begin, begin+count) of one column into a chunk vector.
void FillVector(duckdb_vector vector, const ColumnSpec& spec, const ColumnData& data, size_t begin, size_t count) {
  if (spec.type == ColumnType::kString) {
    const auto& values = std::get<std::vector<std::string>>(data);
    for (size_t i = 0; i < count; ++i) {
      const std::string& s = values[begin + i];
      duckdb_vector_assign_string_element_len(vector, i, s.data(), s.size());
    }
    return;
  }
  void* out = duckdb_vector_get_data(vector);
  std::visit(
      [&](const auto& values) {
        using T = typename std::decay_t<decltype(values)>::value_type;
        if constexpr (!std::is_same_v<T, std::string>) {
          std::memcpy(out, values.data() + begin, count * sizeof(T));
        }
      },
      data);
  if (!spec.nullable) return;
  bool any_null = false;
  for (size_t i = 0; i < count && !any_null; ++i) any_null = IsNull(spec.type, data, begin + i);
  if (!any_null) return;
  // The vector comes all-valid: DuckDB resets a table function's output chunk before each call
  // (the DuckConnection round-trip test would see stale NULLs otherwise).
  duckdb_vector_ensure_validity_writable(vector);
  uint64_t* validity = duckdb_vector_get_validity(vector);
  for (size_t i = 0; i < count; ++i) {
    if (IsNull(spec.type, data, begin + i)) duckdb_validity_set_row_invalid(validity, i);
  }
}

// The table function qtp_table(): serves the Table that ExecuteOnTable put in the connection's
// slot. Its extra info is that slot; the scan position is per-query init data.
struct TableSlot {
  const Table* table = nullptr;
};

void BindTableScan(duckdb_bind_info info) {
  const auto* slot = static_cast<const TableSlot*>(duckdb_bind_get_extra_info(info));
  if (slot->table == nullptr) {
    duckdb_bind_set_error(info, "qtp_table() has no rows to read outside Connection::ExecuteOnTable");
    return;
  }
  for (const ColumnSpec& column : slot->table->spec().columns) {
    LogicalTypeOwner type;
    type.type = duckdb_create_logical_type(DuckType(column.type));
    duckdb_bind_add_result_column(info, column.name.c_str(), type.type);
  }
  duckdb_bind_set_cardinality(info, slot->table->num_rows(), true);
}

void InitTableScan(duckdb_init_info info) {
  duckdb_init_set_init_data(info, new size_t(0), [](void* p) { delete static_cast<size_t*>(p); });
  duckdb_init_set_max_threads(info, 1);  // one ordered stream: the output keeps the table's row order
}

void TableScan(duckdb_function_info info, duckdb_data_chunk output) {
  const Table& table = *static_cast<const TableSlot*>(duckdb_function_get_extra_info(info))->table;
  size_t& next_row = *static_cast<size_t*>(duckdb_function_get_init_data(info));
  const size_t count = std::min<size_t>(duckdb_vector_size(), table.num_rows() - next_row);
  const auto& columns = table.spec().columns;
  for (size_t c = 0; c < columns.size(); ++c) {
    FillVector(duckdb_data_chunk_get_vector(output, c), columns[c], table.columns()[c], next_row, count);
  }
  duckdb_data_chunk_set_size(output, count);
  next_row += count;
}

// Appends rows of a result vector to a Table column, mapping NULL to the column's null sentinel.
void ReadVector(duckdb_vector vector, ColumnType type, size_t count, ColumnData& out) {
  uint64_t* validity = duckdb_vector_get_validity(vector);
  auto valid = [&](size_t i) { return validity == nullptr || duckdb_validity_row_is_valid(validity, i); };
  switch (type) {
    case ColumnType::kString: {
      auto& dst = std::get<std::vector<std::string>>(out);
      auto* src = static_cast<duckdb_string_t*>(duckdb_vector_get_data(vector));
      for (size_t i = 0; i < count; ++i) {
        if (!valid(i)) {
          dst.emplace_back();
          continue;
        }
        dst.emplace_back(duckdb_string_t_data(&src[i]), duckdb_string_t_length(src[i]));
      }
      return;
    }
    case ColumnType::kDouble: {
      auto& dst = std::get<std::vector<double>>(out);
      const auto* src = static_cast<const double*>(duckdb_vector_get_data(vector));
      for (size_t i = 0; i < count; ++i) dst.push_back(valid(i) ? src[i] : std::nan(""));
      return;
    }
    case ColumnType::kInt32:
    case ColumnType::kDate: {
      auto& dst = std::get<std::vector<int32_t>>(out);
      const auto* src = static_cast<const int32_t*>(duckdb_vector_get_data(vector));
      for (size_t i = 0; i < count; ++i) dst.push_back(valid(i) ? src[i] : kNullDate);
      return;
    }
    case ColumnType::kInt64:
    case ColumnType::kTimestamp: {
      auto& dst = std::get<std::vector<int64_t>>(out);
      const auto* src = static_cast<const int64_t*>(duckdb_vector_get_data(vector));
      for (size_t i = 0; i < count; ++i) dst.push_back(valid(i) ? src[i] : kNullInt64);
      return;
    }
  }
}

// DuckDB logical type id that a Table column of `type` accepts when reading.
bool CompatibleResultType(duckdb_type got, ColumnType want) {
  return got == DuckType(want) || (want == ColumnType::kTimestamp && got == DUCKDB_TYPE_TIMESTAMP);
}

bool IsNumeric(duckdb_type type) {
  switch (type) {
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_HUGEINT:
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_UBIGINT:
    case DUCKDB_TYPE_UHUGEINT:
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DOUBLE:
    case DUCKDB_TYPE_DECIMAL: return true;
    default: return false;
  }
}

std::string ValueText(duckdb_vector vector, duckdb_type type, size_t i) {
  uint64_t* validity = duckdb_vector_get_validity(vector);
  if (validity != nullptr && !duckdb_validity_row_is_valid(validity, i)) return "NULL";
  void* data = duckdb_vector_get_data(vector);
  switch (type) {
    case DUCKDB_TYPE_BOOLEAN: return static_cast<bool*>(data)[i] ? "true" : "false";
    case DUCKDB_TYPE_TINYINT: return std::to_string(static_cast<int8_t*>(data)[i]);
    case DUCKDB_TYPE_SMALLINT: return std::to_string(static_cast<int16_t*>(data)[i]);
    case DUCKDB_TYPE_INTEGER: return std::to_string(static_cast<int32_t*>(data)[i]);
    case DUCKDB_TYPE_BIGINT: return std::to_string(static_cast<int64_t*>(data)[i]);
    case DUCKDB_TYPE_UTINYINT: return std::to_string(static_cast<uint8_t*>(data)[i]);
    case DUCKDB_TYPE_USMALLINT: return std::to_string(static_cast<uint16_t*>(data)[i]);
    case DUCKDB_TYPE_UINTEGER: return std::to_string(static_cast<uint32_t*>(data)[i]);
    case DUCKDB_TYPE_UBIGINT: return std::to_string(static_cast<uint64_t*>(data)[i]);
    case DUCKDB_TYPE_FLOAT: return fmt::format("{}", static_cast<float*>(data)[i]);
    case DUCKDB_TYPE_DOUBLE: return fmt::format("{}", static_cast<double*>(data)[i]);
    case DUCKDB_TYPE_VARCHAR: {
      auto* s = static_cast<duckdb_string_t*>(data);
      return {duckdb_string_t_data(&s[i]), duckdb_string_t_length(s[i])};
    }
    case DUCKDB_TYPE_DATE: return FormatDate(static_cast<int32_t*>(data)[i]);
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_TZ: return FormatTimestampUtc(static_cast<int64_t*>(data)[i]);
    default: return "?";
  }
}

// The types ValueText renders itself.
bool HasPlainText(duckdb_type type) {
  switch (type) {
    case DUCKDB_TYPE_BOOLEAN:
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_UBIGINT:
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DOUBLE:
    case DUCKDB_TYPE_VARCHAR:
    case DUCKDB_TYPE_DATE:
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_TZ: return true;
    default: return false;
  }
}

// Calls `header` with `columns` (completed from the result's own names when it has fewer) and then
// `row` with each row's values as text.
void StreamRows(duckdb_result& result, std::vector<QueryColumn> columns,
                const std::function<void(const std::vector<QueryColumn>&)>& header,
                const std::function<void(const std::vector<std::string>&)>& row) {
  const size_t ncols = duckdb_column_count(&result);
  std::vector<duckdb_type> types;
  for (size_t c = 0; c < ncols; ++c) {
    types.push_back(duckdb_column_type(&result, c));
    if (columns.size() < ncols) columns.push_back({duckdb_column_name(&result, c), IsNumeric(types.back())});
  }
  header(columns);
  std::vector<std::string> values(ncols);
  while (true) {
    ChunkOwner chunk;
    chunk.chunk = duckdb_fetch_chunk(result);
    if (chunk.chunk == nullptr) break;
    const size_t n = duckdb_data_chunk_get_size(chunk.chunk);
    for (size_t i = 0; i < n; ++i) {
      for (size_t c = 0; c < ncols; ++c) {
        values[c] = ValueText(duckdb_data_chunk_get_vector(chunk.chunk, c), types[c], i);
      }
      row(values);
    }
  }
}

// Owns a prepared statement (destroyed even when preparing failed, as DuckDB requires).
struct PreparedOwner {
  duckdb_prepared_statement stmt = nullptr;
  ~PreparedOwner() { duckdb_destroy_prepare(&stmt); }
};

// Binds `params` to the placeholders $1, $2, ... of `stmt`, one value each.
Status BindParams(duckdb_prepared_statement stmt, const std::vector<QueryParam>& params) {
  if (duckdb_nparams(stmt) != params.size()) {
    return Status::InvalidArgument(
        fmt::format("the statement has {} placeholders, {} values were given", duckdb_nparams(stmt), params.size()));
  }
  for (size_t i = 0; i < params.size(); ++i) {
    const idx_t index = i + 1;
    const duckdb_state state = std::visit(
        [&](const auto& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, std::string>) {
            return duckdb_bind_varchar_length(stmt, index, value.data(), value.size());
          } else if constexpr (std::is_same_v<T, int64_t>) {
            return duckdb_bind_int64(stmt, index, value);
          } else if constexpr (std::is_same_v<T, double>) {
            return duckdb_bind_double(stmt, index, value);
          } else {
            return duckdb_bind_date(stmt, index, duckdb_date{value.days});
          }
        },
        params[i]);
    if (state == DuckDBError) return Status::InvalidArgument(fmt::format("cannot bind the value of ${}", index));
  }
  return Status::OK();
}

// Runs `sql` into `r` as a prepared statement with `params` bound.
Status RunPrepared(duckdb_connection con, const std::string& sql, const std::vector<QueryParam>& params,
                   ResultOwner& r) {
  PreparedOwner prepared;
  if (duckdb_prepare(con, sql.c_str(), &prepared.stmt) == DuckDBError) {
    const char* error = duckdb_prepare_error(prepared.stmt);
    return Status::InvalidArgument(error != nullptr ? error : "cannot prepare the statement");
  }
  QTP_RETURN_IF_ERROR(BindParams(prepared.stmt, params));
  if (duckdb_execute_prepared(prepared.stmt, &r.result) == DuckDBError) {
    return Status::InvalidArgument(duckdb_result_error(&r.result));
  }
  return Status::OK();
}

}  // namespace

struct Connection::Handles {
  duckdb_database db = nullptr;
  duckdb_connection con = nullptr;
  TableSlot table_slot;  // what qtp_table() reads; set only during ExecuteOnTable
  ~Handles() {
    if (con != nullptr) duckdb_disconnect(&con);
    if (db != nullptr) duckdb_close(&db);
  }
};

std::string SqlIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string SqlQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

Result<std::unique_ptr<Connection>> Connection::OpenInMemory(int threads) {
  std::unique_ptr<Connection> conn(new Connection());
  conn->handles_ = std::make_unique<Handles>();
  duckdb_config config = nullptr;
  if (duckdb_create_config(&config) == DuckDBError) return Status::Internal("duckdb_create_config failed");
  const std::string thread_count = std::to_string(threads);
  duckdb_set_config(config, "threads", thread_count.c_str());
  // NOTE: no extension may be auto-downloaded: the machines reach no extension repository.
  duckdb_set_config(config, "autoinstall_known_extensions", "false");
  duckdb_set_config(config, "autoload_known_extensions", "false");
  // Every stored file is read once per run; DuckDB's cache of file contents would only grow the
  // process (it kept ~1.7 MB per ticker during a 500-ticker clean) without ever being hit.
  duckdb_set_config(config, "enable_external_file_cache", "false");
  char* error = nullptr;
  const duckdb_state state = duckdb_open_ext(nullptr, &conn->handles_->db, config, &error);
  duckdb_destroy_config(&config);
  if (state == DuckDBError) {
    Status status = Status::IOError(fmt::format("cannot open DuckDB: {}", error != nullptr ? error : "?"));
    duckdb_free(error);
    return status;
  }
  if (duckdb_connect(conn->handles_->db, &conn->handles_->con) == DuckDBError) {
    return Status::IOError("cannot connect to DuckDB");
  }
  QTP_RETURN_IF_ERROR(conn->Execute("SET TimeZone='UTC'"));
  duckdb_table_function scan = duckdb_create_table_function();
  duckdb_table_function_set_name(scan, "qtp_table");
  duckdb_table_function_set_extra_info(scan, &conn->handles_->table_slot, nullptr);
  duckdb_table_function_set_bind(scan, BindTableScan);
  duckdb_table_function_set_init(scan, InitTableScan);
  duckdb_table_function_set_function(scan, TableScan);
  const duckdb_state registered = duckdb_register_table_function(conn->handles_->con, scan);
  duckdb_destroy_table_function(&scan);
  if (registered == DuckDBError) return Status::Internal("cannot register the qtp_table() table function");
  return conn;
}

Connection::~Connection() = default;

Status Connection::Execute(const std::string& sql) {
  ResultOwner r;
  if (duckdb_query(handles_->con, sql.c_str(), &r.result) == DuckDBError) {
    return Status::IOError(fmt::format("DuckDB: {} [sql: {}]", duckdb_result_error(&r.result), sql.substr(0, 300)));
  }
  return Status::OK();
}

Status Connection::ExecuteOnTable(const Table& table, const std::string& sql) {
  handles_->table_slot.table = &table;
  Status status = Execute(sql);
  handles_->table_slot.table = nullptr;
  return status;
}

Result<Table> Connection::QueryTable(const TableSpec& spec, const std::string& sql) {
  ResultOwner r;
  if (duckdb_query(handles_->con, sql.c_str(), &r.result) == DuckDBError) {
    return Status::IOError(fmt::format("DuckDB: {} [sql: {}]", duckdb_result_error(&r.result), sql.substr(0, 300)));
  }
  const size_t ncols = duckdb_column_count(&r.result);
  if (ncols != spec.columns.size()) {
    return Status::Corruption(fmt::format("{}: query returned {} columns, schema has {}", spec.name, ncols,
                                          spec.columns.size()));
  }
  for (size_t c = 0; c < ncols; ++c) {
    const duckdb_type got = duckdb_column_type(&r.result, c);
    if (!CompatibleResultType(got, spec.columns[c].type)) {
      return Status::Corruption(fmt::format("{}: column {} ('{}') has DuckDB type {}, schema wants {}", spec.name, c,
                                            duckdb_column_name(&r.result, c), static_cast<int>(got),
                                            ColumnTypeSqlName(spec.columns[c].type)));
    }
  }
  Table table(spec);
  while (true) {
    ChunkOwner chunk;
    chunk.chunk = duckdb_fetch_chunk(r.result);
    if (chunk.chunk == nullptr) break;
    const size_t n = duckdb_data_chunk_get_size(chunk.chunk);
    for (size_t c = 0; c < ncols; ++c) {
      ReadVector(duckdb_data_chunk_get_vector(chunk.chunk, c), spec.columns[c].type, n, table.columns()[c]);
    }
  }
  return table;
}

Status Connection::QueryText(const std::string& sql,
                             const std::function<void(const std::vector<QueryColumn>&)>& header,
                             const std::function<void(const std::vector<std::string>&)>& row) {
  // Prepare once to learn the result's columns, then let DuckDB itself render every value as
  // VARCHAR (DECIMAL, LIST, STRUCT, INTERVAL, ... included) through positional casts.
  duckdb_prepared_statement prepared = nullptr;
  const bool prepared_ok = duckdb_prepare(handles_->con, sql.c_str(), &prepared) == DuckDBSuccess;
  std::vector<QueryColumn> columns;
  std::string as_text;
  if (prepared_ok) {
    const size_t n = duckdb_prepared_statement_column_count(prepared);
    for (size_t c = 0; c < n; ++c) {
      const duckdb_type type = duckdb_prepared_statement_column_type(prepared, c);
      // The name is a copy that the caller owns.
      const char* name = duckdb_prepared_statement_column_name(prepared, c);
      columns.push_back({name != nullptr ? name : "", IsNumeric(type)});
      duckdb_free(const_cast<char*>(name));
      as_text += fmt::format("{}#{}::VARCHAR", c ? ", " : "", c + 1);
    }
  }
  // When preparing fails the statement runs as it is: it either works (some statements cannot be
  // prepared) or fails with DuckDB's error for it (the prepare error repeats its LINE context).
  duckdb_destroy_prepare(&prepared);
  ResultOwner r;
  const std::string wrapped = columns.empty() ? sql : fmt::format("SELECT {} FROM ({})", as_text, sql);
  // Statements that cannot be a subquery (PRAGMA, SET, ...) run as they are.
  if (duckdb_query(handles_->con, wrapped.c_str(), &r.result) == DuckDBError) {
    duckdb_destroy_result(&r.result);
    r.result = {};
    if (duckdb_query(handles_->con, sql.c_str(), &r.result) == DuckDBError) {
      return Status::InvalidArgument(fmt::format("query failed: {}", duckdb_result_error(&r.result)));
    }
  }
  StreamRows(r.result, std::move(columns), header, row);
  return Status::OK();
}

Status Connection::QueryText(const std::string& sql, const std::vector<QueryParam>& params,
                             const std::function<void(const std::vector<QueryColumn>&)>& header,
                             const std::function<void(const std::vector<std::string>&)>& row) {
  if (params.empty()) return QueryText(sql, header, row);
  // Unlike above, the columns come from the result: a statement with placeholders may not know
  // them before its values are bound (DuckDB reports a single column for "... LIMIT $1").
  ResultOwner r;
  if (Status status = RunPrepared(handles_->con, sql, params, r); !status.ok()) {
    return Status::InvalidArgument(fmt::format("query failed: {}", status.message()));
  }
  std::vector<QueryColumn> columns;
  bool plain = true;
  for (size_t c = 0; c < duckdb_column_count(&r.result); ++c) {
    const duckdb_type type = duckdb_column_type(&r.result, c);
    columns.push_back({duckdb_column_name(&r.result, c), IsNumeric(type)});
    plain = plain && HasPlainText(type);
  }
  if (plain) {
    StreamRows(r.result, std::move(columns), header, row);
    return Status::OK();
  }
  // DECIMAL, LIST, ...: DuckDB renders them, in the same query with every column cast to VARCHAR.
  ResultOwner text;
  const std::string as_text = fmt::format("SELECT COLUMNS(*)::VARCHAR FROM ({})", sql);
  if (Status status = RunPrepared(handles_->con, as_text, params, text); !status.ok()) {
    return Status::InvalidArgument(fmt::format("query failed: {}", status.message()));
  }
  StreamRows(text.result, std::move(columns), header, row);
  return Status::OK();
}

}  // namespace qtp::duck
