// The NYSE trading calendar: regular sessions 09:30–16:00 America/New_York, early closes at 13:00,
// full-day holidays and special closures (weather, national mourning), with DST handled through the
// system tz database (Howard Hinnant's date/tz). Rule-based for 1990–2040 plus an explicit list of
// one-off closures, so no network and no data file is needed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "qtp/core/time.h"

namespace qtp {

struct TradingSession {
  DateDays date = 0;          // exchange (New York) date
  TimestampUs open_utc = 0;   // 09:30 ET as a UTC instant
  TimestampUs close_utc = 0;  // 16:00 ET, or 13:00 ET on early-close days
  bool early_close = false;
  // Number of bars of `bar_minutes` in the session (78 five-minute bars on a full day, 42 on an early close).
  int NumBars(int bar_minutes = 5) const;
};

class NyseCalendar {
 public:
  static constexpr int kFirstYear = 1990;
  static constexpr int kLastYear = 2040;

  // The process-wide instance (immutable, built once, thread-safe to read).
  static const NyseCalendar& Get();

  // Dates outside [kFirstYear, kLastYear] are not trading days.
  bool IsTradingDay(DateDays date) const;
  std::optional<TradingSession> Session(DateDays date) const;
  // Holiday or special-closure name ("Thanksgiving Day", "Hurricane Sandy") for a weekday closure.
  std::optional<std::string> ClosureName(DateDays date) const;
  bool IsEarlyClose(DateDays date) const;

  // Trading days in [first, last], ascending.
  std::vector<DateDays> TradingDays(DateDays first, DateDays last) const;
  // Strictly after / before `date` (which need not be a trading day).
  DateDays NextTradingDay(DateDays date) const;
  DateDays PreviousTradingDay(DateDays date) const;

  // New York civil date of a UTC instant.
  static DateDays ExchangeDate(TimestampUs ts);
  // UTC instant of New York wall-clock time `minutes_after_midnight` on `date`.
  static TimestampUs ExchangeTimeToUtc(DateDays date, int minutes_after_midnight);
  // Minutes after New York midnight of a UTC instant (fractional minutes truncated).
  static int ExchangeMinuteOfDay(TimestampUs ts);

  // Start instants of every `bar_minutes` bar of the session on `date` (empty if closed).
  std::vector<TimestampUs> BarStarts(DateDays date, int bar_minutes = 5) const;
  // True when a bar starting at `ts` with length `bar_minutes` lies entirely inside its date's session.
  bool IsRegularSessionBar(TimestampUs ts, int bar_minutes = 5) const;

 private:
  NyseCalendar();
  std::vector<uint8_t> status_;  // per day since kFirstYear-01-01: 0 closed, 1 full day, 2 early close
  DateDays first_day_ = 0;
};

}  // namespace qtp
