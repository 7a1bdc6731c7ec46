// The quiet NaN the tests use for missing values (one definition, so test files can share a unity batch).
#pragma once

#include <limits>

namespace qtp::test_util {

inline constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

}  // namespace qtp::test_util
