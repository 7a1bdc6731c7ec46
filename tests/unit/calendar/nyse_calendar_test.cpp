#include "qtp/calendar/nyse_calendar.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "qtp/calendar/calendar_internal.h"

namespace qtp {
namespace {

const NyseCalendar& Cal() { return NyseCalendar::Get(); }

DateDays D(const std::string& text) {
  const Result<DateDays> date = ParseDate(text);
  EXPECT_TRUE(date.ok()) << text;
  return date.ok() ? *date : 0;
}

TimestampUs Utc(const std::string& date, int hour, int minute) {
  return static_cast<TimestampUs>(D(date)) * kMicrosPerDay + (hour * 60 + minute) * kMicrosPerMinute;
}

constexpr int Et(int hour, int minute) { return hour * 60 + minute; }

// US daylight-saving rule written independently of the tz database (Uniform Time Act as amended in
// 1986 and by the Energy Policy Act of 2005): UTC offset of New York in hours at 12:00 local on `date`.
int StatutoryUtcOffsetHours(DateDays date) {
  const int year = CivilFromDays(date).year;
  DateDays start;
  DateDays end;
  if (year >= 2007) {
    start = calendar_internal::NthWeekdayOfMonth(year, 3, 0, 2);  // second Sunday in March
    end = calendar_internal::NthWeekdayOfMonth(year, 11, 0, 1);   // first Sunday in November
  } else if (year >= 1987) {
    start = calendar_internal::NthWeekdayOfMonth(year, 4, 0, 1);  // first Sunday in April
    end = calendar_internal::LastWeekdayOfMonth(year, 10, 0);     // last Sunday in October
  } else {
    start = calendar_internal::LastWeekdayOfMonth(year, 4, 0);    // last Sunday in April (1967–1986)
    end = calendar_internal::LastWeekdayOfMonth(year, 10, 0);     // last Sunday in October
  }
  return date >= start && date < end ? -4 : -5;
}

std::filesystem::path SharedData() { return std::filesystem::path(QTP_SHARED_DATA_DIR); }

// First comma-separated field of every data line (header skipped), as dates.
std::vector<DateDays> DatesInCsv(const std::filesystem::path& path) {
  std::vector<DateDays> dates;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    if (line.empty()) {
      continue;
    }
    dates.push_back(D(line.substr(0, line.find(','))));
  }
  return dates;
}

std::vector<std::string> Names(const std::vector<DateDays>& dates) {
  std::vector<std::string> names;
  for (DateDays d : dates) {
    names.push_back(FormatDate(d));
  }
  return names;
}

TEST(NyseCalendar, RuleHolidaysAreClosedWithNames) {
  const std::map<std::string, std::string> holidays = {
      {"2020-01-01", "New Year's Day"},
      {"2017-01-02", "New Year's Day"},  // Jan 1 was a Sunday
      {"2020-01-20", "Martin Luther King Jr. Day"},
      {"2020-02-17", "Washington's Birthday"},
      {"2020-04-10", "Good Friday"},
      {"2020-05-25", "Memorial Day"},
      {"2020-07-03", "Independence Day"},  // July 4 was a Saturday
      {"2021-07-05", "Independence Day"},  // July 4 was a Sunday
      {"2020-09-07", "Labor Day"},
      {"2020-11-26", "Thanksgiving Day"},
      {"2020-12-25", "Christmas Day"},
      {"2021-12-24", "Christmas Day"},  // Dec 25 was a Saturday
      {"2022-12-26", "Christmas Day"},  // Dec 25 was a Sunday
      {"2022-06-20", "Juneteenth National Independence Day"},
      {"2027-06-18", "Juneteenth National Independence Day"},
      {"2033-06-20", "Juneteenth National Independence Day"},
  };
  for (const auto& [date, name] : holidays) {
    EXPECT_FALSE(Cal().IsTradingDay(D(date))) << date;
    EXPECT_FALSE(Cal().Session(D(date)).has_value()) << date;
    EXPECT_EQ(Cal().ClosureName(D(date)).value_or("<none>"), name) << date;
  }
}

TEST(NyseCalendar, SpecialClosures) {
  for (const char* date : {"1994-04-27", "2001-09-11", "2001-09-12", "2001-09-13", "2001-09-14", "2004-06-11",
                           "2007-01-02", "2012-10-29", "2012-10-30", "2018-12-05", "2025-01-09"}) {
    EXPECT_FALSE(Cal().IsTradingDay(D(date))) << date;
    EXPECT_TRUE(Cal().ClosureName(D(date)).has_value()) << date;
  }
  EXPECT_EQ(Cal().ClosureName(D("2012-10-29")).value_or(""), "Hurricane Sandy");
  EXPECT_TRUE(Cal().IsTradingDay(D("2012-10-31")));
  EXPECT_TRUE(Cal().IsTradingDay(D("2001-09-17")));
  EXPECT_TRUE(Cal().IsTradingDay(D("2018-12-04")));
  EXPECT_TRUE(Cal().IsTradingDay(D("2018-12-06")));
}

TEST(NyseCalendar, ClosureNameOnlyForWeekdayClosures) {
  EXPECT_FALSE(Cal().ClosureName(D("2020-11-28")).has_value());  // Saturday
  EXPECT_FALSE(Cal().ClosureName(D("2020-11-27")).has_value());  // trading (early close)
  EXPECT_FALSE(Cal().ClosureName(D("1985-09-27")).has_value());  // outside the covered years
  EXPECT_FALSE(Cal().IsTradingDay(D("1989-12-29")));
  EXPECT_FALSE(Cal().IsTradingDay(D("2041-01-02")));
}

TEST(NyseCalendar, NewYearOnSaturdayIsNotObservedOnFriday) {
  for (const char* date : {"1993-12-31", "1999-12-31", "2004-12-31", "2010-12-31", "2021-12-31", "2032-12-31"}) {
    EXPECT_TRUE(Cal().IsTradingDay(D(date))) << date;
    EXPECT_FALSE(Cal().IsEarlyClose(D(date))) << date;
  }
  EXPECT_FALSE(Cal().IsTradingDay(D("2023-01-02")));  // Sunday rule still applies
  EXPECT_TRUE(Cal().IsTradingDay(D("2022-01-03")));
}

TEST(NyseCalendar, MartinLutherKingDaySince1998) {
  EXPECT_TRUE(Cal().IsTradingDay(D("1997-01-20")));
  EXPECT_FALSE(Cal().IsTradingDay(D("1998-01-19")));
  EXPECT_TRUE(Cal().IsTradingDay(D("2021-06-18")));  // Juneteenth not yet an NYSE holiday in 2021
}

TEST(NyseCalendar, EasterAndGoodFriday) {
  // Easter Sundays from published tables.
  const std::map<int, std::string> easter = {{1990, "1990-04-15"}, {2000, "2000-04-23"}, {2008, "2008-03-23"},
                                             {2011, "2011-04-24"}, {2019, "2019-04-21"}, {2038, "2038-04-25"}};
  for (const auto& [year, date] : easter) {
    EXPECT_EQ(FormatDate(calendar_internal::EasterSunday(year)), date);
  }
  for (const char* date : {"2000-04-21", "2008-03-21", "2016-03-25", "2019-04-19", "2021-04-02", "2024-03-29",
                           "2025-04-18", "2038-04-23"}) {
    EXPECT_EQ(Cal().ClosureName(D(date)).value_or(""), "Good Friday") << date;
  }
  EXPECT_TRUE(Cal().IsTradingDay(D("2021-04-05")));  // Easter Monday trades
}

TEST(NyseCalendar, EarlyCloseAfterThanksgiving2020) {
  const auto session = Cal().Session(D("2020-11-27"));
  ASSERT_TRUE(session.has_value());
  EXPECT_TRUE(session->early_close);
  EXPECT_TRUE(Cal().IsEarlyClose(D("2020-11-27")));
  EXPECT_EQ(session->open_utc, Utc("2020-11-27", 14, 30));
  EXPECT_EQ(session->close_utc, Utc("2020-11-27", 18, 0));
  EXPECT_EQ(session->NumBars(), 42);
  EXPECT_EQ(session->NumBars(1), 210);
  const auto bars = Cal().BarStarts(D("2020-11-27"));
  ASSERT_EQ(bars.size(), 42u);
  EXPECT_EQ(bars.back(), Utc("2020-11-27", 17, 55));
}

TEST(NyseCalendar, FullDayHas78Bars) {
  const auto session = Cal().Session(D("2020-11-25"));
  ASSERT_TRUE(session.has_value());
  EXPECT_FALSE(session->early_close);
  EXPECT_EQ(session->NumBars(), 78);
  EXPECT_EQ(session->NumBars(30), 13);
  EXPECT_EQ(session->NumBars(0), 0);
  const auto bars = Cal().BarStarts(D("2020-11-25"));
  ASSERT_EQ(bars.size(), 78u);
  EXPECT_EQ(bars.front(), Utc("2020-11-25", 14, 30));
  EXPECT_EQ(bars.back(), Utc("2020-11-25", 20, 55));
  EXPECT_TRUE(Cal().BarStarts(D("2020-11-26")).empty());
}

TEST(NyseCalendar, ScheduledEarlyCloses) {
  for (const char* date : {"1995-07-03", "1996-07-05", "2002-07-05", "2008-07-03", "2012-07-03", "2013-07-03",
                           "2019-07-03", "2024-07-03", "2025-07-03", "1997-12-26", "2003-12-26", "2018-12-24",
                           "2024-12-24", "2025-11-28", "2025-12-24"}) {
    const auto session = Cal().Session(D(date));
    ASSERT_TRUE(session.has_value()) << date;
    EXPECT_TRUE(session->early_close) << date;
    EXPECT_EQ(session->close_utc, Cal().ExchangeTimeToUtc(D(date), Et(13, 0))) << date;
  }
  // Full days next to Independence Day: Friday July 5 since 2013, and July 2 before a Friday holiday.
  for (const char* date : {"2013-07-05", "2019-07-05", "2015-07-02", "2020-07-02", "2021-07-02", "2022-07-01",
                           "1994-07-01", "1991-11-29", "2008-12-26", "2014-12-26"}) {
    EXPECT_TRUE(Cal().IsTradingDay(D(date))) << date;
    EXPECT_FALSE(Cal().IsEarlyClose(D(date))) << date;
  }
  // Before 1993 the short holiday sessions ended at 14:00.
  const auto friday1992 = Cal().Session(D("1992-11-27"));
  ASSERT_TRUE(friday1992.has_value());
  EXPECT_EQ(friday1992->close_utc, Utc("1992-11-27", 19, 0));
  EXPECT_EQ(friday1992->NumBars(), 54);
}

TEST(NyseCalendar, IrregularSessions) {
  const auto anniversary = Cal().Session(D("2002-09-11"));
  ASSERT_TRUE(anniversary.has_value());
  EXPECT_EQ(anniversary->open_utc, Utc("2002-09-11", 16, 0));  // 12:00 EDT
  EXPECT_FALSE(anniversary->early_close);
  const auto blizzard = Cal().Session(D("1996-01-08"));
  ASSERT_TRUE(blizzard.has_value());
  EXPECT_EQ(blizzard->open_utc, Utc("1996-01-08", 16, 0));   // 11:00 EST
  EXPECT_EQ(blizzard->close_utc, Utc("1996-01-08", 19, 0));  // 14:00 EST
  EXPECT_TRUE(blizzard->early_close);
}

TEST(NyseCalendar, DstWeeksMoveTheOpenInUtc) {
  EXPECT_EQ(Cal().Session(D("2020-03-06"))->open_utc, Utc("2020-03-06", 14, 30));  // EST
  EXPECT_EQ(Cal().Session(D("2020-03-09"))->open_utc, Utc("2020-03-09", 13, 30));  // EDT
  EXPECT_EQ(Cal().Session(D("2020-10-30"))->open_utc, Utc("2020-10-30", 13, 30));  // EDT
  EXPECT_EQ(Cal().Session(D("2020-11-02"))->open_utc, Utc("2020-11-02", 14, 30));  // EST
  EXPECT_EQ(Cal().Session(D("2020-11-02"))->close_utc, Utc("2020-11-02", 21, 0));
  EXPECT_EQ(Cal().Session(D("2006-04-03"))->open_utc, Utc("2006-04-03", 13, 30));  // pre-2005-act rule
  EXPECT_EQ(Cal().Session(D("2006-03-31"))->open_utc, Utc("2006-03-31", 14, 30));
  EXPECT_EQ(Cal().Session(D("2040-03-09"))->open_utc, Utc("2040-03-09", 14, 30));  // after 2037 too
  EXPECT_EQ(Cal().Session(D("2040-03-12"))->open_utc, Utc("2040-03-12", 13, 30));
  EXPECT_EQ(Cal().Session(D("2040-11-02"))->open_utc, Utc("2040-11-02", 13, 30));
  EXPECT_EQ(Cal().Session(D("2040-11-05"))->open_utc, Utc("2040-11-05", 14, 30));
}

TEST(NyseCalendar, ConversionsMatchStatutoryDstRuleEveryDay) {
  // Beyond the table (1989–2041) and beyond 2037, where the system tz files stop listing transitions.
  for (DateDays d = D("1985-01-01"); d <= D("2070-12-31"); ++d) {
    const TimestampUs noon = NyseCalendar::ExchangeTimeToUtc(d, Et(12, 0));
    const TimestampUs expected =
        static_cast<TimestampUs>(d) * kMicrosPerDay + (12 - StatutoryUtcOffsetHours(d)) * 60 * kMicrosPerMinute;
    ASSERT_EQ(noon, expected) << FormatDate(d);
    for (int minute : {0, Et(9, 30), Et(15, 59), Et(23, 59)}) {
      const TimestampUs ts = NyseCalendar::ExchangeTimeToUtc(d, minute) + 59 * kMicrosPerSecond;
      ASSERT_EQ(NyseCalendar::ExchangeDate(ts), d) << FormatDate(d) << " " << minute;
      ASSERT_EQ(NyseCalendar::ExchangeMinuteOfDay(ts), minute) << FormatDate(d) << " " << minute;
    }
  }
}

TEST(NyseCalendar, DstSwitchDaysByWallClock) {
  // 2020-03-08: 02:00 EST jumps to 03:00 EDT at 07:00 UTC.
  EXPECT_EQ(NyseCalendar::ExchangeTimeToUtc(D("2020-03-08"), Et(1, 59)), Utc("2020-03-08", 6, 59));
  EXPECT_EQ(NyseCalendar::ExchangeTimeToUtc(D("2020-03-08"), Et(2, 30)), Utc("2020-03-08", 7, 0));  // skipped
  EXPECT_EQ(NyseCalendar::ExchangeTimeToUtc(D("2020-03-08"), Et(3, 0)), Utc("2020-03-08", 7, 0));
  EXPECT_EQ(NyseCalendar::ExchangeMinuteOfDay(Utc("2020-03-08", 7, 0)), Et(3, 0));
  EXPECT_EQ(NyseCalendar::ExchangeMinuteOfDay(Utc("2020-03-08", 6, 59)), Et(1, 59));
  // 2020-11-01: 02:00 EDT falls back to 01:00 EST at 06:00 UTC; 01:30 happens twice.
  EXPECT_EQ(NyseCalendar::ExchangeTimeToUtc(D("2020-11-01"), Et(1, 30)), Utc("2020-11-01", 5, 30));
  EXPECT_EQ(NyseCalendar::ExchangeMinuteOfDay(Utc("2020-11-01", 5, 30)), Et(1, 30));
  EXPECT_EQ(NyseCalendar::ExchangeMinuteOfDay(Utc("2020-11-01", 6, 30)), Et(1, 30));
  EXPECT_EQ(NyseCalendar::ExchangeMinuteOfDay(Utc("2020-11-01", 7, 0)), Et(2, 0));
  EXPECT_EQ(NyseCalendar::ExchangeDate(Utc("2020-11-01", 4, 59)), D("2020-11-01"));  // 00:59 EDT
  EXPECT_EQ(NyseCalendar::ExchangeDate(Utc("2020-11-02", 4, 59)), D("2020-11-01"));  // 23:59 EST
  // Same switch times after 2037, where the tz files list no transitions (US rule applied).
  EXPECT_EQ(NyseCalendar::ExchangeTimeToUtc(D("2040-03-11"), Et(1, 59)), Utc("2040-03-11", 6, 59));
  EXPECT_EQ(NyseCalendar::ExchangeTimeToUtc(D("2040-03-11"), Et(3, 0)), Utc("2040-03-11", 7, 0));
  EXPECT_EQ(NyseCalendar::ExchangeMinuteOfDay(Utc("2040-11-04", 6, 30)), Et(1, 30));
  EXPECT_EQ(NyseCalendar::ExchangeTimeToUtc(D("2040-11-04"), Et(1, 30)), Utc("2040-11-04", 5, 30));
  // Minutes past the end of the day roll into the next date.
  EXPECT_EQ(NyseCalendar::ExchangeTimeToUtc(D("2020-11-01"), Et(24, 0) + Et(9, 30)), Utc("2020-11-02", 14, 30));
  EXPECT_EQ(NyseCalendar::ExchangeTimeToUtc(D("2020-11-02"), -Et(14, 30)), Utc("2020-11-01", 14, 30));
}

TEST(NyseCalendar, ConversionsOutsideTheTable) {
  EXPECT_EQ(NyseCalendar::ExchangeTimeToUtc(D("2060-01-15"), Et(9, 30)), Utc("2060-01-15", 14, 30));
  EXPECT_EQ(NyseCalendar::ExchangeTimeToUtc(D("2060-07-15"), Et(9, 30)), Utc("2060-07-15", 13, 30));
  EXPECT_EQ(NyseCalendar::ExchangeTimeToUtc(D("1980-07-15"), Et(9, 30)), Utc("1980-07-15", 13, 30));
  EXPECT_EQ(NyseCalendar::ExchangeDate(Utc("2060-07-16", 3, 59)), D("2060-07-15"));
  EXPECT_EQ(NyseCalendar::ExchangeMinuteOfDay(Utc("1980-01-15", 14, 31)), Et(9, 31));
}

TEST(NyseCalendar, IsRegularSessionBarEdges) {
  const DateDays full = D("2020-11-25");
  auto at = [](DateDays date, int minute) { return NyseCalendar::ExchangeTimeToUtc(date, minute); };
  EXPECT_FALSE(Cal().IsRegularSessionBar(at(full, Et(9, 25))));
  EXPECT_TRUE(Cal().IsRegularSessionBar(at(full, Et(9, 30))));
  EXPECT_TRUE(Cal().IsRegularSessionBar(at(full, Et(15, 55))));
  EXPECT_FALSE(Cal().IsRegularSessionBar(at(full, Et(16, 0))));
  EXPECT_FALSE(Cal().IsRegularSessionBar(at(full, Et(15, 56))));  // would end after 16:00
  EXPECT_TRUE(Cal().IsRegularSessionBar(at(full, Et(15, 59)), 1));
  EXPECT_FALSE(Cal().IsRegularSessionBar(at(full, Et(9, 30)), 0));
  const DateDays half = D("2020-11-27");
  EXPECT_TRUE(Cal().IsRegularSessionBar(at(half, Et(12, 55))));
  EXPECT_FALSE(Cal().IsRegularSessionBar(at(half, Et(13, 0))));
  EXPECT_FALSE(Cal().IsRegularSessionBar(at(D("2020-11-26"), Et(10, 0))));  // Thanksgiving
  EXPECT_FALSE(Cal().IsRegularSessionBar(at(D("2020-11-28"), Et(10, 0))));  // Saturday
}

TEST(NyseCalendar, NextAndPreviousTradingDay) {
  EXPECT_EQ(FormatDate(Cal().NextTradingDay(D("2020-11-20"))), "2020-11-23");  // weekend
  EXPECT_EQ(FormatDate(Cal().NextTradingDay(D("2020-11-21"))), "2020-11-23");  // from a Saturday
  EXPECT_EQ(FormatDate(Cal().NextTradingDay(D("2020-11-25"))), "2020-11-27");  // Thanksgiving
  EXPECT_EQ(FormatDate(Cal().PreviousTradingDay(D("2020-11-30"))), "2020-11-27");
  EXPECT_EQ(FormatDate(Cal().NextTradingDay(D("2012-10-26"))), "2012-10-31");  // Sandy
  EXPECT_EQ(FormatDate(Cal().PreviousTradingDay(D("2012-10-31"))), "2012-10-26");
  EXPECT_EQ(FormatDate(Cal().PreviousTradingDay(D("2021-01-04"))), "2020-12-31");
  EXPECT_EQ(FormatDate(Cal().NextTradingDay(D("2022-12-23"))), "2022-12-27");  // weekend + observed Christmas
  EXPECT_EQ(FormatDate(Cal().NextTradingDay(D("2001-09-10"))), "2001-09-17");
  EXPECT_EQ(FormatDate(Cal().NextTradingDay(D("1980-06-01"))), "1990-01-02");
  EXPECT_EQ(Cal().NextTradingDay(D("2040-12-31")), NyseCalendar::kNoNextTradingDay);
  EXPECT_EQ(Cal().NextTradingDay(NyseCalendar::kNoNextTradingDay), NyseCalendar::kNoNextTradingDay);
  EXPECT_EQ(Cal().PreviousTradingDay(D("1990-01-02")), NyseCalendar::kNoPreviousTradingDay);
  EXPECT_EQ(Cal().PreviousTradingDay(kNullDate), NyseCalendar::kNoPreviousTradingDay);
  EXPECT_EQ(FormatDate(Cal().PreviousTradingDay(D("2050-01-01"))), "2040-12-31");
}

TEST(NyseCalendar, TradingDaysPerYear) {
  // 2000–2023 counted from the SPY daily file (real sessions); 2024 and 2025 from the NYSE's published
  // holiday schedules (2025: 261 weekdays minus 10 holidays and the Carter day of mourning).
  const std::map<int, size_t> counts = {
      {2000, 252}, {2001, 248}, {2002, 252}, {2003, 252}, {2004, 252}, {2005, 252}, {2006, 251}, {2007, 251},
      {2008, 253}, {2009, 252}, {2010, 252}, {2011, 252}, {2012, 250}, {2013, 252}, {2014, 252}, {2015, 252},
      {2016, 252}, {2017, 251}, {2018, 251}, {2019, 252}, {2020, 253}, {2021, 252}, {2022, 251}, {2023, 250},
      {2024, 252}, {2025, 250}};
  for (const auto& [year, count] : counts) {
    EXPECT_EQ(Cal().TradingDays(DaysFromCivil(year, 1, 1), DaysFromCivil(year, 12, 31)).size(), count) << year;
  }
  EXPECT_TRUE(Cal().TradingDays(D("2020-11-26"), D("2020-11-26")).empty());
  EXPECT_TRUE(Cal().TradingDays(D("2020-11-27"), D("2020-11-25")).empty());
  const auto all = Cal().TradingDays(kNullDate, NyseCalendar::kNoNextTradingDay);
  EXPECT_EQ(FormatDate(all.front()), "1990-01-02");
  EXPECT_EQ(FormatDate(all.back()), "2040-12-31");
}

TEST(NyseCalendar, MatchesSpyDailySessions2000To2024) {
  const auto path = SharedData() / "benchmarks_daily" / "SPY_daily_yahoo_2000_2024.csv";
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << "shared data not found: " << path;
  }
  const std::vector<DateDays> real = DatesInCsv(path);
  ASSERT_EQ(real.size(), 6067u);  // PROVENANCE.md: 6,067 rows, 2000-01-03 -> 2024-02-13
  EXPECT_EQ(Names(Cal().TradingDays(real.front(), real.back())), Names(real));
}

TEST(NyseCalendar, MatchesAlphaVantageDailySessions1999To2021) {
  for (const char* file : {"DA-AAPL-T-2021-04-21.csv", "DA-XOM-T-2021-04-21.csv"}) {
    const auto path = SharedData() / "sp500_daily_av_1999_2021" / file;
    if (!std::filesystem::exists(path)) {
      GTEST_SKIP() << "shared data not found: " << path;
    }
    const std::vector<DateDays> real = DatesInCsv(path);
    ASSERT_FALSE(real.empty());
    EXPECT_EQ(FormatDate(real.front()), "1999-11-01");
    EXPECT_EQ(Names(Cal().TradingDays(real.front(), real.back())), Names(real)) << file;
  }
}

// Wall-clock start minute of a "YYYY-MM-DD HH:MM:SS" line of the 5-minute files.
int MinuteOfLine(const std::string& line) { return std::stoi(line.substr(11, 2)) * 60 + std::stoi(line.substr(14, 2)); }

// The trading dates of every 5-minute file (bars are sorted; the last day is partial, see PROVENANCE.md).
TEST(NyseCalendar, MatchesIntradayTradingDates2025To2026) {
  const auto dir = SharedData() / "intraday_5min_2025_2026";
  if (!std::filesystem::exists(dir)) {
    GTEST_SKIP() << "shared data not found: " << dir;
  }
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".csv") {
      continue;
    }
    ++files;
    std::ifstream in(entry.path());
    std::set<DateDays> rth_dates;
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      if (line.size() >= 19 && MinuteOfLine(line) >= Et(9, 30) && MinuteOfLine(line) <= Et(15, 55)) {
        rth_dates.insert(D(line.substr(0, 10)));
      }
    }
    ASSERT_GT(rth_dates.size(), 200u) << entry.path();
    const std::vector<DateDays> days(rth_dates.begin(), rth_dates.end());
    EXPECT_EQ(Names(Cal().TradingDays(days.front(), days.back())), Names(days)) << entry.path();
  }
  EXPECT_EQ(files, 25);
}

// Bars per day, counted from the text with no calendar involved, against the calendar's session length.
// These three files have no extended-hours prints inside 09:30..15:55 (others, e.g. SPY, carry thin
// post-close prints at 13:00/13:05 on half days).
TEST(NyseCalendar, MatchesIntradayBarCounts2025To2026) {
  const auto dir = SharedData() / "intraday_5min_2025_2026";
  if (!std::filesystem::exists(dir)) {
    GTEST_SKIP() << "shared data not found: " << dir;
  }
  std::set<std::string> half_days_seen;
  for (const char* ticker : {"AAPL", "XLE", "XLK"}) {
    std::ifstream in(dir / (std::string(ticker) + "_5min.csv"));
    ASSERT_TRUE(in) << ticker;
    std::map<DateDays, int> text_bars;      // start in 09:30..15:55 by the text
    std::map<DateDays, int> calendar_bars;  // bars the calendar calls regular
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      if (line.size() < 19) {
        continue;
      }
      const DateDays date = D(line.substr(0, 10));
      const int minute = MinuteOfLine(line);
      if (minute >= Et(9, 30) && minute <= Et(15, 55)) {
        ++text_bars[date];
      }
      if (Cal().IsRegularSessionBar(NyseCalendar::ExchangeTimeToUtc(date, minute))) {
        ++calendar_bars[date];
      }
    }
    ASSERT_FALSE(text_bars.empty()) << ticker;
    text_bars.erase(std::prev(text_bars.end()));  // ragged end: the files stop mid-session
    for (const auto& [date, count] : text_bars) {
      ASSERT_TRUE(Cal().IsTradingDay(date)) << ticker << " " << FormatDate(date);
      EXPECT_EQ(count, Cal().Session(date)->NumBars()) << ticker << " " << FormatDate(date);
      EXPECT_EQ(calendar_bars[date], count) << ticker << " " << FormatDate(date);
      if (count == 42) {
        half_days_seen.insert(FormatDate(date));
      }
    }
  }
  EXPECT_EQ(half_days_seen, (std::set<std::string>{"2025-07-03", "2025-11-28", "2025-12-24"}));
}

// SPY's file has post-close prints on half days; the calendar must not call them regular.
TEST(NyseCalendar, PostClosePrintsOnHalfDayAreNotRegular) {
  const DateDays half = D("2025-11-28");
  EXPECT_TRUE(Cal().IsRegularSessionBar(NyseCalendar::ExchangeTimeToUtc(half, Et(12, 55))));
  EXPECT_FALSE(Cal().IsRegularSessionBar(NyseCalendar::ExchangeTimeToUtc(half, Et(13, 0))));
  EXPECT_FALSE(Cal().IsRegularSessionBar(NyseCalendar::ExchangeTimeToUtc(half, Et(13, 5))));
  EXPECT_FALSE(Cal().IsRegularSessionBar(NyseCalendar::ExchangeTimeToUtc(D("2025-09-25"), Et(8, 55))));
}

}  // namespace
}  // namespace qtp
