#include "qtp/core/time.h"

#include <charconv>
#include <chrono>

#include <fmt/format.h>

namespace qtp {

Result<DateDays> ParseDate(std::string_view text) {
  int y = 0;
  unsigned m = 0, d = 0;
  auto bad = [&] { return Status::InvalidArgument(fmt::format("invalid date '{}' (expected YYYY-MM-DD)", text)); };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  // Every field must be digits only: from_chars stops at the first non-digit, so a check of the end
  // pointer is what rejects "2024-1x-05" or "20x4-01-05".
  const char* p = text.data();
  const auto whole = [](const char* first, const char* last, auto& value) {
    const std::from_chars_result r = std::from_chars(first, last, value);
    return r.ec == std::errc{} && r.ptr == last && *first != '-' && *first != '+';
  };
  if (!whole(p, p + 4, y) || !whole(p + 5, p + 7, m) || !whole(p + 8, p + 10, d)) return bad();
  if (m < 1 || m > 12 || d < 1 || d > 31) return bad();
  const DateDays days = DaysFromCivil(y, m, d);
  const CivilDate back = CivilFromDays(days);
  if (back.month != m || back.day != d) return bad();  // e.g. 2021-02-30
  return days;
}

std::string FormatDate(DateDays date) {
  const CivilDate c = CivilFromDays(date);
  return fmt::format("{:04d}-{:02d}-{:02d}", c.year, c.month, c.day);
}

std::string FormatTimestampUtc(TimestampUs ts) {
  const DateDays day = DateOfTimestampUtc(ts);
  const int64_t in_day = ts - static_cast<int64_t>(day) * kMicrosPerDay;
  const int64_t secs = in_day / kMicrosPerSecond;
  const int64_t micros = in_day % kMicrosPerSecond;
  std::string out = fmt::format("{}T{:02d}:{:02d}:{:02d}", FormatDate(day), secs / 3600, (secs / 60) % 60, secs % 60);
  if (micros != 0) out += fmt::format(".{:06d}", micros);
  return out + "Z";
}

TimestampUs NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace qtp
