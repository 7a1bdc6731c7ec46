// Cleaning of one ticker, as pure functions of its raw rows and corporate actions (no store):
//   5-minute source:  order check → RTH filter → bad ticks → spikes → adjustments → gaps → daily bars
//   daily-only source: order check → closed days → bad ticks → adjustments → missing days
// Bars stay as traded; the adjustments are resolved into events whose factors are stored beside
// them (adjust.h says why).
// Each step is one rule file in this folder; RunClean (run_clean.h) feeds these from the store.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/core/bars.h"
#include "qtp/core/quality.h"
#include "qtp/core/status.h"
#include "qtp/data/clean/adjust.h"
#include "qtp/data/clean/clean_params.h"
#include "qtp/data/clean/clean_types.h"

namespace qtp::clean {

// Which adjustments a source (the `source` column) already applied. Empty function = none.
using SourceAdjustmentFn = std::function<SourceAdjustment(const std::string& source)>;

struct TickerStats {
  std::string ticker;
  bool daily_only = false;                // the daily file was the source (no 5-minute bars)
  size_t rows_in = 0;                     // raw rows read: 5-minute bars, or daily rows when daily_only
  size_t bars_out = 0;                    // processed 5-minute bars
  size_t days_out = 0;                    // processed daily bars
  size_t missing_bars = 0;                // expected bars absent inside sessions that have data (sum over gap findings)
  std::map<std::string, size_t> by_rule;  // findings per rule
};

struct CleanedTicker {
  Bars5m bars_5m;        // processed 5-minute bars (empty when daily_only)
  Bars1d bars_1d;        // processed daily bars
  std::vector<AdjustmentEvent> adjustments;  // ex_date ascending
  QualityIssues issues;  // sorted by (date, ts, rule, detail): the quality_issues key; null ts first
  TickerStats stats;
};

// `raw` as read from raw/bars_5m (sorted, unique by ts; Corruption otherwise).
Result<CleanedTicker> CleanTicker5m(Bars5m raw, const std::vector<CorporateAction>& actions, const CleanParams& params,
                                    const NyseCalendar& calendar, const SourceAdjustmentFn& source_adjustment = {});
// `raw` as read from raw/bars_1d (sorted, unique by date). n_bars stays null.
Result<CleanedTicker> CleanTickerDaily(Bars1d raw, const std::vector<CorporateAction>& actions,
                                       const CleanParams& params, const NyseCalendar& calendar,
                                       const SourceAdjustmentFn& source_adjustment = {});
// A ticker with both 5-minute bars and daily imports: daily bars come from the 5-minute bars on the
// dates those cover and from the cleaned daily imports on every other date (e.g. the years before
// an intraday history starts), so no daily history is lost. Findings of both, identical ones once;
// the intraday adjustments, plus those of the daily imports on other ex-dates.
CleanedTicker CombineWithDailyImports(CleanedTicker intraday, CleanedTicker daily);

}  // namespace qtp::clean
