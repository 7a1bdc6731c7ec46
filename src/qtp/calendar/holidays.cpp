// NYSE holiday, special-closure and early-close rules for 1990–2040. Sources and the reasoning behind
// each rule are in docs/calendar.md; the day lists below are the complete set of exceptions.
#include <array>

#include "qtp/calendar/calendar_internal.h"
#include "qtp/calendar/nyse_calendar.h"

namespace qtp::calendar_internal {
namespace {

constexpr unsigned kSunday = 0;
constexpr unsigned kMonday = 1;
constexpr unsigned kTuesday = 2;
constexpr unsigned kWednesday = 3;
constexpr unsigned kThursday = 4;
constexpr unsigned kFriday = 5;
constexpr unsigned kSaturday = 6;

struct NamedDay {
  int year;
  unsigned month;
  unsigned day;
  const char* name;
};

// Unscheduled full-day closures since 1990 (NYSE closings history; national days of mourning).
constexpr std::array<NamedDay, 11> kSpecialClosures = {{
    {1994, 4, 27, "National Day of Mourning for Richard Nixon"},
    {2001, 9, 11, "September 11 attacks"},
    {2001, 9, 12, "September 11 attacks"},
    {2001, 9, 13, "September 11 attacks"},
    {2001, 9, 14, "September 11 attacks"},
    {2004, 6, 11, "National Day of Mourning for Ronald Reagan"},
    {2007, 1, 2, "National Day of Mourning for Gerald Ford"},
    {2012, 10, 29, "Hurricane Sandy"},
    {2012, 10, 30, "Hurricane Sandy"},
    {2018, 12, 5, "National Day of Mourning for George H. W. Bush"},
    {2025, 1, 9, "National Day of Mourning for Jimmy Carter"},
}};

struct IrregularSession {
  int year;
  unsigned month;
  unsigned day;
  int open_minute;
  int close_minute;
};

constexpr int kOpen = NyseCalendar::kRegularOpenMinute;
constexpr int kClose = NyseCalendar::kRegularCloseMinute;
constexpr int kEarly = NyseCalendar::kEarlyCloseMinute;
constexpr int kEarlyBefore1993 = 14 * 60;

// One-off sessions whose hours differ from the rules by at least one five-minute bar. Shorter delays
// (moments of silence that opened at 09:31–09:33, the 15:56 close of 2005-06-01) are deliberately not
// modelled: they do not move any bar boundary of a 5-minute grid that data vendors publish.
constexpr std::array<IrregularSession, 7> kIrregularSessions = {{
    {1994, 2, 11, kOpen, 14 * 60 + 30},   // snowstorm, 14:30 close
    {1995, 12, 18, 10 * 60 + 30, kClose},  // computer problems, 10:30 open
    {1996, 1, 8, 11 * 60, 14 * 60},        // blizzard, 11:00 open and 14:00 close
    {1997, 10, 27, kOpen, 15 * 60 + 30},   // second circuit-breaker halt closed the market at 15:30
    {1997, 12, 26, kOpen, kEarly},         // day after Christmas (Friday)
    {2002, 9, 11, 12 * 60, kClose},        // first anniversary of September 11, 12:00 open
    {2003, 12, 26, kOpen, kEarly},         // day after Christmas (Friday)
}};

// Weekend holidays move to the adjacent weekday: Saturday -> Friday, Sunday -> Monday.
DateDays Observed(DateDays date) {
  const unsigned weekday = WeekdayFromDays(date);
  if (weekday == kSaturday) {
    return date - 1;
  }
  if (weekday == kSunday) {
    return date + 1;
  }
  return date;
}

}  // namespace

DateDays EasterSunday(int year) {
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

DateDays NthWeekdayOfMonth(int year, unsigned month, unsigned weekday, int n) {
  const DateDays first = DaysFromCivil(year, month, 1);
  const int shift = static_cast<int>((weekday + 7 - WeekdayFromDays(first)) % 7);
  return first + shift + 7 * (n - 1);
}

DateDays LastWeekdayOfMonth(int year, unsigned month, unsigned weekday) {
  const DateDays last = month == 12 ? DaysFromCivil(year, 12, 31) : DaysFromCivil(year, month + 1, 1) - 1;
  const int shift = static_cast<int>((WeekdayFromDays(last) + 7 - weekday) % 7);
  return last - shift;
}

const char* ClosureReason(DateDays date) {
  const int year = CivilFromDays(date).year;

  // New Year's Day: a Sunday moves to Monday; a Saturday is not observed (the NYSE trades on the
  // preceding Friday, Dec 31, because that Friday belongs to the previous accounting year).
  const DateDays new_year = DaysFromCivil(year, 1, 1);
  if (WeekdayFromDays(new_year) != kSaturday && date == Observed(new_year)) {
    return "New Year's Day";
  }
  if (year >= 1998 && date == NthWeekdayOfMonth(year, 1, kMonday, 3)) {
    return "Martin Luther King Jr. Day";
  }
  if (date == NthWeekdayOfMonth(year, 2, kMonday, 3)) {
    return "Washington's Birthday";
  }
  if (date == EasterSunday(year) - 2) {
    return "Good Friday";
  }
  if (date == LastWeekdayOfMonth(year, 5, kMonday)) {
    return "Memorial Day";
  }
  if (year >= 2022 && date == Observed(DaysFromCivil(year, 6, 19))) {
    return "Juneteenth National Independence Day";
  }
  if (date == Observed(DaysFromCivil(year, 7, 4))) {
    return "Independence Day";
  }
  if (date == NthWeekdayOfMonth(year, 9, kMonday, 1)) {
    return "Labor Day";
  }
  if (date == NthWeekdayOfMonth(year, 11, kThursday, 4)) {
    return "Thanksgiving Day";
  }
  if (date == Observed(DaysFromCivil(year, 12, 25))) {
    return "Christmas Day";
  }
  for (const NamedDay& closure : kSpecialClosures) {
    if (date == DaysFromCivil(closure.year, closure.month, closure.day)) {
      return closure.name;
    }
  }
  return nullptr;
}

SessionMinutes SessionHours(DateDays date) {
  for (const IrregularSession& s : kIrregularSessions) {
    if (date == DaysFromCivil(s.year, s.month, s.day)) {
      return {s.open_minute, s.close_minute};
    }
  }
  const CivilDate civil = CivilFromDays(date);
  const int year = civil.year;
  const unsigned weekday = WeekdayFromDays(date);

  // Independence Day eve: July 3 on Mon/Tue/Thu since 1995; when July 4 is a Thursday the short day
  // was Friday July 5 through 2012 and has been Wednesday July 3 since 2013.
  if (civil.month == 7 && civil.day == 3 && year >= 1995 &&
      (weekday == kMonday || weekday == kTuesday || weekday == kThursday || (weekday == kWednesday && year >= 2013))) {
    return {kOpen, kEarly};
  }
  if (civil.month == 7 && civil.day == 5 && weekday == kFriday && year >= 1996 && year <= 2012) {
    return {kOpen, kEarly};
  }
  // Day after Thanksgiving: 14:00 in 1992, 13:00 since 1993 (a full day before 1992).
  if (year >= 1992 && date == NthWeekdayOfMonth(year, 11, kThursday, 4) + 1) {
    return {kOpen, year >= 1993 ? kEarly : kEarlyBefore1993};
  }
  // Christmas Eve on Mon–Thu (a Friday Dec 24 is the observed Christmas holiday): 14:00 before 1993.
  if (civil.month == 12 && civil.day == 24) {
    return {kOpen, year >= 1993 ? kEarly : kEarlyBefore1993};
  }
  return {kOpen, kClose};
}

}  // namespace qtp::calendar_internal
