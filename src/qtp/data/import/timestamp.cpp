#include "qtp/data/import/timestamp.h"

#include <charconv>
#include <chrono>
#include <exception>

#include <date/tz.h>
#include <fmt/format.h>

namespace qtp {
namespace {

constexpr int64_t kSecondsPerDay = 86'400;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// Parses 1..max_len digits at the front of `s`, advancing it.
bool TakeNumber(std::string_view& s, size_t min_len, size_t max_len, int64_t& out) {
  size_t n = 0;
  while (n < s.size() && n < max_len && IsDigit(s[n])) ++n;
  if (n < min_len) return false;
  out = 0;
  std::from_chars(s.data(), s.data() + n, out);
  s.remove_prefix(n);
  return true;
}

bool TakeChar(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

bool ValidCivil(int64_t y, int64_t m, int64_t d, DateDays& out) {
  if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  out = DaysFromCivil(static_cast<int>(y), static_cast<unsigned>(m), static_cast<unsigned>(d));
  const CivilDate back = CivilFromDays(out);
  return back.month == static_cast<unsigned>(m) && back.day == static_cast<unsigned>(d);
}

// Date part: YYYY-MM-DD, YYYY/M/D, M/D/YYYY (also with '-').
bool ParseDatePart(std::string_view& s, DateDays& out) {
  std::string_view probe = s;
  int64_t a = 0, b = 0, c = 0;
  if (!TakeNumber(probe, 1, 4, a)) return false;
  const size_t first_len = s.size() - probe.size();
  if (probe.empty() || (probe.front() != '-' && probe.front() != '/')) return false;
  const char sep = probe.front();
  probe.remove_prefix(1);
  if (!TakeNumber(probe, 1, 2, b) || !TakeChar(probe, sep)) return false;
  if (first_len == 4) {
    if (!TakeNumber(probe, 1, 2, c) || !ValidCivil(a, b, c, out)) return false;
  } else {
    if (first_len > 2 || !TakeNumber(probe, 4, 4, c) || !ValidCivil(c, a, b, out)) return false;
  }
  s = probe;
  return true;
}

// Time part: H:MM[:SS[.ffffff]].
bool ParseTimePart(std::string_view& s, int64_t& micros) {
  int64_t h = 0, m = 0, sec = 0;
  if (!TakeNumber(s, 1, 2, h) || !TakeChar(s, ':') || !TakeNumber(s, 2, 2, m)) return false;
  if (TakeChar(s, ':')) {
    if (!TakeNumber(s, 2, 2, sec)) return false;
  }
  int64_t frac = 0;
  if (TakeChar(s, '.')) {
    size_t n = 0;
    int64_t scale = 100'000;
    while (!s.empty() && IsDigit(s.front())) {
      if (n < 6) {
        frac += (s.front() - '0') * scale;
        scale /= 10;
      }
      ++n;
      s.remove_prefix(1);
    }
    if (n == 0) return false;
  }
  if (h > 23 || m > 59 || sec > 60) return false;
  micros = ((h * 60 + m) * 60 + sec) * kMicrosPerSecond + frac;
  return true;
}

// Offset: Z | UTC | ±HH | ±HH:MM | ±HHMM. Returns false on anything else.
bool ParseOffset(std::string_view s, int32_t& offset_seconds) {
  if (s == "Z" || s == "UTC") {
    offset_seconds = 0;
    return true;
  }
  if (s.empty() || (s.front() != '+' && s.front() != '-')) return false;
  const int sign = s.front() == '-' ? -1 : 1;
  s.remove_prefix(1);
  int64_t h = 0, m = 0;
  if (!TakeNumber(s, 2, 2, h)) return false;
  TakeChar(s, ':');
  if (!s.empty() && !TakeNumber(s, 2, 2, m)) return false;
  if (!s.empty() || h > 18 || m > 59) return false;
  offset_seconds = static_cast<int32_t>(sign * (h * 3600 + m * 60));
  return true;
}

Status BadTime(std::string_view text) {
  return Status::InvalidArgument(
      fmt::format("invalid date/time '{}' (expected YYYY-MM-DD, YYYY/M/D, M/D/YYYY or YYYYMMDD, optionally followed by "
                  "HH:MM[:SS] and an offset such as Z or -05:00, or Unix epoch seconds/milliseconds)",
                  text));
}

}  // namespace

Result<ParsedTime> ParseTimeCell(std::string_view text) {
  ParsedTime out;
  if (AllDigits(text)) {
    int64_t v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.size() == 8) {
      if (!ValidCivil(v / 10000, (v / 100) % 100, v % 100, out.date)) return BadTime(text);
      return out;
    }
    int64_t micros = 0;
    if (text.size() == 9 || text.size() == 10) {
      micros = v * kMicrosPerSecond;
    } else if (text.size() == 12 || text.size() == 13) {
      micros = v * 1000;
    } else {
      return BadTime(text);
    }
    out.basis = TimeBasis::kEpoch;
    out.has_time = true;
    out.date = DateOfTimestampUtc(micros);
    out.micros_of_day = micros - static_cast<int64_t>(out.date) * kMicrosPerDay;
    return out;
  }

  std::string_view s = text;
  if (!ParseDatePart(s, out.date)) return BadTime(text);
  if (s.empty()) return out;
  if (s.front() != ' ' && s.front() != 'T') return BadTime(text);
  s.remove_prefix(1);
  if (!ParseTimePart(s, out.micros_of_day)) return BadTime(text);
  out.has_time = true;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (s.empty()) return out;
  if (!ParseOffset(s, out.offset_seconds)) return BadTime(text);
  out.basis = TimeBasis::kOffset;
  return out;
}

Result<TimeZone> TimeZone::Locate(const std::string& name) {
  try {
    return TimeZone(date::locate_zone(name), name);
  } catch (const std::exception& e) {
    return Status::NotFound(fmt::format("unknown time zone '{}' (expected an IANA name such as America/New_York): {}",
                                        name, e.what()));
  }
}

TimestampUs TimeZone::LocalToUtc(DateDays day, int64_t micros_of_day) const {
  const int64_t whole_seconds = micros_of_day / kMicrosPerSecond;
  const int64_t sub = micros_of_day % kMicrosPerSecond;
  const date::local_seconds local{std::chrono::seconds(static_cast<int64_t>(day) * kSecondsPerDay + whole_seconds)};
  const auto sys = zone_->to_sys(local, date::choose::earliest);
  return static_cast<TimestampUs>(sys.time_since_epoch().count()) * kMicrosPerSecond + sub;
}

std::pair<DateDays, int64_t> TimeZone::UtcToLocal(TimestampUs ts) const {
  const int64_t seconds = ts >= 0 ? ts / kMicrosPerSecond : (ts - kMicrosPerSecond + 1) / kMicrosPerSecond;
  const int64_t sub = ts - seconds * kMicrosPerSecond;
  const auto local = zone_->to_local(date::sys_seconds{std::chrono::seconds(seconds)});
  const int64_t local_seconds = local.time_since_epoch().count();
  const int64_t day = local_seconds >= 0 ? local_seconds / kSecondsPerDay
                                         : (local_seconds - kSecondsPerDay + 1) / kSecondsPerDay;
  return {static_cast<DateDays>(day), (local_seconds - day * kSecondsPerDay) * kMicrosPerSecond + sub};
}

TimestampUs ToUtc(const ParsedTime& time, const TimeZone& zone) {
  const TimestampUs wall = static_cast<TimestampUs>(time.date) * kMicrosPerDay + time.micros_of_day;
  switch (time.basis) {
    case TimeBasis::kNaive:
      return zone.LocalToUtc(time.date, time.micros_of_day);
    case TimeBasis::kOffset:
      return wall - static_cast<TimestampUs>(time.offset_seconds) * kMicrosPerSecond;
    case TimeBasis::kEpoch:
      return wall;
  }
  return wall;
}

}  // namespace qtp
