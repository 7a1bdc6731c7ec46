// Time representation shared by every stage.
//   TimestampUs: microseconds since the Unix epoch, a UTC instant (DuckDB TIMESTAMPTZ's unit).
//   DateDays:    days since 1970-01-01, a civil date with no zone (DuckDB DATE's unit).
// Exchange-local conversions (America/New_York) live in calendar/, not here.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "qtp/core/status.h"

namespace qtp {

using TimestampUs = int64_t;
using DateDays = int32_t;

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;
// Null sentinels for nullable integer columns (doubles use NaN).
inline constexpr DateDays kNullDate = std::numeric_limits<int32_t>::min();
inline constexpr int64_t kNullInt64 = std::numeric_limits<int64_t>::min();

struct CivilDate {
  int year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
constexpr DateDays DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

constexpr CivilDate CivilFromDays(DateDays z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

// 0 = Sunday .. 6 = Saturday.
constexpr unsigned WeekdayFromDays(DateDays z) { return static_cast<unsigned>(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6); }

constexpr int YearOfDays(DateDays z) { return CivilFromDays(z).year; }

inline constexpr DateDays DateOfTimestampUtc(TimestampUs ts) {
  return static_cast<DateDays>(ts >= 0 ? ts / kMicrosPerDay : (ts - kMicrosPerDay + 1) / kMicrosPerDay);
}

// "YYYY-MM-DD"; InvalidArgument otherwise (names the text).
Result<DateDays> ParseDate(std::string_view text);
std::string FormatDate(DateDays date);
// "YYYY-MM-DDTHH:MM:SSZ" (UTC, seconds precision; sub-second part appended when non-zero).
std::string FormatTimestampUtc(TimestampUs ts);
// The wall clock, in microseconds since the epoch.
TimestampUs NowUs();

}  // namespace qtp
