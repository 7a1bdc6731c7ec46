#include "qtp/monitor/store_query.h"

#include <cstdlib>

#include <fmt/format.h>

#include "qtp/core/bars.h"

namespace qtp::monitor {

Result<QueryResultRows> QueryRows(const Store& store, const std::string& sql,
                                  const std::vector<duck::QueryParam>& params) {
  QueryResultRows rows;
  QTP_RETURN_IF_ERROR(store.Query(
      sql, params, [](const std::vector<duck::QueryColumn>&) {},
      [&](const std::vector<std::string>& row) { rows.push_back(row); }));
  return rows;
}

Result<std::vector<std::string>> FirstRow(const Store& store, const std::string& sql,
                                          const std::vector<duck::QueryParam>& params) {
  std::vector<std::string> first;
  bool seen = false;
  QTP_RETURN_IF_ERROR(store.Query(
      sql, params, [](const std::vector<duck::QueryColumn>&) {},
      [&](const std::vector<std::string>& row) {
        if (seen) return;
        seen = true;
        first = row;
      }));
  return first;
}

double CellNumber(const std::string& cell) {
  if (cell.empty() || cell == "NULL") return kNaN;
  char* end = nullptr;
  const double value = std::strtod(cell.c_str(), &end);
  return end == cell.c_str() ? kNaN : value;
}

double CellNumber(const std::vector<std::string>& row, size_t column) {
  return column < row.size() ? CellNumber(row[column]) : kNaN;
}

DateDays CellDate(const std::string& cell) {
  const Result<DateDays> d = ParseDate(cell);
  return d.ok() ? *d : kNullDate;
}

std::string SqlDate(DateDays date) { return fmt::format("DATE '{}'", FormatDate(date)); }

}  // namespace qtp::monitor
