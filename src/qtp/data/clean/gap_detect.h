// Rule: report expected bars that the processed series does not have. Data are not changed
// (action "flagged"); nothing is filled in, because an invented bar would be a fake trade.
//
//   gap          a session that has some bars but not all of its expected bar starts
//                (open + k × 5 min, k < 78 on a full day, < 42 on an early close, from the calendar).
//                One finding per (ticker, session): ts = the first missing bar start, detail = how
//                many are missing and the first few times (ET). Counts are per day, so a thin name
//                with many empty 5-minute slots gives one line a day, not one per slot.
//   missing_day  a trading session with no bar at all, strictly between the ticker's first and last
//                bar (a ticker is not expected to trade before its first or after its last bar:
//                IPOs, delistings). ts = null, date = the session.
// Gaps are measured on the FINAL processed series, so bars removed by earlier rules (bad ticks,
// dropped spikes) show up here too: this is what later stages will actually see.
#pragma once

#include <cstddef>
#include <vector>

#include "qtp/core/bars.h"
#include "qtp/core/quality.h"
#include "qtp/data/clean/clean_types.h"

namespace qtp::clean {

// Returns the number of missing bars inside sessions that have data (missing days not included).
size_t DetectGaps(const Bars5m& bars, const SessionBars& index, QualityIssues& issues);
// Daily rows: missing_day for each trading session in `sessions` (the trading days spanned by the
// rows) with no row. Returns the number of missing days.
size_t DetectMissingDays(const Bars1d& bars, const std::vector<TradingSession>& sessions, QualityIssues& issues);

}  // namespace qtp::clean
