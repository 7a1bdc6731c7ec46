// A model's daily metrics (daily_metrics.h) over a span of days, e.g. one fold's test period or the
// whole out-of-sample history: means, dispersion, ICIR and a t-statistic that allows for the
// autocorrelation overlapping forward windows put into the daily IC series.
#pragma once

#include <cstddef>
#include <span>

#include "qtp/core/bars.h"
#include "qtp/evaluation/daily_metrics.h"

namespace qtp::evaluation {

struct Summary {
  size_t days = 0;              // days with a finite rank IC
  double mean_ic = kNaN;        // mean of the finite daily ICs (Pearson)
  double sd_ic = kNaN;          // their sample standard deviation (n - 1); NaN below 2 days
  double mean_rank_ic = kNaN;   // mean of the finite daily rank ICs
  double sd_rank_ic = kNaN;     // sample standard deviation (n - 1); NaN below 2 days
  double icir = kNaN;           // mean_rank_ic / sd_rank_ic, per day (not annualized); NaN when sd is 0
  double icir_annualized = kNaN;  // icir * sqrt(252 / horizon): horizon-day bets, 252 trading days a year
  double t_stat = kNaN;         // mean_rank_ic / Newey-West standard error (NeweyWestTStat, lag below)
  int newey_west_lag = 0;       // horizon - 1: consecutive h-day forward windows share h - 1 days
  double hit_rate = kNaN;       // mean of the finite daily hit rates
  double top_minus_bottom = kNaN;  // mean of the finite daily top-minus-bottom spreads
  double rank_autocorr = kNaN;  // mean of the finite daily rank autocorrelations
};

// t-statistic of the mean of `x` (the finite values, in order; non-finite ones are dropped and the
// rest treated as consecutive) with a Newey-West (1987) heteroskedasticity and autocorrelation
// consistent standard error, Bartlett weights:
//   e_t = x_t - mean,  G_j = sum_{t=j+1..T} e_t e_{t-j},
//   Var(mean) = [G_0 + 2 sum_{j=1..L} (1 - j / (L + 1)) G_j] / (T (T - 1)),
//   t = mean / sqrt(Var(mean)).
// The 1 / (T (T - 1)) scale is Newey-West's 1 / T^2 with the T / (T - 1) small-sample factor of
// Stata's `newey` for a regression on a constant, so that lag 0 gives the plain one-sample t,
// mean / (s / sqrt(T)). L = min(lag, T - 1). Bartlett weights keep Var(mean) >= 0.
// Newey, W. K. and West, K. D. (1987), "A Simple, Positive Semi-Definite, Heteroskedasticity and
// Autocorrelation Consistent Covariance Matrix", Econometrica 55(3), 703-708.
// NaN: fewer than 2 finite values, or Var(mean) = 0.
double NeweyWestTStat(std::span<const double> x, int lag);

// The summary of `days` (in date order) for forward returns over `horizon` trading days (>= 1).
Summary Summarize(std::span<const DayMetrics> days, int horizon);

}  // namespace qtp::evaluation
