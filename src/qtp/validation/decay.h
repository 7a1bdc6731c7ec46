// Signal decay: how a score's information about future returns fades. For a score known at day t's
// close and the panel's forward returns (eda::ForwardReturns, close to close, splits and dividends
// carried by ex_factor):
//   horizon IC   mean daily Spearman IC with the return over t..t+h (what a position held h days earns)
//   lag IC       mean daily Spearman IC with the return of day t+h alone (t+h-1..t+h): the
//                information left for the h-th day after the signal
//   half-life    the lag at which the lag IC has fallen to half the lag-1 IC (linear between the
//                measured lags); NaN when the lag-1 IC is not positive (nothing to decay), +inf when
//                it never falls that far within the lags measured
// Days with fewer than min_tickers pairs get no IC.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "qtp/eda/panel.h"

namespace qtp::validation {

// The panel's forward returns at every horizon (day-major, ticker-minor; NaN: none).
struct ForwardReturns {
  std::vector<int> horizons;                // ascending; horizons[0] == 1
  std::vector<std::vector<double>> values;  // per horizon: [day * tickers + ticker]
  size_t num_days = 0;
  size_t num_tickers = 0;
  std::span<const double> At(size_t h, size_t day) const {
    return std::span<const double>(values[h]).subspan(day * num_tickers, num_tickers);
  }
};

// `horizons` ascending; 1 is added when missing (the lag ICs need it).
ForwardReturns ComputeForwardReturns(const eda::Panel& panel, std::vector<int> horizons);

struct DecayProfile {
  std::vector<int> horizons;
  std::vector<double> horizon_ic;
  std::vector<double> lag_ic;
  double half_life = 0;
  std::vector<double> daily_ic;  // per day of [first, end): the horizon-1 rank IC (NaN: none), for the rolling IC
};

// The score of a day, one value per panel ticker (NaN: none).
using DayScores = std::function<std::span<const double>(size_t day)>;

// The decay of `scores` over the days [first, end): each day's ICs with its forward returns, which
// reach day t + h of the panel (a diagnostic of the whole scored period, not a selection input).
DecayProfile ComputeDecay(const ForwardReturns& forward, const DayScores& scores, size_t first, size_t end,
                          size_t min_tickers);

double HalfLife(std::span<const int> lags, std::span<const double> lag_ic);

}  // namespace qtp::validation
