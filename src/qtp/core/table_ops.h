// Row-wise operations on Tables that the store's merge and the ingest path share.
// Comparisons treat NULL (NaN / sentinel) as equal to NULL and smaller than any value, so that
// keys with nullable columns still order totally.
#pragma once

#include <cstddef>
#include <vector>

#include "qtp/core/table.h"

namespace qtp {

// <0, 0, >0 comparing row i of a with row j of b on `columns` (indices into the shared spec).
int CompareRows(const Table& a, size_t i, const Table& b, size_t j, const std::vector<int>& columns);
// All columns equal (NaN == NaN).
bool RowsEqual(const Table& a, size_t i, const Table& b, size_t j);
// Indices of spec.key in spec.columns.
std::vector<int> KeyColumns(const TableSpec& spec);

void AppendRow(Table& out, const Table& in, size_t row);
// Appends every row of `rows` (same spec) to `out`, moving the values.
void AppendRows(Table& out, Table rows);
// The first row whose `date` column is on or after `date`, in a table sorted by date first
// (num_rows() when there is none).
size_t FirstRowOnOrAfter(const Table& t, DateDays date);
// Rows [begin, end) as a new table.
Table SliceRows(const Table& in, size_t begin, size_t end);
// Rows in the order of `order` (a permutation or a selection).
Table TakeRows(const Table& in, const std::vector<size_t>& order);
// True when `columns` is one integer column (time keys) whose values strictly increase: the table
// is sorted and unique by it. A typed check, so the common case costs one pass and no dispatch.
bool StrictlyIncreasingIntegerKey(const Table& t, const std::vector<int>& columns);
// Stable sort permutation by `columns`; empty when already sorted (the common case, no copy).
std::vector<size_t> SortOrder(const Table& t, const std::vector<int>& columns);

}  // namespace qtp
