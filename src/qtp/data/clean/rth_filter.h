// Rule: keep only bars of the NYSE regular session of their exchange date.
//
// A 5-minute bar is kept when it lies entirely inside [09:30, close) America/New_York of a trading
// day (close 16:00, or 13:00 on early-close days) and starts on that session's 5-minute grid.
// Everything else is removed and recorded, not an error in the data but outside what every later
// stage assumes (78 bars a full day, 42 on an early close):
//   closed_day   bar on a weekend, holiday or special closure (action "dropped");
//   outside_rth  pre-/post-market bar on a trading day, or a bar running past an early close ("dropped");
//   off_grid     inside the session but not starting at open + k × 5 min ("dropped"); ingest keeps
//                such rows in raw so nothing is lost.
// Cost: the sessions spanned by the ticker are computed once (per day, through the calendar); bars
// are then matched to them by a merge walk, with no time-zone conversion per bar except for the
// (rare) removed bars, whose exchange date names the finding.
#pragma once

#include <cstdint>
#include <vector>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/core/bars.h"
#include "qtp/core/quality.h"
#include "qtp/data/clean/clean_types.h"

namespace qtp::clean {

// Every trading session whose exchange date lies between the exchange dates of `first_ts` and
// `last_ts` (inclusive), ascending. Empty when first_ts > last_ts.
std::vector<TradingSession> SessionsBetween(const NyseCalendar& calendar, TimestampUs first_ts, TimestampUs last_ts);

// Removes non-regular-session bars from `bars` (sorted by ts), appends one finding per removed
// bar to `issues`, and returns the index of the remaining bars by session.
SessionBars FilterRegularSession(const NyseCalendar& calendar, Bars5m& bars, QualityIssues& issues);

}  // namespace qtp::clean
