// Reading SQL results of the store (Store::Query hands every cell over as text) in the monitor's
// modules: whole results, the first row, and the cells as numbers and dates.
#pragma once

#include <string>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/time.h"
#include "qtp/data/store/store.h"

namespace qtp::monitor {

using QueryResultRows = std::vector<std::vector<std::string>>;

// Every row of `sql` (its placeholders $1, $2, ... bound to `params`).
Result<QueryResultRows> QueryRows(const Store& store, const std::string& sql,
                                  const std::vector<duck::QueryParam>& params = {});
// The first row of `sql`; empty when there is none.
Result<std::vector<std::string>> FirstRow(const Store& store, const std::string& sql,
                                          const std::vector<duck::QueryParam>& params = {});

// A cell as a number: NaN for NULL, an empty or a missing cell, or text that is not a number.
double CellNumber(const std::vector<std::string>& row, size_t column);
double CellNumber(const std::string& cell);
// A YYYY-MM-DD cell as a date: kNullDate for NULL or anything else.
DateDays CellDate(const std::string& cell);

// `date` as a SQL date literal: DATE 'YYYY-MM-DD' (a parsed date formatted back: no outside text).
std::string SqlDate(DateDays date);

}  // namespace qtp::monitor
