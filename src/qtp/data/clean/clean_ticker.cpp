#include "qtp/data/clean/clean_ticker.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "qtp/data/clean/adjust.h"
#include "qtp/data/clean/bad_tick.h"
#include "qtp/data/clean/daily_bars.h"
#include "qtp/data/clean/gap_detect.h"
#include "qtp/data/clean/order_check.h"
#include "qtp/data/clean/rth_filter.h"
#include "qtp/data/clean/spike_filter.h"

namespace qtp::clean {
namespace {

void Finish(CleanedTicker& out) {
  std::stable_sort(out.issues.begin(), out.issues.end(), [](const QualityIssue& a, const QualityIssue& b) {
    if (a.date != b.date) return a.date < b.date;
    if (a.ts != b.ts) return a.ts < b.ts;
    if (a.rule != b.rule) return a.rule < b.rule;
    return a.detail < b.detail;
  });
  for (const QualityIssue& issue : out.issues) {
    ++out.stats.by_rule[issue.rule];
  }
  out.stats.bars_out = out.bars_5m.size();
  out.stats.days_out = out.bars_1d.size();
}

}  // namespace

Result<CleanedTicker> CleanTicker5m(Bars5m raw, const std::vector<CorporateAction>& actions, const CleanParams& params,
                                    const NyseCalendar& calendar, const SourceAdjustmentFn& source_adjustment) {
  QTP_RETURN_IF_ERROR(CheckSortedUnique(raw.ts, "raw/bars_5m", raw.ticker));
  CleanedTicker out;
  out.stats.ticker = raw.ticker;
  out.stats.rows_in = raw.size();
  out.bars_5m = std::move(raw);
  Bars5m& bars = out.bars_5m;

  SessionBars index = FilterRegularSession(calendar, bars, out.issues);
  FilterBadTicks(bars, index, out.issues);
  FilterSpikes(bars, index, params, out.issues);
  if (params.adjust) {
    BackAdjust(bars, index, actions, AppliedFlags(bars.source, source_adjustment), out.issues);
  }
  if (params.detect_gaps) {
    out.stats.missing_bars = DetectGaps(bars, index, out.issues);
  }
  out.bars_1d = AggregateDaily(bars, index);
  Finish(out);
  return out;
}

Result<CleanedTicker> CleanTickerDaily(Bars1d raw, const std::vector<CorporateAction>& actions,
                                       const CleanParams& params, const NyseCalendar& calendar,
                                       const SourceAdjustmentFn& source_adjustment) {
  QTP_RETURN_IF_ERROR(CheckSortedUnique(raw.date, "raw/bars_1d", raw.ticker));
  CleanedTicker out;
  out.stats.ticker = raw.ticker;
  out.stats.daily_only = true;
  out.stats.rows_in = raw.size();
  out.bars_1d = std::move(raw);
  out.bars_5m.ticker = out.bars_1d.ticker;
  Bars1d& bars = out.bars_1d;

  // Closed days: a daily row dated on a weekend or holiday is not a session (same rule as RTH).
  std::vector<uint8_t> keep;
  for (size_t i = 0; i < bars.size(); ++i) {
    if (calendar.IsTradingDay(bars.date[i])) continue;
    if (keep.empty()) {
      keep.assign(bars.size(), 1);
    }
    keep[i] = 0;
    const auto closure = calendar.ClosureName(bars.date[i]);
    out.issues.push_back(MakeIssue(bars.ticker, kNullInt64, bars.date[i], rule::kClosedDay, action::kDropped,
                                   fmt::format("daily row on {}: exchange closed ({})", FormatDate(bars.date[i]),
                                               closure ? *closure : "weekend")));
  }
  if (!keep.empty()) {
    bars.Filter(keep);
  }
  FilterBadTicks(bars, out.issues);
  if (params.adjust) {
    BackAdjust(bars, actions, AppliedFlags(bars.source, source_adjustment), out.issues);
  }
  if (params.detect_gaps && !bars.empty()) {
    std::vector<TradingSession> sessions;
    for (DateDays date : calendar.TradingDays(bars.date.front(), bars.date.back())) {
      if (auto session = calendar.Session(date)) {
        sessions.push_back(*session);
      }
    }
    DetectMissingDays(bars, sessions, out.issues);
  }
  Finish(out);
  return out;
}

}  // namespace qtp::clean
