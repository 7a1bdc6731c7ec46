// Daily bars from clean 5-minute bars, one per session that has at least one bar:
//   date    = the session's exchange (New York) date
//   open    = open of the first bar          high = max of highs      low = min of lows
//   close   = close of the last bar          volume = Σ volume
//   vwap    = Σ(p_i × volume_i) / Σ volume_i, where p_i = the bar's vwap, or its typical price
//             (high + low + close) / 3 when the source gave no vwap (the usual approximation of the
//             average trade price in a bar). When Σ volume = 0, vwap = the unweighted mean of the p_i.
//   n_bars  = number of 5-minute bars (78 on a complete full day, 42 on a complete early close)
//   source  = the bars' source, or the distinct sources joined by '+' when a day mixes sources
// Computed after adjustment, so daily bars are adjusted exactly like the 5-minute bars.
#pragma once

#include "qtp/core/bars.h"
#include "qtp/data/clean/clean_types.h"

namespace qtp::clean {

Bars1d AggregateDaily(const Bars5m& bars, const SessionBars& index);

}  // namespace qtp::clean
