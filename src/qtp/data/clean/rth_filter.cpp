#include "qtp/data/clean/rth_filter.h"

#include <fmt/format.h>

#include <utility>

namespace qtp::clean {
namespace {

constexpr TimestampUs kBarUs = 5 * kMicrosPerMinute;

}  // namespace

std::vector<TradingSession> SessionsBetween(const NyseCalendar& calendar, TimestampUs first_ts, TimestampUs last_ts) {
  std::vector<TradingSession> sessions;
  if (first_ts > last_ts) {
    return sessions;
  }
  for (DateDays date :
       calendar.TradingDays(NyseCalendar::ExchangeDate(first_ts), NyseCalendar::ExchangeDate(last_ts))) {
    if (auto session = calendar.Session(date)) {
      sessions.push_back(*session);
    }
  }
  return sessions;
}

SessionBars FilterRegularSession(const NyseCalendar& calendar, Bars5m& bars, QualityIssues& issues) {
  const size_t n = bars.size();
  std::vector<TradingSession> sessions =
      n == 0 ? std::vector<TradingSession>{} : SessionsBetween(calendar, bars.ts.front(), bars.ts.back());
  std::vector<uint8_t> keep(n, 1);
  size_t removed = 0;
  size_t s = 0;
  for (size_t i = 0; i < n; ++i) {
    const TimestampUs ts = bars.ts[i];
    while (s < sessions.size() && ts >= sessions[s].close_utc) {
      ++s;
    }
    if (s < sessions.size() && ts >= sessions[s].open_utc && ts + kBarUs <= sessions[s].close_utc &&
        (ts - sessions[s].open_utc) % kBarUs == 0) {
      continue;
    }
    keep[i] = 0;
    ++removed;
    const DateDays date = NyseCalendar::ExchangeDate(ts);
    const int minute = NyseCalendar::ExchangeMinuteOfDay(ts);
    const std::string when = fmt::format("{} {:02d}:{:02d} ET", FormatDate(date), minute / 60, minute % 60);
    if (!calendar.IsTradingDay(date)) {
      const auto closure = calendar.ClosureName(date);
      issues.push_back(MakeIssue(bars.ticker, ts, date, rule::kClosedDay, action::kDropped,
                                 fmt::format("bar at {}: exchange closed ({})", when, closure ? *closure : "weekend")));
    } else if (s < sessions.size() && ts >= sessions[s].open_utc && ts + kBarUs <= sessions[s].close_utc) {
      issues.push_back(MakeIssue(bars.ticker, ts, date, rule::kOffGrid, action::kDropped,
                                 fmt::format("bar at {} does not start on the 5-minute grid from 09:30", when)));
    } else {
      const bool early = calendar.IsEarlyClose(date);
      issues.push_back(MakeIssue(bars.ticker, ts, date, rule::kOutsideRth, action::kDropped,
                                 fmt::format("bar at {} is outside the regular session 09:30-{}", when,
                                             early ? "13:00 (early close)" : "16:00")));
    }
  }
  if (removed > 0) {
    bars.Filter(keep);
  }
  return BuildSessionBars(std::move(sessions), bars.ts);
}

}  // namespace qtp::clean
