// Per-day intraday metric kernels (issue #3): liquidity, volatility and trendiness of one ticker on
// one trading day, computed from that day's clean regular-session 5-minute bars. Pure functions over
// spans: no store, no I/O, no heap allocation. They are the single implementation every caller
// (feature stage, tests, benchmarks) uses.
//
// Notation for one day with N bars in time order (index 1..N):
//   O, H, L, C      day open = open_1, high = max_i high_i, low = min_i low_i, close = close_N
//   r_i             ln(close_i / close_{i-1}) for i = 2..N: the 5-minute log returns between
//                   consecutive bars of the same day (never across the overnight gap); a full
//                   78-bar day has n = 77 of them. Below, returns are re-indexed r_1..r_n, n = N − 1.
//   r_on            ln(O / prev_close), the overnight (close-to-open) log return.
// All volatilities are in natural-log return units per day (not annualized; multiply by sqrt(252)
// to annualize). Prices are in the bars' currency (USD), volumes in shares.
//
// NaN policy: a field is NaN when its formula is undefined on the input (the rules are listed per
// field below); a kernel never returns NaN for a defined value. Inputs are not validated in the hot
// path: callers pass clean bars (see REQUIRES).
#pragma once

#include <span>

#include "qtp/core/bars.h"

namespace qtp::features {

// One ticker, one trading day: clean regular-session 5-minute bars in time order.
// REQUIRES: all five spans have the same length; prices are finite and > 0 with
// low <= open, close <= high; volumes are finite and >= 0 (what data/clean guarantees).
struct DayBarsView {
  std::span<const double> open, high, low, close, volume;
};

// Everything ComputeIntraday derives from one day. Fields documented with their formula, unit and
// the condition under which they are NaN. "n" is n_returns.
struct IntradayMetrics {
  int n_bars = 0;     // N
  int n_returns = 0;  // n = max(N − 1, 0)

  // Day OHLCV aggregated from the bars (first open, max high, min low, last close, sum of volume).
  // NaN (volume: 0) when N == 0.
  double open = kNaN, high = kNaN, low = kNaN, close = kNaN;
  double volume = 0;

  // dollar_volume = Σ_{bars} close_i · volume_i  [USD]. Fixed definition (issue #3). 0 when N == 0.
  double dollar_volume = 0;

  // rv_5m = sqrt(Σ r_i²)  [log-return units per day]. Fixed definition (issue #3). NaN if n == 0.
  double rv_5m = kNaN;
  // rskew_5m = sqrt(n) · Σ r_i³ / rv_5m³  [dimensionless]. Fixed definition (issue #3); realized
  // skewness of Amaya, Christoffersen, Jacobs & Vasquez (2015). 0 for symmetric returns; for i.i.d.
  // normal returns E ≈ 0. NaN if n == 0 or rv_5m == 0.
  double rskew_5m = kNaN;
  // rkurt_5m = n · Σ r_i⁴ / rv_5m⁴  [dimensionless]. Fixed definition (issue #3), same reference.
  // For i.i.d. normal returns E = 3n / (n + 2) (≈ 2.92 for n = 77). NaN if n == 0 or rv_5m == 0.
  double rkurt_5m = kNaN;
  // rv_5m_overnight = sqrt(rv_5m² + r_on²)  [log-return units per day]: realized volatility
  // including the close-to-open return. NaN if n == 0 or prev_close is not finite and > 0.
  double rv_5m_overnight = kNaN;
  // bipower_5m = sqrt( (π/2) · (n / (n − 1)) · Σ_{i=2..n} |r_i| |r_{i−1}| )  [as rv_5m].
  // Jump-robust realized bipower variation (Barndorff-Nielsen & Shephard 2004, "Power and bipower
  // variation with stochastic volatility and jumps", J. Financial Econometrics 2:1-37): π/2 = μ₁⁻²
  // with μ₁ = E|Z| = sqrt(2/π), and n/(n−1) corrects for the n − 1 products, so that for a
  // continuous path E[bipower²] = E[rv²]; a single jump J adds ≈ J² to rv² but only O(|J|·σ) here.
  // NaN if n < 2.
  double bipower_5m = kNaN;
  // rsv_down_5m = sqrt( Σ r_i² · 1{r_i < 0} )  [as rv_5m]: downside realized semivariance
  // (Barndorff-Nielsen, Kinnebrock & Shephard 2010, "Measuring downside risk: realised
  // semivariance"), reported as a volatility. 0 when no return is negative. NaN if n == 0.
  double rsv_down_5m = kNaN;
  // amihud_bar = mean over bars i = 2..N with close_i · volume_i > 0 of
  //              |r_i| / (close_i · volume_i) × 1e6  [log return per USD 1M traded in the bar].
  // Bar-level Amihud (2002) illiquidity; zero-volume bars are skipped (the ratio is undefined there,
  // and a bar without trades carries no price-impact information). NaN if no bar qualifies.
  double amihud_bar = kNaN;
  // ac1_5m = Σ_{i=2..n} (r_i − r̄)(r_{i−1} − r̄) / Σ_{i=1..n} (r_i − r̄)²,  r̄ = mean of r_i
  // [dimensionless]: the standard sample lag-1 autocorrelation of the 5-minute returns (negative for
  // bid-ask bounce / mean reversion, positive for intraday momentum). NaN if n < 3 or all r_i equal.
  double ac1_5m = kNaN;
  // parkinson = sqrt( ln(H/L)² / (4 ln 2) )  [log-return units per day]: Parkinson (1980) range
  // estimator of the daily volatility of a driftless Brownian log price. Uses the whole day's range,
  // so it is defined for N >= 1 (0 for H == L). NaN if N == 0.
  double parkinson = kNaN;
  // garman_klass = sqrt( 0.5 · ln(H/L)² − (2 ln 2 − 1) · ln(C/O)² )  [log-return units per day]:
  // Garman & Klass (1980) open-high-low-close estimator in its usual simplified form, without the
  // overnight term. The radicand is >= 0.11·ln(H/L)² whenever O and C lie in [L, H]; NaN if it is
  // < 0 (inconsistent bars) or N == 0.
  double garman_klass = kNaN;
};

// Computes every IntradayMetrics field in one pass over the day's bars (one log per bar, no heap
// allocation). prev_close: the previous trading day's last clean close of the same ticker, adjusted
// on the same basis as these bars; pass kNaN when unknown (first day, or after a data gap), which
// makes rv_5m_overnight NaN and changes nothing else. N == 0 gives n_bars == 0 and every
// undefined field NaN.
// Thread safety: pure function, safe to call concurrently.
IntradayMetrics ComputeIntraday(const DayBarsView& day, double prev_close);

// Corwin & Schultz (2012, "A simple way to estimate bid-ask spreads from daily high and low prices",
// J. Finance 67:719-760) two-day high-low spread estimate, as a fraction of price (0.01 = 1%).
// Day 0 is the earlier day, day 1 the later one; attribute the estimate to day 1 so that it uses
// only data up to day 1's close.
//   Overnight adjustment (the paper's correction for overnight returns): if low1 > close0 the price rose
//   overnight and high1, low1 are both lowered by (low1 − close0); if high1 < close0 both are
//   raised by (close0 − high1). Then
//   β = ln(high0/low0)² + ln(high1/low1)²
//   γ = ln( max(high0, high1) / min(low0, low1) )²
//   α = (sqrt(2β) − sqrt(β)) / (3 − 2 sqrt 2) − sqrt( γ / (3 − 2 sqrt 2) )
//   S = 2 (e^α − 1) / (1 + e^α)
// NOTE: S < 0 happens often over two days (volatility, not the spread, dominates the range); such
// estimates are set to 0, as in the paper's empirical work. Averaging over days is the caller's job.
// NaN unless all inputs are finite, the lows and close0 are > 0 and high >= low on both days.
double CorwinSchultzSpread(double high0, double low0, double close0, double high1, double low1);

}  // namespace qtp::features
