// Helpers shared by the EDA sources (writers, panel, stored statistics); not part of the module's
// interface.
#pragma once

#include <cmath>
#include <string>

#include <fmt/format.h>

namespace qtp::eda::internal {

// Fixed-point text of x, or `missing` when x is NaN or infinite.
inline std::string Num(double x, int digits, const char* missing = "") {
  return std::isfinite(x) ? fmt::format("{:.{}f}", x, digits) : std::string(missing);
}

}  // namespace qtp::eda::internal
