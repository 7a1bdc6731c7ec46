// Vocabulary shared by the cleaning rules: rule and action names (the `rule` / `action` columns of
// the quality_issues view), the bars-per-session index every rule iterates over, and the per-source
// adjustment basis.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/core/bars.h"
#include "qtp/core/quality.h"

namespace qtp::clean {

inline constexpr std::string_view kStage = "clean";

// Rule names. Each has its own file in this folder whose header states the rule, threshold and why.
namespace rule {
inline constexpr std::string_view kOutsideRth = "outside_rth";                           // rth_filter.h
inline constexpr std::string_view kClosedDay = "closed_day";                             // rth_filter.h
inline constexpr std::string_view kOffGrid = "off_grid";                                 // rth_filter.h
inline constexpr std::string_view kNonPositivePrice = "non_positive_price";              // bad_tick.h
inline constexpr std::string_view kHighBelowLow = "high_below_low";                      // bad_tick.h
inline constexpr std::string_view kOpenOutsideRange = "open_outside_range";              // bad_tick.h
inline constexpr std::string_view kCloseOutsideRange = "close_outside_range";            // bad_tick.h
inline constexpr std::string_view kNegativeVolume = "negative_volume";                   // bad_tick.h
inline constexpr std::string_view kBadVwap = "bad_vwap";                                 // bad_tick.h
inline constexpr std::string_view kSpikeRevert = "spike_revert";                         // spike_filter.h
inline constexpr std::string_view kSpikeUnconfirmed = "spike_unconfirmed";               // spike_filter.h
inline constexpr std::string_view kGap = "gap";                                          // gap_detect.h
inline constexpr std::string_view kMissingDay = "missing_day";                           // gap_detect.h
inline constexpr std::string_view kSplitAdjustment = "split_adjustment";                 // adjust.h
inline constexpr std::string_view kDividendAdjustment = "dividend_adjustment";           // adjust.h
inline constexpr std::string_view kInvalidCorporateAction = "invalid_corporate_action";  // adjust.h
}  // namespace rule

namespace action {
inline constexpr std::string_view kDropped = "dropped";          // removed; not a data error (e.g. extended hours)
inline constexpr std::string_view kQuarantined = "quarantined";  // removed because the values are impossible
inline constexpr std::string_view kReplaced = "replaced";        // values repaired in place
inline constexpr std::string_view kNulled = "nulled";            // one optional field set to null
inline constexpr std::string_view kFlagged = "flagged";          // recorded only; data unchanged
inline constexpr std::string_view kAdjusted = "adjusted";        // a corporate action applied
inline constexpr std::string_view kSkipped = "skipped";          // a corporate action that could not be applied
}  // namespace action

QualityIssue MakeIssue(const std::string& ticker, TimestampUs ts, DateDays date, std::string_view rule,
                       std::string_view action, std::string detail);

// The trading sessions spanned by one ticker's bars, and which bars fall in each. Bars are sorted by
// ts and every bar lies inside its session, so the bars of sessions[s] are the contiguous rows
// [offsets[s], offsets[s + 1]). Sessions are consecutive trading days (a session may own no bar).
struct SessionBars {
  std::vector<TradingSession> sessions;
  std::vector<size_t> offsets;  // sessions.size() + 1 entries

  size_t size() const { return sessions.size(); }
  size_t begin(size_t s) const { return offsets[s]; }
  size_t end(size_t s) const { return offsets[s + 1]; }
  size_t count(size_t s) const { return offsets[s + 1] - offsets[s]; }
};

// Assigns sorted `ts` to `sessions`. REQUIRES: every ts lies in [open_utc, close_utc) of one of
// the sessions (the RTH filter guarantees it), sessions ascending.
SessionBars BuildSessionBars(std::vector<TradingSession> sessions, const std::vector<TimestampUs>& ts);
// Removes the rows of `bars` whose keep[i] == 0 and keeps `index` consistent.
void RemoveRows(Bars5m& bars, SessionBars& index, const std::vector<uint8_t>& keep);
// Number of `bar_minutes` bars in a session, from its open/close instants (78 on a full day, 42 on
// an early close at 13:00).
int SessionBarCount(const TradingSession& session, int bar_minutes = 5);

// Which adjustments a source already applied to the prices/volumes it delivered, so cleaning does
// not apply them twice (e.g. IEX daily bars are split- but not dividend-adjusted).
struct SourceAdjustment {
  bool splits = false;
  bool dividends = false;
};

}  // namespace qtp::clean
