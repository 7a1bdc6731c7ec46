// Rule: bars whose values are impossible are removed ("quarantined") and recorded with the values.
//
//   non_positive_price   open, high, low or close <= 0          (no US equity trades at or below 0)
//   high_below_low       high < low                             (the range is empty)
//   open_outside_range   open  outside [low, high]              (the first trade is one of the bar's trades)
//   close_outside_range  close outside [low, high]              (the last trade is one of the bar's trades)
//   negative_volume      volume < 0                             (share counts are non-negative)
// Comparisons are exact: sources deliver prices on a tick grid, so a consistent bar compares
// exactly, and a tolerance would only hide real errors. A bar breaking several rules is recorded
// once, under the first rule in the order above; the detail lists every rule it breaks.
//
//   bad_vwap             vwap present but <= 0, or outside [low, high] by more than 1% of the
//                        price: vwap is the volume-weighted mean of the bar's trade prices, so it
//                        lies in [low, high]; the 1% allows feeds whose vwap counts trades the OHLC
//                        does not (odd lots, late prints). The bar is kept and its vwap set to null
//                        (action "nulled"); daily vwap then falls back to the typical price.
// Ingest already refused non-finite values, so every value here is finite (vwap NaN = not given).
// The same checks apply to 5-minute bars and to daily rows of daily-only imports.
#pragma once

#include <cstdint>
#include <string_view>

#include "qtp/core/bars.h"
#include "qtp/core/quality.h"
#include "qtp/data/clean/clean_types.h"

namespace qtp::clean {

enum class BadTick : uint8_t {
  kNone = 0,
  kNonPositivePrice,
  kHighBelowLow,
  kOpenOutsideRange,
  kCloseOutsideRange,
  kNegativeVolume,
};
std::string_view BadTickRule(BadTick kind);

// The first rule (in the order of the header) that the bar breaks, or kNone.
inline BadTick ClassifyBar(double open, double high, double low, double close, double volume) {
  if (!(open > 0 && high > 0 && low > 0 && close > 0)) return BadTick::kNonPositivePrice;
  if (high < low) return BadTick::kHighBelowLow;
  if (open < low || open > high) return BadTick::kOpenOutsideRange;
  if (close < low || close > high) return BadTick::kCloseOutsideRange;
  if (volume < 0) return BadTick::kNegativeVolume;
  return BadTick::kNone;
}

// True when a given (finite) vwap is impossible for the bar; NaN (not given) is never bad.
inline bool IsBadVwap(double vwap, double high, double low) {
  constexpr double kVwapTolerance = 0.01;
  return vwap <= 0 || vwap < low * (1 - kVwapTolerance) || vwap > high * (1 + kVwapTolerance);
}

// 5-minute bars, after the RTH filter (`index` gives each bar's exchange date).
void FilterBadTicks(Bars5m& bars, SessionBars& index, QualityIssues& issues);
// Daily rows of a daily-only import.
void FilterBadTicks(Bars1d& bars, QualityIssues& issues);

}  // namespace qtp::clean
