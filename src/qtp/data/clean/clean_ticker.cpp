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

// Sorts the findings by the quality_issues key, keeps one of identical findings (the same
// corporate action adjusts both a ticker's 5-minute and its daily-import history), counts them.
void Finish(CleanedTicker& out) {
  std::stable_sort(out.issues.begin(), out.issues.end(), [](const QualityIssue& a, const QualityIssue& b) {
    if (a.date != b.date) return a.date < b.date;
    if (a.ts != b.ts) return a.ts < b.ts;
    if (a.rule != b.rule) return a.rule < b.rule;
    return a.detail < b.detail;
  });
  out.issues.erase(std::unique(out.issues.begin(), out.issues.end(),
                               [](const QualityIssue& a, const QualityIssue& b) {
                                 return a.date == b.date && a.ts == b.ts && a.rule == b.rule && a.detail == b.detail &&
                                        a.action == b.action && a.stage == b.stage;
                               }),
                   out.issues.end());
  out.stats.by_rule.clear();
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
    out.adjustments =
        ResolveAdjustments(bars, index, actions, AppliedFlags(bars.source, source_adjustment), out.issues);
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
    out.adjustments = ResolveAdjustments(bars, actions, AppliedFlags(bars.source, source_adjustment), out.issues);
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

CleanedTicker CombineWithDailyImports(CleanedTicker intraday, CleanedTicker daily) {
  CleanedTicker out = std::move(intraday);
  Bars1d merged;
  merged.ticker = out.bars_1d.ticker.empty() ? daily.bars_1d.ticker : out.bars_1d.ticker;
  merged.reserve(out.bars_1d.size() + daily.bars_1d.size());
  size_t i = 0, j = 0;
  while (i < out.bars_1d.size() || j < daily.bars_1d.size()) {
    const bool take_intraday = j == daily.bars_1d.size() ||
                               (i < out.bars_1d.size() && out.bars_1d.date[i] <= daily.bars_1d.date[j]);
    if (take_intraday) {
      if (j < daily.bars_1d.size() && daily.bars_1d.date[j] == out.bars_1d.date[i]) ++j;  // 5-minute data wins
      merged.push_back(out.bars_1d.row(i), out.bars_1d.source[i]);
      ++i;
    } else {
      merged.push_back(daily.bars_1d.row(j), daily.bars_1d.source[j]);
      ++j;
    }
  }
  out.bars_1d = std::move(merged);
  // The same action seen in both histories: the intraday one (its previous close is the 5-minute one).
  for (const AdjustmentEvent& e : daily.adjustments) {
    const bool known = std::any_of(out.adjustments.begin(), out.adjustments.end(), [&](const AdjustmentEvent& a) {
      return a.ex_date == e.ex_date && a.split == e.split;
    });
    if (!known) out.adjustments.push_back(e);
  }
  std::stable_sort(out.adjustments.begin(), out.adjustments.end(),
                   [](const AdjustmentEvent& a, const AdjustmentEvent& b) { return a.ex_date < b.ex_date; });
  out.issues.insert(out.issues.end(), std::make_move_iterator(daily.issues.begin()),
                    std::make_move_iterator(daily.issues.end()));
  out.stats.rows_in += daily.stats.rows_in;
  out.stats.missing_bars += daily.stats.missing_bars;
  Finish(out);
  return out;
}

}  // namespace qtp::clean
