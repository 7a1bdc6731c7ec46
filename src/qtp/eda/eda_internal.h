// Helpers shared by the EDA sources (writers, panel, stored statistics); not part of the module's
// interface.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "qtp/core/table.h"

namespace qtp::eda::internal {

// Fixed-point text of x, or `missing` when x is NaN or infinite.
inline std::string Num(double x, int digits, const char* missing = "") {
  return std::isfinite(x) ? fmt::format("{:.{}f}", x, digits) : std::string(missing);
}

// `spec` reduced to `columns` (in that order): Store::Read with it reads only those columns of each
// file. The Table it returns points at the spec, which must outlive it.
inline TableSpec Projection(const TableSpec& spec, const std::vector<std::string>& columns) {
  TableSpec out = spec;
  out.columns.clear();
  for (const std::string& name : columns) {
    out.columns.push_back(spec.columns.at(static_cast<size_t>(spec.ColumnIndex(name))));
  }
  return out;
}

}  // namespace qtp::eda::internal
