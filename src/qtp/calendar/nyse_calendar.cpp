#include "qtp/calendar/nyse_calendar.h"

#include <algorithm>

#include "qtp/calendar/calendar_internal.h"

namespace qtp {

int TradingSession::NumBars(int bar_minutes) const {
  if (bar_minutes <= 0) {
    return 0;
  }
  return static_cast<int>((close_utc - open_utc) / (bar_minutes * kMicrosPerMinute));
}

const NyseCalendar& NyseCalendar::Get() {
  static const NyseCalendar calendar;
  return calendar;
}

NyseCalendar::NyseCalendar() : first_day_(DaysFromCivil(kFirstYear, 1, 1)) {
  const DateDays end = DaysFromCivil(kLastYear + 1, 1, 1);
  days_.resize(static_cast<size_t>(end - first_day_));
  for (DateDays date = first_day_; date < end; ++date) {
    const unsigned weekday = WeekdayFromDays(date);
    if (weekday == 0 || weekday == 6 || calendar_internal::ClosureReason(date) != nullptr) {
      continue;
    }
    const calendar_internal::SessionMinutes hours = calendar_internal::SessionHours(date);
    days_[static_cast<size_t>(date - first_day_)] = {static_cast<int16_t>(hours.open_minute),
                                                     static_cast<int16_t>(hours.close_minute)};
  }
}

const NyseCalendar::DayHours* NyseCalendar::Hours(DateDays date) const {
  if (date < first_day_ || date - first_day_ >= static_cast<DateDays>(days_.size())) {
    return nullptr;
  }
  return &days_[static_cast<size_t>(date - first_day_)];
}

TradingSession NyseCalendar::MakeSession(DateDays date, const DayHours& hours) const {
  TradingSession session;
  session.date = date;
  session.open_utc = ExchangeTimeToUtc(date, hours.open_minute);
  session.close_utc = ExchangeTimeToUtc(date, hours.close_minute);
  session.early_close = hours.close_minute < kRegularCloseMinute;
  return session;
}

bool NyseCalendar::IsTradingDay(DateDays date) const {
  const DayHours* hours = Hours(date);
  return hours != nullptr && hours->close_minute != 0;
}

std::optional<TradingSession> NyseCalendar::Session(DateDays date) const {
  const DayHours* hours = Hours(date);
  if (hours == nullptr || hours->close_minute == 0) {
    return std::nullopt;
  }
  return MakeSession(date, *hours);
}

std::optional<std::string> NyseCalendar::ClosureName(DateDays date) const {
  const unsigned weekday = WeekdayFromDays(date);
  if (Hours(date) == nullptr || weekday == 0 || weekday == 6) {
    return std::nullopt;
  }
  const char* reason = calendar_internal::ClosureReason(date);
  if (reason == nullptr) {
    return std::nullopt;
  }
  return std::string(reason);
}

bool NyseCalendar::IsEarlyClose(DateDays date) const {
  const DayHours* hours = Hours(date);
  return hours != nullptr && hours->close_minute != 0 && hours->close_minute < kRegularCloseMinute;
}

std::vector<DateDays> NyseCalendar::TradingDays(DateDays first, DateDays last) const {
  std::vector<DateDays> result;
  const DateDays from = std::max(first, first_day_);
  const DateDays to = std::min(last, first_day_ + static_cast<DateDays>(days_.size()) - 1);
  for (DateDays date = from; date <= to; ++date) {
    if (days_[static_cast<size_t>(date - first_day_)].close_minute != 0) {
      result.push_back(date);
    }
  }
  return result;
}

DateDays NyseCalendar::NextTradingDay(DateDays date) const {
  const DateDays end = first_day_ + static_cast<DateDays>(days_.size());
  if (date >= end) {
    return kNoNextTradingDay;
  }
  for (DateDays d = std::max(date + 1, first_day_); d < end; ++d) {
    if (days_[static_cast<size_t>(d - first_day_)].close_minute != 0) {
      return d;
    }
  }
  return kNoNextTradingDay;
}

DateDays NyseCalendar::PreviousTradingDay(DateDays date) const {
  const DateDays last = first_day_ + static_cast<DateDays>(days_.size()) - 1;
  if (date <= first_day_) {
    return kNoPreviousTradingDay;
  }
  for (DateDays d = std::min(date - 1, last); d >= first_day_; --d) {
    if (days_[static_cast<size_t>(d - first_day_)].close_minute != 0) {
      return d;
    }
  }
  return kNoPreviousTradingDay;
}

std::vector<TimestampUs> NyseCalendar::BarStarts(DateDays date, int bar_minutes) const {
  std::vector<TimestampUs> starts;
  const std::optional<TradingSession> session = Session(date);
  if (!session) {
    return starts;
  }
  const int count = session->NumBars(bar_minutes);
  starts.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    starts.push_back(session->open_utc + static_cast<TimestampUs>(i) * bar_minutes * kMicrosPerMinute);
  }
  return starts;
}

bool NyseCalendar::IsRegularSessionBar(TimestampUs ts, int bar_minutes) const {
  if (bar_minutes <= 0) {
    return false;
  }
  const DateDays date = ExchangeDate(ts);
  const DayHours* hours = Hours(date);
  if (hours == nullptr || hours->close_minute == 0) {
    return false;
  }
  return ts >= ExchangeTimeToUtc(date, hours->open_minute) &&
         ts + bar_minutes * kMicrosPerMinute <= ExchangeTimeToUtc(date, hours->close_minute);
}

}  // namespace qtp
