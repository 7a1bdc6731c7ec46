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
// NOTE: processed bars are adjusted as of the latest action in the store, so processed history
// CHANGES when a new action arrives: every row before the new ex-date is multiplied by the same
// factor. That is expected. Features stay point-in-time by construction of their computation, not
// because the stored prices are frozen: a feature at date t reads only rows <= t, and an action with
// ex-date > t multiplies all of those rows by one common factor, so scale-free quantities (returns,
// ratios, ranks, volatilities) are unchanged. A feature that needs price LEVELS (e.g. dollar volume in
// currency, price filters) must say so and use raw bars, or accept that a later dividend rescales its
// past values by (1 − D/close_prev).
//
// Sources that deliver already-adjusted data mark rows through `applied` (per row: bit 0 = splits
// already applied, bit 1 = dividends already applied), so no adjustment is applied twice. A source
// can only have applied the actions up to its as-of date, taken as the last date of its rows in
// the ticker: actions after it are applied to its rows like to any other (the IEX daily set is
// split-adjusted as of 2018; AAPL's 4:1 split of 2020-08-31 still divides its prices by 4).
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

// Per-row `applied` flags from the rows' sources; empty when no row's source applied anything.
std::vector<uint8_t> AppliedFlags(const std::vector<std::string>& sources,
                                  const std::function<SourceAdjustment(const std::string&)>& source_adjustment);

// 5-minute bars: the exchange date of a row is its session's date.
void BackAdjust(Bars5m& bars, const SessionBars& index, const std::vector<CorporateAction>& actions,
                const std::vector<uint8_t>& applied, QualityIssues& issues);
// Daily rows (sorted by date).
void BackAdjust(Bars1d& bars, const std::vector<CorporateAction>& actions, const std::vector<uint8_t>& applied,
                QualityIssues& issues);

}  // namespace qtp::clean
