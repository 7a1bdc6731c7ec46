// New York wall clock <-> UTC. Each local day is described by its midnight instant, its UTC offset and,
// on the two DST switch days a year, the switch instant and the new offset. Days in the table range are
// computed once (one tz lookup per day); other days are computed on demand the same way. Conversions
// are integer arithmetic on that description (they run once per bar).
//
// The system tz database (binary TZif files, read by date/tz with USE_OS_TZDB) lists explicit
// transitions only up to 2037 and encodes later years in a POSIX-TZ footer that date/tz ignores, so it
// reports standard time all year from 2038. Past the last listed transition we apply the footer's rule
// for America/New_York, which is the US rule in force since 2007 (EST5EDT,M3.2.0,M11.1.0).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>
#include <vector>

#include <date/tz.h>

#include "qtp/calendar/calendar_internal.h"
#include "qtp/calendar/nyse_calendar.h"

namespace qtp {
namespace {

using Micros = std::chrono::microseconds;
constexpr int kMinutesPerDay = 24 * 60;
constexpr TimestampUs kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr TimestampUs kNoSwitch = std::numeric_limits<TimestampUs>::max();
constexpr TimestampUs kEst = -5 * kMicrosPerHour;
constexpr TimestampUs kEdt = -4 * kMicrosPerHour;

struct LocalDay {
  TimestampUs midnight_utc = 0;       // UTC instant of 00:00 New York time
  TimestampUs switch_utc = kNoSwitch;  // DST switch instant inside the day, if any
  TimestampUs offset_before = 0;       // UTC offset (local - UTC) before switch_utc
  TimestampUs offset_after = 0;        // ... and from switch_utc on (== offset_before on most days)
};

// US rule since 2007: DST from the second Sunday in March to the first Sunday in November, switching
// at 02:00 local time (07:00 UTC in March, 06:00 UTC in November).
LocalDay RuleDay(DateDays date) {
  const int year = CivilFromDays(date).year;
  const DateDays start = calendar_internal::NthWeekdayOfMonth(year, 3, 0, 2);
  const DateDays end = calendar_internal::NthWeekdayOfMonth(year, 11, 0, 1);
  const TimestampUs day_start = static_cast<TimestampUs>(date) * kMicrosPerDay;
  LocalDay day;
  day.offset_before = date > start && date <= end ? kEdt : kEst;
  day.offset_after = day.offset_before;
  if (date == start) {
    day.switch_utc = day_start + 7 * kMicrosPerHour;
    day.offset_after = kEdt;
  } else if (date == end) {
    day.switch_utc = day_start + 6 * kMicrosPerHour;
    day.offset_after = kEst;
  }
  day.midnight_utc = day_start - day.offset_before;
  return day;
}

class Zone {
 public:
  static const Zone& Get() {
    static const Zone zone;
    return zone;
  }

  const LocalDay& Find(DateDays date, LocalDay& scratch) const {
    if (date >= first_ && date <= last_) {
      return days_[static_cast<size_t>(date - first_)];
    }
    scratch = Compute(date);
    return scratch;
  }

 private:
  Zone() {
    try {
      zone_ = date::locate_zone("America/New_York");
      const auto far = date::sys_days{date::days{DaysFromCivil(2200, 1, 1)}};
      const date::sys_info tail = zone_->get_info(far);
      // Extrapolate only when the listed transitions end in standard time (the truncated-file case).
      if (tail.offset.count() * kMicrosPerSecond == kEst) {
        const TimestampUs last_switch = std::chrono::duration_cast<Micros>(tail.begin.time_since_epoch()).count();
        rule_from_ = DaysFromCivil(CivilFromDays(DateOfTimestampUtc(last_switch)).year + 1, 1, 1);
      }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "qtp: fatal: time zone America/New_York unavailable (tz database): %s\n", e.what());
      std::abort();
    }
    first_ = DaysFromCivil(NyseCalendar::kFirstYear - 1, 1, 1);
    last_ = DaysFromCivil(NyseCalendar::kLastYear + 1, 12, 31);
    days_.reserve(static_cast<size_t>(last_ - first_ + 1));
    for (DateDays date = first_; date <= last_; ++date) {
      days_.push_back(Compute(date));
    }
  }

  // Offset at New York midnight of `date` (NY switches at 02:00, so midnight is always unique).
  TimestampUs MidnightOffset(DateDays date) const {
    return zone_->get_info(date::local_days{date::days{date}}).first.offset.count() * kMicrosPerSecond;
  }

  LocalDay Compute(DateDays date) const {
    if (date >= rule_from_) {
      return RuleDay(date);
    }
    LocalDay day;
    const date::local_info info = zone_->get_info(date::local_days{date::days{date}});
    day.offset_before = info.first.offset.count() * kMicrosPerSecond;
    day.offset_after = MidnightOffset(date + 1);
    day.midnight_utc = static_cast<TimestampUs>(date) * kMicrosPerDay - day.offset_before;
    if (day.offset_after != day.offset_before) {
      day.switch_utc = std::chrono::duration_cast<Micros>(info.first.end.time_since_epoch()).count();
    }
    return day;
  }

  const date::time_zone* zone_ = nullptr;
  DateDays rule_from_ = std::numeric_limits<DateDays>::max();
  DateDays first_ = 0;
  DateDays last_ = 0;
  std::vector<LocalDay> days_;
};

int FloorDiv(int a, int b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

DateDays NyseCalendar::ExchangeDate(TimestampUs ts) {
  // New York is behind UTC, so the local date is the UTC date or the day before.
  const DateDays utc_date = DateOfTimestampUtc(ts);
  LocalDay scratch;
  return ts >= Zone::Get().Find(utc_date, scratch).midnight_utc ? utc_date : utc_date - 1;
}

int NyseCalendar::ExchangeMinuteOfDay(TimestampUs ts) {
  const DateDays local_date = ExchangeDate(ts);
  LocalDay scratch;
  const LocalDay& day = Zone::Get().Find(local_date, scratch);
  const TimestampUs offset = ts < day.switch_utc ? day.offset_before : day.offset_after;
  const TimestampUs wall = ts + offset - static_cast<TimestampUs>(local_date) * kMicrosPerDay;
  return static_cast<int>(wall / kMicrosPerMinute);
}

TimestampUs NyseCalendar::ExchangeTimeToUtc(DateDays date, int minutes_after_midnight) {
  const int day_shift = FloorDiv(minutes_after_midnight, kMinutesPerDay);
  date += day_shift;
  const int minute = minutes_after_midnight - day_shift * kMinutesPerDay;
  const TimestampUs wall = static_cast<TimestampUs>(minute) * kMicrosPerMinute;
  LocalDay scratch;
  const LocalDay& day = Zone::Get().Find(date, scratch);
  if (day.switch_utc == kNoSwitch) {
    return day.midnight_utc + wall;
  }
  // Switch day: the wall time read with the old offset is valid before the switch, with the new offset
  // from the switch on. Both valid (autumn repeat): take the earlier; neither (spring gap): the switch.
  const TimestampUs local = static_cast<TimestampUs>(date) * kMicrosPerDay + wall;
  const TimestampUs with_before = local - day.offset_before;
  if (with_before < day.switch_utc) {
    return with_before;
  }
  const TimestampUs with_after = local - day.offset_after;
  return with_after >= day.switch_utc ? with_after : day.switch_utc;
}

}  // namespace qtp
