// The NYSE trading calendar: regular sessions 09:30–16:00 America/New_York, early closes at 13:00,
// full-day holidays and special closures (weather, national mourning), with DST handled through the
// system tz database (Howard Hinnant's date/tz). Rule-based for 1990–2040 plus an explicit list of
// one-off closures and irregular sessions, so no network and no data file is needed. The rules, their
// sources and the full list of exceptions are in docs/calendar.md.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "qtp/core/time.h"

namespace qtp {

struct TradingSession {
  DateDays date = 0;          // exchange (New York) date
  TimestampUs open_utc = 0;   // 09:30 ET as a UTC instant (later on the few pre-2003 late-open days)
  TimestampUs close_utc = 0;  // 16:00 ET, or 13:00 ET on early-close days (14:00 before 1993, other
                              // times on a few unscheduled early closes; see docs/calendar.md)
  bool early_close = false;   // close earlier than 16:00 ET
  // Number of whole bars of `bar_minutes` in the session (78 five-minute bars on a full day, 42 on a
  // 13:00 early close); 0 when bar_minutes <= 0.
  int NumBars(int bar_minutes = 5) const;
};

class NyseCalendar {
 public:
  static constexpr int kFirstYear = 1990;
  static constexpr int kLastYear = 2040;
  // Regular session and early close, minutes after New York midnight.
  static constexpr int kRegularOpenMinute = 9 * 60 + 30;
  static constexpr int kRegularCloseMinute = 16 * 60;
  static constexpr int kEarlyCloseMinute = 13 * 60;
  // Returned by NextTradingDay / PreviousTradingDay when no trading day lies in that direction inside
  // the covered years. Chosen so that `d <= last` / `d >= first` loops terminate.
  static constexpr DateDays kNoNextTradingDay = std::numeric_limits<DateDays>::max();
  static constexpr DateDays kNoPreviousTradingDay = kNullDate;

  // The process-wide instance (immutable, built once, thread-safe to read).
  static const NyseCalendar& Get();

  // Dates outside [kFirstYear, kLastYear] are not trading days.
  bool IsTradingDay(DateDays date) const;
  std::optional<TradingSession> Session(DateDays date) const;
  // Holiday or special-closure name ("Thanksgiving Day", "Hurricane Sandy") for a weekday closure;
  // nullopt for trading days, weekends and dates outside the covered years.
  std::optional<std::string> ClosureName(DateDays date) const;
  bool IsEarlyClose(DateDays date) const;

  // Trading days in [first, last], ascending.
  std::vector<DateDays> TradingDays(DateDays first, DateDays last) const;
  // Strictly after / before `date` (which need not be a trading day); kNoNextTradingDay /
  // kNoPreviousTradingDay when there is none inside the covered years.
  DateDays NextTradingDay(DateDays date) const;
  DateDays PreviousTradingDay(DateDays date) const;

  // The conversions below are exact to the microsecond and thread-safe. They read a per-day table built
  // once from the system tz database (date/tz) for [kFirstYear - 1, kLastYear + 1], and compute other
  // days on demand; after the tz files' last listed transition (2037) the US DST rule of 2007 is
  // applied. The first call aborts with a message if the tz database has no America/New_York (an
  // installation error, not a data error). `ts` must be a real instant, not kNullInt64.
  //
  // New York civil date of a UTC instant.
  static DateDays ExchangeDate(TimestampUs ts);
  // UTC instant of New York wall-clock time `minutes_after_midnight` on `date` (values outside
  // [0, 1440) roll over into neighbouring dates). A wall time repeated by the autumn switch maps to its
  // first (daylight-time) instant; one skipped by the spring switch maps to the switch instant.
  static TimestampUs ExchangeTimeToUtc(DateDays date, int minutes_after_midnight);
  // Minutes after New York midnight of a UTC instant (fractional minutes truncated), by wall clock.
  static int ExchangeMinuteOfDay(TimestampUs ts);

  // Start instants of every `bar_minutes` bar of the session on `date` (empty if closed).
  std::vector<TimestampUs> BarStarts(DateDays date, int bar_minutes = 5) const;
  // True when a bar starting at `ts` with length `bar_minutes` lies entirely inside its date's session.
  bool IsRegularSessionBar(TimestampUs ts, int bar_minutes = 5) const;

 private:
  // Session hours of one day in minutes after New York midnight; close_minute == 0 means closed.
  struct DayHours {
    int16_t open_minute = 0;
    int16_t close_minute = 0;
  };

  NyseCalendar();
  const DayHours* Hours(DateDays date) const;  // nullptr outside the covered years
  TradingSession MakeSession(DateDays date, const DayHours& hours) const;

  std::vector<DayHours> days_;  // one per day since kFirstYear-01-01 through kLastYear-12-31
  DateDays first_day_ = 0;
};

}  // namespace qtp
