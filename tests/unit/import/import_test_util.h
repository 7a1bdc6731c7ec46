// Helpers shared by the import tests.
#pragma once

#include <cstdint>

#include "qtp/core/time.h"

namespace qtp::import_testing {

inline constexpr int64_t kHour = 60 * kMicrosPerMinute;

// The UTC instant of a calendar date and wall-clock time.
inline TimestampUs Utc(int y, unsigned m, unsigned d, int hh, int mm) {
  return static_cast<TimestampUs>(DaysFromCivil(y, m, d)) * kMicrosPerDay + hh * kHour + mm * kMicrosPerMinute;
}

}  // namespace qtp::import_testing
