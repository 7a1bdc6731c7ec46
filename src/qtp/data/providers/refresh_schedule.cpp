#include "qtp/data/providers/refresh_schedule.h"

#include <array>

#include <fmt/format.h>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/config/config_io.h"

namespace qtp::providers {

namespace {

// WeekdayFromDays' numbering: 0 = Sunday.
const std::array<std::string, 7> kWeekdays = {"sunday",   "monday", "tuesday", "wednesday",
                                              "thursday", "friday", "saturday"};

int WeekdayIndex(const std::string& name) {
  for (size_t i = 0; i < kWeekdays.size(); ++i) {
    if (kWeekdays[i] == name) return static_cast<int>(i);
  }
  return -1;
}

// Minutes after midnight of "HH:MM", or -1.
int MinuteOfDay(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return -1;
  for (size_t i : {0, 1, 3, 4}) {
    if (text[i] < '0' || text[i] > '9') return -1;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : -1;
}

}  // namespace

Status RefreshSchedule::Validate() const {
  if (MinuteOfDay(time) < 0) {
    return Status::InvalidArgument(fmt::format("{}: time '{}' is not HH:MM (New York wall clock)", kRefreshFile, time));
  }
  if (!ParseDate(history_start).ok()) {
    return Status::InvalidArgument(
        fmt::format("{}: history_start '{}' is not a YYYY-MM-DD date", kRefreshFile, history_start));
  }
  return Status::OK();
}

TimestampUs RefreshSchedule::LastDue(TimestampUs now) const {
  const int weekday = WeekdayIndex(day_of_week);
  const int minute = MinuteOfDay(time);
  DateDays day = NyseCalendar::ExchangeDate(now);
  for (int back = 0; back < 15; ++back, --day) {
    if (static_cast<int>(WeekdayFromDays(day)) != weekday) continue;
    const TimestampUs due = NyseCalendar::ExchangeTimeToUtc(day, minute);
    if (due <= now) return due;
  }
  return 0;  // unreachable with a valid weekday
}

TimestampUs RefreshSchedule::NextDue(TimestampUs now) const {
  const int minute = MinuteOfDay(time);
  const DateDays last = NyseCalendar::ExchangeDate(LastDue(now));
  return NyseCalendar::ExchangeTimeToUtc(last + 7, minute);
}

void DescribeParams(config::Section& section, RefreshSchedule& s) {
  section.Param("day_of_week", s.day_of_week, "Weekday of the scheduled refresh (New York)",
                std::vector<std::string>(kWeekdays.begin(), kWeekdays.end()));
  section.Param("time", s.time, "Scheduled time, HH:MM New York wall clock");
  section.Param("provider", s.provider, "auto (config/data_sources.yaml priority, with fallback) or one provider",
                {"auto", "alpaca", "ibkr", "yahoo", "alpha_vantage", "fmp"});
  section.Param("tickers", s.tickers, "Tickers to refresh (empty: every ticker with raw 5-minute bars in the store)");
  section.Param("history_start", s.history_start,
                "First day pulled for a listed ticker with nothing stored (YYYY-MM-DD)");
  section.Param("refetch_days", s.refetch_days,
                "The last N stored trading days are pulled again, so late provider corrections are logged as revisions",
                0, 30);
}

Result<std::string> DefaultRefreshYaml() {
  RefreshSchedule defaults;
  return config::ParamsYaml(defaults,
                            "qtp refresh: the weekly pull of new bars from the providers (config/data_sources.yaml).\n"
                            "Call `qtp refresh` often (e.g. cron hourly): it pulls only when a\n"
                            "scheduled time has passed since the last successful refresh. docs/data_sources.md.");
}

}  // namespace qtp::providers
