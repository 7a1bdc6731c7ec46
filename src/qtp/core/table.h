// Typed columnar tables and their specs: the hand-off format between stages and the store.
// A TableSpec names a dataset, its stored columns, its key and its partitioning; the store
// validates every Table against its spec before anything reaches disk.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/time.h"

namespace qtp {

enum class ColumnType {
  kInt32,
  kInt64,
  kDouble,     // nullable doubles use NaN for NULL
  kString,
  kDate,       // DateDays in an int32 vector; nullable uses kNullDate
  kTimestamp,  // TimestampUs (UTC) in an int64 vector; nullable uses kNullInt64
};
const char* ColumnTypeSqlName(ColumnType type);  // DuckDB type name, e.g. "TIMESTAMPTZ"

struct ColumnSpec {
  std::string name;
  ColumnType type;
  bool nullable = false;
};

enum class Partitioning {
  kTickerYear,  // hive ticker=T/year=Y/, year from the time column; ticker is not stored in the file
  kYear,        // hive year=Y/: every ticker's rows of a year in one file (a `ticker` column, if any, is stored)
  kNone,        // one file for the whole dataset
};

struct TableSpec {
  std::string name;                  // SQL view name, e.g. "bars_5m_raw"
  std::string path;                  // dataset folder below the data dir, e.g. "raw/bars_5m"
  std::vector<ColumnSpec> columns;   // stored columns, in file order
  std::vector<std::string> key;      // unique within a partition; rows are kept sorted by it
  std::string time_column;           // kDate or kTimestamp column that gives year=
  Partitioning partitioning = Partitioning::kTickerYear;
  int schema_version = 1;

  // -1 when absent.
  int ColumnIndex(std::string_view column) const;
};

using ColumnData =
    std::variant<std::vector<int32_t>, std::vector<int64_t>, std::vector<double>, std::vector<std::string>>;

// `spec` reduced to `columns` (in that order): Store::Read with it reads only those columns of each
// file. A Table made with it points at it, so it must outlive the Table.
TableSpec Projection(const TableSpec& spec, const std::vector<std::string>& columns);

// The vector alternative that holds a column of `type`.
ColumnData MakeColumnData(ColumnType type);

// Columns in spec order. Rows are the common length of all columns.
class Table {
 public:
  explicit Table(const TableSpec& spec);

  const TableSpec& spec() const { return *spec_; }
  size_t num_rows() const;
  std::vector<ColumnData>& columns() { return columns_; }
  const std::vector<ColumnData>& columns() const { return columns_; }

  // Typed access by column name; the caller names the physical type (int32_t for kDate, ...).
  template <typename T>
  std::vector<T>& Column(std::string_view name) {
    return std::get<std::vector<T>>(columns_.at(Index(name)));
  }
  template <typename T>
  const std::vector<T>& Column(std::string_view name) const {
    return std::get<std::vector<T>>(columns_.at(Index(name)));
  }

  // Checks column count, types and equal lengths, and NULLs only in nullable columns.
  Status Validate() const;

 private:
  size_t Index(std::string_view name) const;

  const TableSpec* spec_;
  std::vector<ColumnData> columns_;
};

}  // namespace qtp
