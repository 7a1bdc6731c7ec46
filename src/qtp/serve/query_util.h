// Shared pieces of the API's SQL: paging a query with bound values and the select lists that
// render dates the way the API writes them. SQL text here comes from the code and the dataset
// specs only; what a request supplies is always a bound value.
#pragma once

#include <string>
#include <vector>

#include "qtp/core/table.h"
#include "qtp/serve/store_access.h"

namespace qtp::serve {

// SELECT <columns> FROM <from> ORDER BY <order_by>, in pieces so that the page and the count of
// all rows come from one query.
struct PagedSelect {
  std::string columns;
  std::string from;  // the table and its WHERE clause
  std::string order_by;
};
struct PagedRows {
  QueryRows rows;
  int64_t total = 0;
};
// `select` with `params` bound: the rows of `page` and the count of all rows.
Result<PagedRows> QueryPage(StoreAccess& store, const PagedSelect& select, std::vector<duck::QueryParam> params,
                            const Page& page);

// `column` AS itself, dates as YYYY-MM-DD, timestamps as ISO 8601 UTC (YYYY-MM-DDTHH:MM:SSZ).
std::string SelectColumn(const ColumnSpec& column);
// The select list of `spec`'s columns except `exclude`.
std::string SelectList(const TableSpec& spec, const std::vector<std::string>& exclude);

}  // namespace qtp::serve
