// Rows of a Table in PostgreSQL's COPY text format (one line per row, tab-separated, \N for NULL,
// backslash escapes), so bulk rows reach the server through COPY instead of one INSERT each.
#pragma once

#include <string>
#include <string_view>

#include "qtp/core/table.h"

namespace qtp::pg {

// Backslash, tab, newline and carriage return escaped as COPY's text format requires.
std::string CopyEscape(std::string_view text);

// Row `row` of `table` as one COPY line (no trailing newline). NULLs of the table's conventions
// (NaN, kNullDate, kNullInt64, and "" in a nullable string column: the store keeps no NULL
// strings) become \N; doubles are written exactly (shortest round-trip text),
// infinities as Infinity / -Infinity; dates as YYYY-MM-DD; timestamps as UTC ISO 8601.
std::string CopyLine(const Table& table, size_t row);

}  // namespace qtp::pg
