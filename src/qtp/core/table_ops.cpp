#include "qtp/core/table_ops.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace qtp {
namespace {

template <typename T>
bool IsNullValue(const T& v) {
  if constexpr (std::is_same_v<T, double>) {
    return std::isnan(v);
  } else if constexpr (std::is_same_v<T, int32_t>) {
    return v == kNullDate;
  } else if constexpr (std::is_same_v<T, int64_t>) {
    return v == kNullInt64;
  } else {
    return false;
  }
}

template <typename T>
int CompareValues(const T& x, const T& y) {
  const bool nx = IsNullValue(x), ny = IsNullValue(y);
  if (nx || ny) return nx == ny ? 0 : (nx ? -1 : 1);
  if (x < y) return -1;
  if (y < x) return 1;
  return 0;
}

int CompareColumn(const ColumnData& a, size_t i, const ColumnData& b, size_t j) {
  return std::visit(
      [&](const auto& va) {
        using V = std::decay_t<decltype(va)>;
        return CompareValues(va[i], std::get<V>(b)[j]);
      },
      a);
}

}  // namespace

int CompareRows(const Table& a, size_t i, const Table& b, size_t j, const std::vector<int>& columns) {
  for (int c : columns) {
    const int r = CompareColumn(a.columns()[c], i, b.columns()[c], j);
    if (r != 0) return r;
  }
  return 0;
}

bool RowsEqual(const Table& a, size_t i, const Table& b, size_t j) {
  for (size_t c = 0; c < a.columns().size(); ++c) {
    if (CompareColumn(a.columns()[c], i, b.columns()[c], j) != 0) return false;
  }
  return true;
}

std::vector<int> KeyColumns(const TableSpec& spec) {
  std::vector<int> key;
  for (const std::string& name : spec.key) {
    const int idx = spec.ColumnIndex(name);
    if (idx < 0) throw std::logic_error("key column " + name + " missing from spec " + spec.name);
    key.push_back(idx);
  }
  return key;
}

void AppendRow(Table& out, const Table& in, size_t row) {
  for (size_t c = 0; c < in.columns().size(); ++c) {
    std::visit(
        [&](const auto& src) {
          using V = std::decay_t<decltype(src)>;
          std::get<V>(out.columns()[c]).push_back(src[row]);
        },
        in.columns()[c]);
  }
}

void AppendRows(Table& out, Table rows) {
  for (size_t c = 0; c < out.columns().size(); ++c) {
    std::visit(
        [&](auto& dst) {
          auto& src = std::get<std::decay_t<decltype(dst)>>(rows.columns()[c]);
          dst.insert(dst.end(), std::make_move_iterator(src.begin()), std::make_move_iterator(src.end()));
        },
        out.columns()[c]);
  }
}

size_t FirstRowOnOrAfter(const Table& t, DateDays date) {
  const auto& dates = t.Column<int32_t>("date");
  return static_cast<size_t>(std::lower_bound(dates.begin(), dates.end(), date) - dates.begin());
}

Table SliceRows(const Table& in, size_t begin, size_t end) {
  Table out(in.spec());
  for (size_t c = 0; c < in.columns().size(); ++c) {
    std::visit(
        [&](const auto& src) {
          using V = std::decay_t<decltype(src)>;
          out.columns()[c] = V(src.begin() + static_cast<std::ptrdiff_t>(begin),
                               src.begin() + static_cast<std::ptrdiff_t>(end));
        },
        in.columns()[c]);
  }
  return out;
}

Table TakeRows(const Table& in, const std::vector<size_t>& order) {
  Table out(in.spec());
  for (size_t c = 0; c < in.columns().size(); ++c) {
    std::visit(
        [&](const auto& src) {
          using V = std::decay_t<decltype(src)>;
          V dst;
          dst.reserve(order.size());
          for (size_t i : order) dst.push_back(src[i]);
          out.columns()[c] = std::move(dst);
        },
        in.columns()[c]);
  }
  return out;
}

bool StrictlyIncreasingIntegerKey(const Table& t, const std::vector<int>& columns) {
  if (columns.size() != 1) return false;
  return std::visit(
      [](const auto& v) {
        using T = typename std::decay_t<decltype(v)>::value_type;
        if constexpr (std::is_integral_v<T>) {
          for (size_t i = 1; i < v.size(); ++i) {
            if (!(v[i - 1] < v[i])) return false;
          }
          return true;
        } else {
          return false;
        }
      },
      t.columns()[columns[0]]);
}

std::vector<size_t> SortOrder(const Table& t, const std::vector<int>& columns) {
  const size_t n = t.num_rows();
  bool sorted = true;
  for (size_t i = 1; i < n && sorted; ++i) sorted = CompareRows(t, i - 1, t, i, columns) <= 0;
  if (sorted) return {};
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return CompareRows(t, x, t, y, columns) < 0; });
  return order;
}

}  // namespace qtp
