#include "qtp/data/clean/adjust.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>

namespace qtp::clean {
namespace {

// Rows grouped by exchange date: group g has date dates[g] (ascending) and rows
// [offsets[g], offsets[g + 1]).
struct RowGroups {
  std::vector<DateDays> dates;
  std::vector<size_t> offsets;
};

struct PriceColumns {
  std::vector<double>& open;
  std::vector<double>& high;
  std::vector<double>& low;
  std::vector<double>& close;
  std::vector<double>& vwap;
  std::vector<double>& volume;
};

// For rows whose source already applied adjustments: the last date of that source's rows in this
// ticker. A source can only have applied actions up to the day its data was produced, so actions
// after that date are not in its rows (e.g. a 2018 split-adjusted file and a 2020 split).
std::vector<DateDays> SourceAsOf(const RowGroups& groups, const std::vector<std::string>& sources,
                                 const std::vector<uint8_t>& applied) {
  std::vector<DateDays> as_of;
  if (applied.empty()) return as_of;
  std::map<std::string, DateDays> last;
  for (size_t g = 0; g < groups.dates.size(); ++g) {
    for (size_t i = groups.offsets[g]; i < groups.offsets[g + 1]; ++i) {
      if (applied[i] != 0) last[sources[i]] = groups.dates[g];  // dates ascend: the last write wins
    }
  }
  as_of.assign(sources.size(), kNullDate);
  for (size_t i = 0; i < sources.size(); ++i) {
    if (applied[i] != 0) as_of[i] = last.at(sources[i]);
  }
  return as_of;
}

// Rows strictly before `date`.
size_t RowsBefore(const RowGroups& groups, DateDays date) {
  const auto it = std::lower_bound(groups.dates.begin(), groups.dates.end(), date);
  return groups.offsets[static_cast<size_t>(it - groups.dates.begin())];
}

// On the rows whose source applied this kind of event (`bit`), divides out the events of that kind
// with ex_date in (row date, the source's as-of date]: what the source multiplied in.
void UndoSourceAdjustment(const RowGroups& groups, PriceColumns cols, const std::vector<uint8_t>& applied,
                          const std::vector<DateDays>& as_of, const std::vector<AdjustmentEvent>& events, uint8_t bit) {
  if (applied.empty() || events.empty()) return;
  for (size_t g = 0; g < groups.dates.size(); ++g) {
    for (size_t i = groups.offsets[g]; i < groups.offsets[g + 1]; ++i) {
      if (!(applied[i] & bit)) continue;
      double price = 1.0, volume = 1.0;
      for (const AdjustmentEvent& e : events) {
        if (e.ex_date > groups.dates[g] && e.ex_date <= as_of[i]) {
          price *= e.price_factor;
          volume *= e.volume_factor;
        }
      }
      for (std::vector<double>* column : {&cols.open, &cols.high, &cols.low, &cols.close, &cols.vwap}) {
        (*column)[i] /= price;  // NaN (not given) stays NaN
      }
      cols.volume[i] /= volume;
    }
  }
}

std::vector<AdjustmentEvent> Resolve(const std::string& ticker, const RowGroups& groups, PriceColumns cols,
                                     const std::vector<std::string>& sources, const std::vector<uint8_t>& applied,
                                     const std::vector<CorporateAction>& actions, QualityIssues& issues) {
  const std::vector<DateDays> as_of = SourceAsOf(groups, sources, applied);
  std::vector<CorporateAction> sorted = actions;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const CorporateAction& a, const CorporateAction& b) { return a.ex_date < b.ex_date; });
  // Splits first: a dividend's previous close must be on the as-traded basis.
  std::vector<AdjustmentEvent> splits;
  for (const CorporateAction& a : sorted) {
    if (a.type != CorporateActionType::kSplit || a.split_ratio == 1.0) continue;  // 1:1 is no event
    if (!(std::isfinite(a.split_ratio) && a.split_ratio > 0)) {
      issues.push_back(
          MakeIssue(ticker, kNullInt64, a.ex_date, rule::kInvalidCorporateAction, action::kSkipped,
                    fmt::format("split with ratio {} (must be finite and > 0) not applied", a.split_ratio)));
      continue;
    }
    const size_t rows = RowsBefore(groups, a.ex_date);
    splits.push_back({a.ex_date, true, 1.0 / a.split_ratio, a.split_ratio});
    issues.push_back(
        MakeIssue(ticker, kNullInt64, a.ex_date, rule::kSplitAdjustment, action::kAdjusted,
                  fmt::format("split ratio {}: prices x {:.6g}, volumes x {:.6g} on {} rows before {}", a.split_ratio,
                              1.0 / a.split_ratio, a.split_ratio, rows, FormatDate(a.ex_date))));
  }
  UndoSourceAdjustment(groups, cols, applied, as_of, splits, kAppliedSplits);
  std::vector<AdjustmentEvent> dividends;
  for (const CorporateAction& a : sorted) {
    if (a.type != CorporateActionType::kDividend || a.dividend == 0.0) continue;  // a zero dividend is no event
    if (!(std::isfinite(a.dividend) && a.dividend > 0)) {
      issues.push_back(MakeIssue(ticker, kNullInt64, a.ex_date, rule::kInvalidCorporateAction, action::kSkipped,
                                 fmt::format("dividend of {} (must be finite and >= 0) not applied", a.dividend)));
      continue;
    }
    const size_t rows = RowsBefore(groups, a.ex_date);
    if (rows == 0) {
      issues.push_back(MakeIssue(ticker, kNullInt64, a.ex_date, rule::kDividendAdjustment, action::kSkipped,
                                 fmt::format("dividend {} per share: no close before the ex-date", a.dividend)));
      continue;
    }
    const size_t prev_row = rows - 1;
    const auto g = static_cast<size_t>(std::upper_bound(groups.offsets.begin(), groups.offsets.end(), prev_row) -
                                       groups.offsets.begin() - 1);
    const DateDays prev_date = groups.dates[g];
    const double close_prev = cols.close[prev_row];
    const double factor = 1.0 - a.dividend / close_prev;
    if (!(factor > 0)) {
      issues.push_back(MakeIssue(ticker, kNullInt64, a.ex_date, rule::kDividendAdjustment, action::kSkipped,
                                 fmt::format("dividend {} per share >= previous close {} on {}: not applied",
                                             a.dividend, close_prev, FormatDate(prev_date))));
      continue;
    }
    dividends.push_back({a.ex_date, false, factor, 1.0});
    issues.push_back(MakeIssue(ticker, kNullInt64, a.ex_date, rule::kDividendAdjustment, action::kAdjusted,
                               fmt::format("dividend {} per share, previous close {} on {}: prices x {:.8g} on {} rows",
                                           a.dividend, close_prev, FormatDate(prev_date), factor, rows)));
  }
  UndoSourceAdjustment(groups, cols, applied, as_of, dividends, kAppliedDividends);
  std::vector<AdjustmentEvent> events;
  std::merge(splits.begin(), splits.end(), dividends.begin(), dividends.end(), std::back_inserter(events),
             [](const AdjustmentEvent& a, const AdjustmentEvent& b) { return a.ex_date < b.ex_date; });
  return events;
}

}  // namespace

std::vector<uint8_t> AppliedFlags(const std::vector<std::string>& sources,
                                  const std::function<SourceAdjustment(const std::string&)>& source_adjustment) {
  std::vector<uint8_t> flags;
  if (!source_adjustment) return flags;
  const std::string* cached_source = nullptr;
  uint8_t cached = 0;
  for (size_t i = 0; i < sources.size(); ++i) {
    if (cached_source == nullptr || sources[i] != *cached_source) {
      const SourceAdjustment adj = source_adjustment(sources[i]);
      cached = static_cast<uint8_t>((adj.splits ? kAppliedSplits : 0) | (adj.dividends ? kAppliedDividends : 0));
      cached_source = &sources[i];
    }
    if (cached != 0 && flags.empty()) {
      flags.assign(sources.size(), 0);
    }
    if (!flags.empty()) {
      flags[i] = cached;
    }
  }
  return flags;
}


AdjustmentFactors FactorsFor(const std::vector<DateDays>& dates, const std::vector<AdjustmentEvent>& events) {
  AdjustmentFactors out;
  out.price.assign(dates.size(), 1.0);
  out.volume.assign(dates.size(), 1.0);
  out.since_previous.assign(dates.size(), 1.0);
  // Walk rows backwards, folding in every event whose ex-date is after the current row's date.
  double price = 1.0, volume = 1.0;
  size_t next_event = events.size();  // events[next_event..) are folded in
  for (size_t i = dates.size(); i-- > 0;) {
    while (next_event > 0 && events[next_event - 1].ex_date > dates[i]) {
      --next_event;
      price *= events[next_event].price_factor;
      volume *= events[next_event].volume_factor;
    }
    out.price[i] = price;
    out.volume[i] = volume;
    for (size_t e = next_event; e > 0 && (i == 0 || events[e - 1].ex_date > dates[i - 1]); --e) {
      out.since_previous[i] *= events[e - 1].price_factor;
    }
  }
  return out;
}

std::vector<AdjustmentEvent> ResolveAdjustments(Bars5m& bars, const SessionBars& index,
                                                const std::vector<CorporateAction>& actions,
                                                const std::vector<uint8_t>& applied, QualityIssues& issues) {
  if (actions.empty()) return {};
  RowGroups groups;
  groups.offsets = index.offsets;
  groups.dates.reserve(index.size());
  for (const TradingSession& session : index.sessions) {
    groups.dates.push_back(session.date);
  }
  return Resolve(bars.ticker, groups, {bars.open, bars.high, bars.low, bars.close, bars.vwap, bars.volume},
                 bars.source, applied, actions, issues);
}

std::vector<AdjustmentEvent> ResolveAdjustments(Bars1d& bars, const std::vector<CorporateAction>& actions,
                                                const std::vector<uint8_t>& applied, QualityIssues& issues) {
  if (actions.empty()) return {};
  RowGroups groups;
  groups.dates = bars.date;
  groups.offsets.resize(bars.size() + 1);
  for (size_t i = 0; i <= bars.size(); ++i) {
    groups.offsets[i] = i;
  }
  return Resolve(bars.ticker, groups, {bars.open, bars.high, bars.low, bars.close, bars.vwap, bars.volume},
                 bars.source, applied, actions, issues);
}

}  // namespace qtp::clean
