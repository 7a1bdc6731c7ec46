// Rule tables behind NyseCalendar (private to calendar/). Pure functions of the date: no tz, no state.
#pragma once

#include "qtp/core/time.h"

namespace qtp::calendar_internal {

// Gregorian Easter Sunday of `year` (anonymous Gregorian computus, Meeus/Jones/Butcher).
DateDays EasterSunday(int year);

// `n`-th (1-based) `weekday` (0 = Sunday) of a month; LastWeekdayOfMonth for the last one.
DateDays NthWeekdayOfMonth(int year, unsigned month, unsigned weekday, int n);
DateDays LastWeekdayOfMonth(int year, unsigned month, unsigned weekday);

// Why the NYSE is closed on weekday `date` ("Good Friday", "Hurricane Sandy"), or nullptr when it is
// scheduled to trade. Valid for NyseCalendar::kFirstYear..kLastYear; weekends are not handled here.
const char* ClosureReason(DateDays date);

struct SessionMinutes {
  int open_minute;   // minutes after New York midnight
  int close_minute;
};
// Session hours of a weekday on which ClosureReason() is nullptr: regular, holiday early close, or one
// of the listed irregular sessions.
SessionMinutes SessionHours(DateDays date);

}  // namespace qtp::calendar_internal
