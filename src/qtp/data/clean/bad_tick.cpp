#include "qtp/data/clean/bad_tick.h"

#include <fmt/format.h>

#include <string>
#include <vector>

namespace qtp::clean {
namespace {

// "open=0 high=10.5 low=10.1 close=10.2 volume=300 (breaks: non_positive_price, open_outside_range)"
std::string Describe(double open, double high, double low, double close, double volume) {
  std::string broken;
  auto add = [&broken](bool breaks, BadTick kind) {
    if (breaks) {
      broken += broken.empty() ? "" : ", ";
      broken += BadTickRule(kind);
    }
  };
  add(!(open > 0 && high > 0 && low > 0 && close > 0), BadTick::kNonPositivePrice);
  add(high < low, BadTick::kHighBelowLow);
  add(open < low || open > high, BadTick::kOpenOutsideRange);
  add(close < low || close > high, BadTick::kCloseOutsideRange);
  add(volume < 0, BadTick::kNegativeVolume);
  return fmt::format("open={} high={} low={} close={} volume={} (breaks: {})", open, high, low, close, volume, broken);
}

std::string DescribeVwap(double vwap, double high, double low) {
  return fmt::format("vwap={} outside (0, [low={}, high={}] +/- 1%]: set to null", vwap, low, high);
}

}  // namespace

std::string_view BadTickRule(BadTick kind) {
  switch (kind) {
    case BadTick::kNone:
      return "";
    case BadTick::kNonPositivePrice:
      return rule::kNonPositivePrice;
    case BadTick::kHighBelowLow:
      return rule::kHighBelowLow;
    case BadTick::kOpenOutsideRange:
      return rule::kOpenOutsideRange;
    case BadTick::kCloseOutsideRange:
      return rule::kCloseOutsideRange;
    case BadTick::kNegativeVolume:
      return rule::kNegativeVolume;
  }
  return "";
}

void FilterBadTicks(Bars5m& bars, SessionBars& index, QualityIssues& issues) {
  std::vector<uint8_t> keep;
  for (size_t s = 0; s < index.size(); ++s) {
    for (size_t i = index.begin(s); i < index.end(s); ++i) {
      const BadTick kind = ClassifyBar(bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]);
      if (kind != BadTick::kNone) {
        if (keep.empty()) {
          keep.assign(bars.size(), 1);
        }
        keep[i] = 0;
        issues.push_back(MakeIssue(bars.ticker, bars.ts[i], index.sessions[s].date, BadTickRule(kind),
                                   action::kQuarantined,
                                   Describe(bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i])));
      } else if (IsBadVwap(bars.vwap[i], bars.high[i], bars.low[i])) {
        issues.push_back(MakeIssue(bars.ticker, bars.ts[i], index.sessions[s].date, rule::kBadVwap, action::kNulled,
                                   DescribeVwap(bars.vwap[i], bars.high[i], bars.low[i])));
        bars.vwap[i] = kNaN;
      }
    }
  }
  if (!keep.empty()) {
    RemoveRows(bars, index, keep);
  }
}

void FilterBadTicks(Bars1d& bars, QualityIssues& issues) {
  std::vector<uint8_t> keep;
  for (size_t i = 0; i < bars.size(); ++i) {
    const BadTick kind = ClassifyBar(bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]);
    if (kind != BadTick::kNone) {
      if (keep.empty()) {
        keep.assign(bars.size(), 1);
      }
      keep[i] = 0;
      issues.push_back(MakeIssue(bars.ticker, kNullInt64, bars.date[i], BadTickRule(kind), action::kQuarantined,
                                 Describe(bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i])));
    } else if (IsBadVwap(bars.vwap[i], bars.high[i], bars.low[i])) {
      issues.push_back(MakeIssue(bars.ticker, kNullInt64, bars.date[i], rule::kBadVwap, action::kNulled,
                                 DescribeVwap(bars.vwap[i], bars.high[i], bars.low[i])));
      bars.vwap[i] = kNaN;
    }
  }
  if (!keep.empty()) {
    bars.Filter(keep);
  }
}

}  // namespace qtp::clean
