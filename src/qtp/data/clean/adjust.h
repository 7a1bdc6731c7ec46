// Rule: back-adjust prices and volumes for splits and cash dividends (CRSP style), so a price
// series is continuous across corporate actions and returns computed from it are total returns.
//
// For a row on exchange date t, with every known action of the ticker:
//   price factor  P(t) = Π_{splits with ex_date > t} (1 / ratio) × Π_{dividends with ex_date > t} (1 − D / close_prev)
//   volume factor V(t) = Π_{splits with ex_date > t} ratio
// open, high, low, close and vwap are multiplied by P(t), volume by V(t). Rows on or after the last
// ex-date are unchanged (factors are 1): history is expressed in today's shares.
//   split     ratio = new shares per old share (2 = 2-for-1, 0.1 = 1-for-10 reverse). Price × volume
//             is unchanged by a split adjustment (dollar volume is preserved).
//   dividend  D = cash per share; close_prev = the last close strictly before the ex-date (the raw,
//             unadjusted close: when the row's source already applied splits, it is converted back to
//             the raw basis first). Dividends do not change volume.
// Every applied action is recorded (split_adjustment / dividend_adjustment, action "adjusted", with
// the factors and the number of rows before the ex-date). Not applied, and recorded with action
// "skipped": a split ratio that is not finite and > 0 or a dividend that is not finite and >= 0
// (invalid_corporate_action); a dividend with no close before its ex-date, or with D >= close_prev
// (dividend_adjustment). A split ratio of exactly 1 and a dividend of 0 are not events (some feeds
// carry them on every row) and are ignored without a finding.
//
// Processed bars keep the AS-TRADED prices and volumes; the factors above are stored beside them
// (bars_5m / bars_1d columns adj_factor, adj_volume_factor) and the bars_5m / bars_1d views apply
// them. Why not store adjusted prices: P(t) changes whenever a later action arrives, so stored
// adjusted history would rewrite itself and every level a feature reads from it (a $20 close
// looks like $2 once a 10:1 split arrives years later) would use information from after t. From
// the as-traded rows and each day's factor F(t) (ex_factor: the product of the price factors of the
// actions effective since the previous row, 1 on most days) a reader rebuilds returns and windows
// as of any day using only the actions known then: r(t) = close(t) / (close(t-1) x F(t)) - 1.
//
// Sources that deliver already-adjusted data mark rows through `applied` (per row: bit 0 = splits
// already applied, bit 1 = dividends already applied): those rows are brought back to the as-traded
// basis by undoing the actions the source applied. A source can only have applied the actions up
// to its as-of date, taken as the last date of its rows in the ticker: only those are undone (the
// IEX daily set is split-adjusted as of 2018, so its 2015 rows are multiplied by the ratios of the
// splits between 2015 and 2018; AAPL's 4:1 split of 2020-08-31 is then an ordinary later action).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "qtp/core/bars.h"
#include "qtp/core/quality.h"
#include "qtp/data/clean/clean_types.h"

namespace qtp::clean {

inline constexpr uint8_t kAppliedSplits = 1;
inline constexpr uint8_t kAppliedDividends = 2;

// A valid action as its factors on its ex-date (split: 1/ratio and ratio; dividend: f and 1).
struct AdjustmentEvent {
  DateDays ex_date = 0;
  bool split = false;
  double price_factor = 1.0;
  double volume_factor = 1.0;
};

// Factors of rows on ascending `dates`: P(t) and V(t) of the header, and the price factor of the
// actions effective since the previous row (ex_date in (previous row's date, t]; for the first
// row, ex_date <= t): F(t), 1 on most days, the ex_factor column.
struct AdjustmentFactors {
  std::vector<double> price, volume, since_previous;
};
AdjustmentFactors FactorsFor(const std::vector<DateDays>& dates, const std::vector<AdjustmentEvent>& events);

// Per-row `applied` flags from the rows' sources; empty when no row's source applied anything.
std::vector<uint8_t> AppliedFlags(const std::vector<std::string>& sources,
                                  const std::function<SourceAdjustment(const std::string&)>& source_adjustment);

// The ticker's actions as events (ex_date ascending; findings recorded). Rows a source delivered
// adjusted are converted back to the as-traded basis in place; every other row is left untouched.
// 5-minute bars: the exchange date of a row is its session's date.
std::vector<AdjustmentEvent> ResolveAdjustments(Bars5m& bars, const SessionBars& index,
                                                const std::vector<CorporateAction>& actions,
                                                const std::vector<uint8_t>& applied, QualityIssues& issues);
// Daily rows (sorted by date).
std::vector<AdjustmentEvent> ResolveAdjustments(Bars1d& bars, const std::vector<CorporateAction>& actions,
                                                const std::vector<uint8_t>& applied, QualityIssues& issues);

}  // namespace qtp::clean
