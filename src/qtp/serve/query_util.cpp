#include "qtp/serve/query_util.h"

#include <algorithm>

#include <fmt/format.h>

namespace qtp::serve {

Result<PagedRows> QueryPage(StoreAccess& store, const PagedSelect& select, std::vector<duck::QueryParam> params,
                            const Page& page) {
  const size_t n = params.size();
  std::vector<duck::QueryParam> paged = params;
  paged.emplace_back(page.limit);
  paged.emplace_back(page.offset);
  // The total rides along as a last column (the window is computed before ORDER BY and LIMIT).
  QTP_ASSIGN_OR_RETURN(QueryRows rows,
                       store.Query(fmt::format("SELECT {}, count(*) OVER () AS qtp_total FROM {} ORDER BY {} LIMIT ${} "
                                               "OFFSET ${}",
                                               select.columns, select.from, select.order_by, n + 1, n + 2),
                                   paged));
  PagedRows out;
  if (!rows.rows.empty()) {
    out.total = std::stoll(rows.rows.front().back());
    rows.columns.pop_back();
    for (std::vector<std::string>& row : rows.rows) row.pop_back();
    out.rows = std::move(rows);
    return out;
  }
  out.rows = std::move(rows);
  out.rows.columns.pop_back();
  if (page.offset == 0 && page.limit > 0) return out;  // nothing matches
  // An empty page past the end (or limit 0) says nothing about the total: count.
  QTP_ASSIGN_OR_RETURN(QueryRows count, store.Query(fmt::format("SELECT count(*) FROM {}", select.from), params));
  if (count.rows.size() != 1) return Status::Internal("count query returned no row");
  out.total = std::stoll(count.rows[0][0]);
  return out;
}

std::string SelectColumn(const ColumnSpec& column) {
  const std::string name = duck::SqlIdentifier(column.name);
  switch (column.type) {
    case ColumnType::kDate:
      return fmt::format("strftime({0}, '%Y-%m-%d') AS {0}", name);
    case ColumnType::kTimestamp:
      return fmt::format("strftime({0}, '%Y-%m-%dT%H:%M:%SZ') AS {0}", name);
    default:
      return name;
  }
}

std::string SelectList(const TableSpec& spec, const std::vector<std::string>& exclude) {
  std::string out;
  for (const ColumnSpec& c : spec.columns) {
    if (std::find(exclude.begin(), exclude.end(), c.name) != exclude.end()) continue;
    out += (out.empty() ? "" : ", ") + SelectColumn(c);
  }
  return out;
}

}  // namespace qtp::serve
