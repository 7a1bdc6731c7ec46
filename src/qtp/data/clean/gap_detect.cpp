#include "qtp/data/clean/gap_detect.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace qtp::clean {
namespace {

constexpr TimestampUs kBarUs = 5 * kMicrosPerMinute;
constexpr int kSessionOpenMinute = 9 * 60 + 30;  // 09:30 ET
constexpr int kTimesListed = 5;

std::string EtTime(const TradingSession& session, TimestampUs ts) {
  const int minute = kSessionOpenMinute + static_cast<int>((ts - session.open_utc) / kMicrosPerMinute);
  return fmt::format("{:02d}:{:02d}", minute / 60, minute % 60);
}

}  // namespace

size_t DetectGaps(const Bars5m& bars, const SessionBars& index, QualityIssues& issues) {
  size_t first_with_bars = index.size();
  size_t last_with_bars = 0;
  for (size_t s = 0; s < index.size(); ++s) {
    if (index.count(s) > 0) {
      first_with_bars = std::min(first_with_bars, s);
      last_with_bars = s;
    }
  }
  size_t missing_total = 0;
  for (size_t s = first_with_bars; s < index.size() && s <= last_with_bars; ++s) {
    const TradingSession& session = index.sessions[s];
    const size_t expected = static_cast<size_t>(SessionBarCount(session));
    if (index.count(s) == 0) {
      issues.push_back(
          MakeIssue(bars.ticker, kNullInt64, session.date, rule::kMissingDay, action::kFlagged,
                    fmt::format("no bar on trading day {} ({} expected)", FormatDate(session.date), expected)));
      continue;
    }
    if (index.count(s) >= expected) continue;  // every bar is on the grid inside the session: complete
    size_t missing = 0;
    TimestampUs first_missing = kNullInt64;
    std::string times;
    size_t row = index.begin(s);
    for (size_t k = 0; k < expected; ++k) {
      const TimestampUs start = session.open_utc + static_cast<TimestampUs>(k) * kBarUs;
      if (row < index.end(s) && bars.ts[row] == start) {
        ++row;
        continue;
      }
      if (missing == 0) {
        first_missing = start;
      }
      if (missing < kTimesListed) {
        times += missing == 0 ? "" : ", ";
        times += EtTime(session, start);
      }
      ++missing;
    }
    missing_total += missing;
    issues.push_back(MakeIssue(bars.ticker, first_missing, session.date, rule::kGap, action::kFlagged,
                               fmt::format("{} of {} bars missing on {}: {}{} ET", missing, expected,
                                           FormatDate(session.date), times, missing > kTimesListed ? ", ..." : "")));
  }
  return missing_total;
}

size_t DetectMissingDays(const Bars1d& bars, const std::vector<TradingSession>& sessions, QualityIssues& issues) {
  size_t missing = 0;
  size_t row = 0;
  for (const TradingSession& session : sessions) {
    while (row < bars.size() && bars.date[row] < session.date) {
      ++row;
    }
    if (row < bars.size() && bars.date[row] == session.date) continue;
    ++missing;
    issues.push_back(MakeIssue(bars.ticker, kNullInt64, session.date, rule::kMissingDay, action::kFlagged,
                               fmt::format("no daily row on trading day {}", FormatDate(session.date))));
  }
  return missing;
}

}  // namespace qtp::clean
