#include "qtp/data/clean/clean_types.h"

#include <utility>

namespace qtp::clean {

QualityIssue MakeIssue(const std::string& ticker, TimestampUs ts, DateDays date, std::string_view rule,
                       std::string_view action, std::string detail) {
  QualityIssue issue;
  issue.ticker = ticker;
  issue.ts = ts;
  issue.date = date;
  issue.stage = std::string(kStage);
  issue.rule = std::string(rule);
  issue.action = std::string(action);
  issue.detail = std::move(detail);
  return issue;
}

SessionBars BuildSessionBars(std::vector<TradingSession> sessions, const std::vector<TimestampUs>& ts) {
  SessionBars index;
  index.sessions = std::move(sessions);
  index.offsets.assign(index.sessions.size() + 1, 0);
  size_t row = 0;
  for (size_t s = 0; s < index.sessions.size(); ++s) {
    index.offsets[s] = row;
    const TimestampUs close = index.sessions[s].close_utc;
    while (row < ts.size() && ts[row] < close) {
      ++row;
    }
  }
  index.offsets[index.sessions.size()] = row;
  return index;
}

void RemoveRows(Bars5m& bars, SessionBars& index, const std::vector<uint8_t>& keep) {
  // New offset of a session = rows kept before its old first row.
  size_t kept = 0;
  size_t s = 0;
  for (size_t i = 0; i < keep.size(); ++i) {
    while (s < index.offsets.size() && index.offsets[s] == i) {
      index.offsets[s++] = kept;
    }
    kept += keep[i] != 0;
  }
  while (s < index.offsets.size()) {
    index.offsets[s++] = kept;
  }
  bars.Filter(keep);
}

int SessionBarCount(const TradingSession& session, int bar_minutes) {
  return static_cast<int>((session.close_utc - session.open_utc) / (bar_minutes * kMicrosPerMinute));
}

}  // namespace qtp::clean
