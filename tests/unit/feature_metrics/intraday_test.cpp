#include "qtp/features/metrics/intraday.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>
#include <numeric>
#include <random>
#include <vector>

namespace qtp::features {
namespace {

// Owns the columns a DayBarsView points into.
struct DayColumns {
  std::vector<double> open, high, low, close, volume;

  DayBarsView View() const { return {open, high, low, close, volume}; }
  void Add(double o, double h, double l, double c, double v) {
    open.push_back(o);
    high.push_back(h);
    low.push_back(l);
    close.push_back(c);
    volume.push_back(v);
  }
};

// A day whose close-to-close log returns are exactly `returns` (up to rounding); each bar opens at
// the previous close and its high/low add a little wick so the bars are consistent.
DayColumns DayFromReturns(double first_close, const std::vector<double>& returns, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> wick(0.0, 5e-4);
  std::uniform_real_distribution<double> shares(100.0, 10000.0);
  DayColumns d;
  double prev = first_close;
  d.Add(first_close, first_close * (1 + wick(rng)), first_close * (1 - wick(rng)), first_close, shares(rng));
  for (double r : returns) {
    const double c = prev * std::exp(r);
    d.Add(prev, std::max(prev, c) * (1 + wick(rng)), std::min(prev, c) * (1 - wick(rng)), c, shares(rng));
    prev = c;
  }
  return d;
}

std::vector<double> NormalReturns(size_t n, double sigma, std::mt19937_64& rng) {
  std::normal_distribution<double> z(0.0, sigma);
  std::vector<double> r(n);
  for (double& x : r) {
    x = z(rng);
  }
  return r;
}

double Mean(const std::vector<double>& x) { return std::accumulate(x.begin(), x.end(), 0.0) / x.size(); }

double StdError(const std::vector<double>& x) {
  const double m = Mean(x);
  const double ss =
      std::accumulate(x.begin(), x.end(), 0.0, [m](double acc, double v) { return acc + (v - m) * (v - m); });
  return std::sqrt(ss / (x.size() - 1) / x.size());
}

// ---- hand-worked day ---------------------------------------------------------------------------

// Five bars whose log closes are 0, 0.01, -0.01, 0.02, 0.01 above ln(100), so the returns are
// r = (0.01, -0.02, 0.03, -0.01) and every sum below is plain decimal arithmetic.
TEST(ComputeIntraday, HandWorkedFiveBarDay) {
  const auto p = [](double log_move) { return 100.0 * std::exp(log_move); };
  DayColumns d;
  //     open        high        low          close      volume
  d.Add(p(-0.01), p(0.005), p(-0.015), p(0.00), 1000);
  d.Add(p(0.00), p(0.015), p(-0.002), p(0.01), 0);  // zero-volume bar: skipped by Amihud
  d.Add(p(0.01), p(0.010), p(-0.030), p(-0.01), 2000);
  d.Add(p(-0.01), p(0.040), p(-0.010), p(0.02), 1500);
  d.Add(p(0.02), p(0.020), p(0.005), p(0.01), 500);
  const double prev_close = p(-0.02);  // r_on = ln(O / prev_close) = -0.01 + 0.02 = 0.01

  const IntradayMetrics m = ComputeIntraday(d.View(), prev_close);

  EXPECT_EQ(m.n_bars, 5);
  EXPECT_EQ(m.n_returns, 4);
  EXPECT_DOUBLE_EQ(m.open, p(-0.01));
  EXPECT_DOUBLE_EQ(m.high, p(0.04));
  EXPECT_DOUBLE_EQ(m.low, p(-0.03));
  EXPECT_DOUBLE_EQ(m.close, p(0.01));
  EXPECT_DOUBLE_EQ(m.volume, 5000);
  const double dollar_volume =
      100.0 * (1000 * 1.0 + 0 + 2000 * std::exp(-0.01) + 1500 * std::exp(0.02) + 500 * std::exp(0.01));
  EXPECT_NEAR(m.dollar_volume, dollar_volume, 1e-12 * dollar_volume);

  constexpr double kTol = 1e-11;
  // Σr² = 1e-4 + 4e-4 + 9e-4 + 1e-4 = 15e-4.
  EXPECT_NEAR(m.rv_5m, std::sqrt(15e-4), kTol);
  // Σr³ = 1e-6 - 8e-6 + 27e-6 - 1e-6 = 19e-6; rskew = sqrt(4)·19e-6 / (15e-4)^1.5 = 0.654104...
  EXPECT_NEAR(m.rskew_5m, 2.0 * 19e-6 / (15e-4 * std::sqrt(15e-4)), 1e-9);
  EXPECT_NEAR(m.rskew_5m, 0.654104, 1e-6);
  // Σr⁴ = 1e-8 + 16e-8 + 81e-8 + 1e-8 = 99e-8; rkurt = 4·99e-8 / (15e-4)² = 396e-8 / 225e-8 = 1.76.
  EXPECT_NEAR(m.rkurt_5m, 1.76, 1e-9);
  // sqrt(15e-4 + 0.01²) = sqrt(16e-4) = 0.04.
  EXPECT_NEAR(m.rv_5m_overnight, 0.04, kTol);
  // Σ|r_i||r_{i-1}| = 0.01·0.02 + 0.02·0.03 + 0.03·0.01 = 11e-4; bv² = (π/2)·(4/3)·11e-4.
  EXPECT_NEAR(m.bipower_5m, std::sqrt(std::numbers::pi / 2.0 * 4.0 / 3.0 * 11e-4), kTol);
  // Negative returns -0.02, -0.01: sqrt(4e-4 + 1e-4).
  EXPECT_NEAR(m.rsv_down_5m, std::sqrt(5e-4), kTol);
  // Mean 0.0025; deviations 0.0075, -0.0225, 0.0275, -0.0125.
  // Numerator: 0.0075·(-0.0225) + (-0.0225)·0.0275 + 0.0275·(-0.0125) = -1.13125e-3.
  // Denominator: 0.0075² + 0.0225² + 0.0275² + 0.0125² = 1.475e-3.
  EXPECT_NEAR(m.ac1_5m, -1.13125e-3 / 1.475e-3, 1e-9);
  // Bars 3, 4, 5 qualify (bar 2 has no volume): |r| / (close · volume) · 1e6, averaged.
  const double amihud = (0.02 / (100 * std::exp(-0.01) * 2000) + 0.03 / (100 * std::exp(0.02) * 1500) +
                         0.01 / (100 * std::exp(0.01) * 500)) /
                        3.0 * 1e6;
  EXPECT_NEAR(m.amihud_bar, amihud, 1e-9 * amihud);
  // ln(H/L) = 0.04 + 0.03 = 0.07; ln(C/O) = 0.01 + 0.01 = 0.02.
  EXPECT_NEAR(m.parkinson, 0.07 / std::sqrt(4.0 * std::log(2.0)), kTol);
  EXPECT_NEAR(m.parkinson, 0.0420393, 1e-7);
  EXPECT_NEAR(m.garman_klass, std::sqrt(0.5 * 0.0049 - (2.0 * std::log(2.0) - 1.0) * 0.0004), kTol);
  EXPECT_NEAR(m.garman_klass, 0.0479112, 1e-7);
}

// ---- brute force on a random day ---------------------------------------------------------------

TEST(ComputeIntraday, MatchesBruteForceOnRandom78BarDay) {
  std::mt19937_64 rng(20240603);
  const DayColumns d = DayFromReturns(37.5, NormalReturns(77, 0.002, rng), rng);
  const double prev_close = 37.1;
  const IntradayMetrics m = ComputeIntraday(d.View(), prev_close);

  // Returns as differences of log prices (a different formula from the kernel's log of a ratio).
  std::vector<double> r;
  for (size_t i = 1; i < d.close.size(); ++i) {
    r.push_back(std::log(d.close[i]) - std::log(d.close[i - 1]));
  }
  const double n = static_cast<double>(r.size());
  const auto power_sum = [&r](double k) {
    return std::accumulate(r.begin(), r.end(), 0.0, [k](double acc, double x) { return acc + std::pow(x, k); });
  };
  const double rv = std::sqrt(power_sum(2));
  const double skew = std::sqrt(n) * power_sum(3) / std::pow(rv, 3);
  const double kurt = n * power_sum(4) / std::pow(rv, 4);
  double bv = 0;
  for (size_t i = 1; i < r.size(); ++i) {
    bv += std::abs(r[i] * r[i - 1]);
  }
  bv = std::sqrt(std::numbers::pi / 2.0 * n / (n - 1) * bv);
  const double down = std::sqrt(
      std::accumulate(r.begin(), r.end(), 0.0, [](double acc, double x) { return x < 0 ? acc + x * x : acc; }));
  // Two-pass demeaned autocorrelation.
  const double mean = std::accumulate(r.begin(), r.end(), 0.0) / n;
  double num = 0;
  double den = 0;
  for (size_t i = 0; i < r.size(); ++i) {
    den += (r[i] - mean) * (r[i] - mean);
    if (i > 0) {
      num += (r[i] - mean) * (r[i - 1] - mean);
    }
  }
  double amihud = 0;
  double dollars = d.close[0] * d.volume[0];
  for (size_t i = 1; i < d.close.size(); ++i) {
    amihud += std::abs(r[i - 1]) / (d.close[i] * d.volume[i]) * 1e6 / n;
    dollars += d.close[i] * d.volume[i];
  }
  const double r_on = std::log(d.open[0]) - std::log(prev_close);

  EXPECT_EQ(m.n_returns, 77);
  EXPECT_NEAR(m.rv_5m, rv, 1e-12);
  EXPECT_NEAR(m.rskew_5m, skew, 1e-9);
  EXPECT_NEAR(m.rkurt_5m, kurt, 1e-9);
  EXPECT_NEAR(m.rv_5m_overnight, std::sqrt(rv * rv + r_on * r_on), 1e-12);
  EXPECT_NEAR(m.bipower_5m, bv, 1e-12);
  EXPECT_NEAR(m.rsv_down_5m, down, 1e-12);
  EXPECT_NEAR(m.ac1_5m, num / den, 1e-9);
  EXPECT_NEAR(m.amihud_bar, amihud, 1e-9 * amihud);
  EXPECT_NEAR(m.dollar_volume, dollars, 1e-9 * dollars);
}

// ---- statistical properties --------------------------------------------------------------------

// For i.i.d. normal returns, r_i²/Σr² ~ Beta(1/2, (n-1)/2) independently of Σr², so
// E[rkurt] = n·n·E[B²] = 3n/(n+2) exactly (2.924 for n = 77: "≈ 3") and E[rskew] = 0 by symmetry.
// Per-day sd is ≈ 0.51 for rkurt and ≈ sqrt(15/n) ≈ 0.44 for rskew (the returns are not demeaned,
// so Σr³/n has variance E[r⁶]/n = 15σ⁶/n, not the textbook 6/n), measured over 8 seeds; over 2000
// days the standard errors are ≈ 0.0115 and ≈ 0.0095. The tolerance is 5 measured standard errors
// (false-failure probability < 1e-6, and the seed is fixed anyway): tight enough to tell 3n/(n+2)
// from 3, while a wrong power of n or of rv would be off by orders of magnitude. The looser "≈ 3"
// check allows the 0.076 finite-sample gap plus 5 standard errors.
TEST(ComputeIntraday, RealizedSkewAndKurtosisOfNormalReturns) {
  constexpr int kDays = 2000;
  constexpr int kReturns = 77;
  std::mt19937_64 rng(7);
  std::vector<double> skews, kurts;
  for (int day = 0; day < kDays; ++day) {
    const DayColumns d = DayFromReturns(50.0, NormalReturns(kReturns, 0.0015, rng), rng);
    const IntradayMetrics m = ComputeIntraday(d.View(), kNaN);
    skews.push_back(m.rskew_5m);
    kurts.push_back(m.rkurt_5m);
  }
  const double expected_kurt = 3.0 * kReturns / (kReturns + 2.0);
  EXPECT_LT(StdError(kurts), 0.015);
  EXPECT_NEAR(Mean(kurts), expected_kurt, 5 * StdError(kurts));
  EXPECT_NEAR(Mean(kurts), 3.0, 0.076 + 5 * 0.0115);
  EXPECT_LT(StdError(skews), 0.012);
  EXPECT_NEAR(Mean(skews), 0.0, 5 * StdError(skews));
}

// Continuous path: E[bv²] = (π/2)·(n/(n-1))·(n-1)·(2/π)σ² = nσ² = E[rv²]. A jump J = 30σ added to
// one interior return gives E[rv²] = nσ² + J² but only
// E[bv²] ≈ (n/(n-1))·((n-3)σ² + sqrt(2π)·|J|·σ) (two products carry |J|·E|z| = |J|·σ·sqrt(2/π)),
// here 1.51e-4 against 9.77e-4. Over 400 days the per-day relative sd of rv² (sqrt(2/n) ≈ 0.16) and
// bv² (≈ sqrt(2.61/n) ≈ 0.18) gives standard errors below 1%, so 5% / 10% tolerances are > 5 se.
TEST(ComputeIntraday, BipowerIsJumpRobust) {
  constexpr int kDays = 400;
  constexpr int kReturns = 77;
  constexpr double kSigma = 0.001;
  constexpr double kJump = 0.03;
  const double n = kReturns;
  std::mt19937_64 rng(11);
  double rv2 = 0, bv2 = 0, rv2_jump = 0, bv2_jump = 0;
  for (int day = 0; day < kDays; ++day) {
    std::vector<double> r = NormalReturns(kReturns, kSigma, rng);
    const IntradayMetrics smooth = ComputeIntraday(DayFromReturns(80.0, r, rng).View(), kNaN);
    r[kReturns / 2] += kJump;
    const IntradayMetrics jumpy = ComputeIntraday(DayFromReturns(80.0, r, rng).View(), kNaN);
    rv2 += smooth.rv_5m * smooth.rv_5m / kDays;
    bv2 += smooth.bipower_5m * smooth.bipower_5m / kDays;
    rv2_jump += jumpy.rv_5m * jumpy.rv_5m / kDays;
    bv2_jump += jumpy.bipower_5m * jumpy.bipower_5m / kDays;
  }
  const double continuous = n * kSigma * kSigma;
  EXPECT_NEAR(rv2 / continuous, 1.0, 0.05);
  EXPECT_NEAR(bv2 / continuous, 1.0, 0.05);
  EXPECT_NEAR(bv2 / rv2, 1.0, 0.05);

  const double expected_rv2_jump = continuous + kJump * kJump;
  const double expected_bv2_jump =
      n / (n - 1) * ((n - 3) * kSigma * kSigma + std::sqrt(2 * std::numbers::pi) * kJump * kSigma);
  EXPECT_NEAR(rv2_jump / expected_rv2_jump, 1.0, 0.05);
  EXPECT_NEAR(bv2_jump / expected_bv2_jump, 1.0, 0.10);
  EXPECT_LT(bv2_jump / rv2_jump, 0.2);  // expected 0.155; 1.0 without the jump
}

// Simulated Brownian days: 78 bars of 40 steps each, daily σ = 2%, bar OHLC taken from the path
// (each bar opens at the previous bar's close). For a continuous path both estimators are unbiased
// for σ²: E[ln(H/L)²] = 4 ln2 σ² (Parkinson 1980) and Garman-Klass's combination likewise. Sampling
// the path at 3120 points shortens the range by ≈ 0.5826/sqrt(3120)/sqrt(2/π) ≈ 1.3% per side
// (Broadie & Glasserman 1997 continuity correction), i.e. σ² is underestimated by ≈ 3-4%; that is
// allowed as a 0.05 bias term. The sampling standard error over 1000 days is ≈ 0.02 σ² (Parkinson,
// Var = 0.41σ⁴) and ≈ 0.017 σ² (GK, Var ≈ 0.27σ⁴); tolerance = bias + 4 measured standard errors.
// A wrong constant (ln 2 for 4 ln 2, a missing 0.5) would miss by 50-100%.
TEST(ComputeIntraday, RangeEstimatorsRecoverBrownianVolatility) {
  constexpr int kDays = 1000;
  constexpr int kBars = 78;
  constexpr int kStepsPerBar = 40;
  constexpr double kSigma = 0.02;
  const double step_sd = kSigma / std::sqrt(static_cast<double>(kBars * kStepsPerBar));
  std::mt19937_64 rng(2012);
  std::normal_distribution<double> z(0.0, step_sd);
  std::vector<double> park_var, gk_var;
  DayColumns d;
  for (int day = 0; day < kDays; ++day) {
    d = DayColumns{};
    double log_p = std::log(60.0);
    for (int b = 0; b < kBars; ++b) {
      const double open = log_p;
      double hi = log_p, lo = log_p;
      for (int s = 0; s < kStepsPerBar; ++s) {
        log_p += z(rng);
        hi = std::max(hi, log_p);
        lo = std::min(lo, log_p);
      }
      d.Add(std::exp(open), std::exp(hi), std::exp(lo), std::exp(log_p), 1000);
    }
    const IntradayMetrics m = ComputeIntraday(d.View(), kNaN);
    park_var.push_back(m.parkinson * m.parkinson / (kSigma * kSigma));
    gk_var.push_back(m.garman_klass * m.garman_klass / (kSigma * kSigma));
  }
  constexpr double kDiscretizationBias = 0.05;
  EXPECT_LT(StdError(park_var), 0.03);
  EXPECT_LT(StdError(gk_var), 0.025);
  EXPECT_NEAR(Mean(park_var), 1.0, kDiscretizationBias + 4 * StdError(park_var));
  EXPECT_NEAR(Mean(gk_var), 1.0, kDiscretizationBias + 4 * StdError(gk_var));
  // The discrete range can only be shorter than the continuous one: the bias is downward.
  EXPECT_LT(Mean(park_var), 1.0 + 2 * StdError(park_var));
}

// ---- edge cases --------------------------------------------------------------------------------

TEST(ComputeIntraday, EmptyDay) {
  const DayColumns d;
  const IntradayMetrics m = ComputeIntraday(d.View(), 10.0);
  EXPECT_EQ(m.n_bars, 0);
  EXPECT_EQ(m.n_returns, 0);
  EXPECT_TRUE(std::isnan(m.open));
  EXPECT_TRUE(std::isnan(m.close));
  EXPECT_EQ(m.volume, 0);
  EXPECT_EQ(m.dollar_volume, 0);
  EXPECT_TRUE(std::isnan(m.rv_5m));
  EXPECT_TRUE(std::isnan(m.rv_5m_overnight));
  EXPECT_TRUE(std::isnan(m.parkinson));
  EXPECT_TRUE(std::isnan(m.garman_klass));
  EXPECT_TRUE(std::isnan(m.amihud_bar));
}

TEST(ComputeIntraday, OneBarDayHasNoReturns) {
  DayColumns d;
  d.Add(10.0, 10.4, 9.9, 10.2, 300);
  const IntradayMetrics m = ComputeIntraday(d.View(), 9.8);
  EXPECT_EQ(m.n_bars, 1);
  EXPECT_EQ(m.n_returns, 0);
  EXPECT_DOUBLE_EQ(m.dollar_volume, 10.2 * 300);
  for (double v :
       {m.rv_5m, m.rskew_5m, m.rkurt_5m, m.rv_5m_overnight, m.bipower_5m, m.rsv_down_5m, m.amihud_bar, m.ac1_5m}) {
    EXPECT_TRUE(std::isnan(v)) << v;
  }
  // The range estimators need only the day's OHLC.
  EXPECT_NEAR(m.parkinson, std::log(10.4 / 9.9) / std::sqrt(4 * std::log(2.0)), 1e-14);
  const double hl = std::log(10.4 / 9.9);
  const double co = std::log(10.2 / 10.0);
  EXPECT_NEAR(m.garman_klass, std::sqrt(0.5 * hl * hl - (2 * std::log(2.0) - 1) * co * co), 1e-14);
}

TEST(ComputeIntraday, TwoBarDayHasOneReturn) {
  DayColumns d;
  d.Add(10.0, 10.1, 9.9, 10.0, 100);
  d.Add(10.0, 10.0, 9.7, 9.8, 100);
  const IntradayMetrics m = ComputeIntraday(d.View(), kNaN);
  const double r = std::log(9.8 / 10.0);
  EXPECT_EQ(m.n_returns, 1);
  EXPECT_NEAR(m.rv_5m, -r, 1e-15);
  EXPECT_NEAR(m.rskew_5m, -1.0, 1e-12);  // sqrt(1)·r³/|r|³ = sign(r)
  EXPECT_NEAR(m.rkurt_5m, 1.0, 1e-12);   // 1·r⁴/r⁴
  EXPECT_NEAR(m.rsv_down_5m, -r, 1e-15);
  EXPECT_TRUE(std::isnan(m.bipower_5m));  // needs n >= 2
  EXPECT_TRUE(std::isnan(m.ac1_5m));      // needs n >= 3
}

TEST(ComputeIntraday, ZeroVolumeBars) {
  std::mt19937_64 rng(3);
  DayColumns d = DayFromReturns(20.0, NormalReturns(10, 0.001, rng), rng);
  std::fill(d.volume.begin(), d.volume.end(), 0.0);
  const IntradayMetrics m = ComputeIntraday(d.View(), kNaN);
  EXPECT_EQ(m.volume, 0);
  EXPECT_EQ(m.dollar_volume, 0);
  EXPECT_TRUE(std::isnan(m.amihud_bar));
  EXPECT_TRUE(std::isfinite(m.rv_5m));

  // Only the second bar traded: Amihud is that bar's ratio alone; the first bar never counts.
  d.volume[0] = 1e6;
  d.volume[1] = 200;
  const IntradayMetrics one = ComputeIntraday(d.View(), kNaN);
  EXPECT_NEAR(one.amihud_bar, std::abs(std::log(d.close[1] / d.close[0])) / (d.close[1] * 200) * 1e6, 1e-15);
}

TEST(ComputeIntraday, ConstantPrices) {
  DayColumns d;
  for (int i = 0; i < 6; ++i) {
    d.Add(25.0, 25.0, 25.0, 25.0, 50);
  }
  const IntradayMetrics m = ComputeIntraday(d.View(), 25.0);
  EXPECT_EQ(m.rv_5m, 0);
  EXPECT_EQ(m.rv_5m_overnight, 0);
  EXPECT_EQ(m.bipower_5m, 0);
  EXPECT_EQ(m.rsv_down_5m, 0);
  EXPECT_EQ(m.amihud_bar, 0);
  EXPECT_EQ(m.parkinson, 0);
  EXPECT_EQ(m.garman_klass, 0);
  EXPECT_TRUE(std::isnan(m.rskew_5m));  // 0/0
  EXPECT_TRUE(std::isnan(m.rkurt_5m));
  EXPECT_TRUE(std::isnan(m.ac1_5m));  // zero variance
}

TEST(ComputeIntraday, PrevCloseOnlyAffectsOvernightVolatility) {
  std::mt19937_64 rng(5);
  const DayColumns d = DayFromReturns(20.0, NormalReturns(30, 0.001, rng), rng);
  const IntradayMetrics known = ComputeIntraday(d.View(), 19.5);
  for (double prev : {kNaN, 0.0, -1.0, std::numeric_limits<double>::infinity()}) {
    const IntradayMetrics m = ComputeIntraday(d.View(), prev);
    EXPECT_TRUE(std::isnan(m.rv_5m_overnight)) << prev;
    EXPECT_EQ(m.rv_5m, known.rv_5m);
    EXPECT_EQ(m.rskew_5m, known.rskew_5m);
    EXPECT_EQ(m.bipower_5m, known.bipower_5m);
    EXPECT_EQ(m.ac1_5m, known.ac1_5m);
    EXPECT_EQ(m.parkinson, known.parkinson);
  }
  const double r_on = std::log(20.0 / 19.5);
  EXPECT_NEAR(known.rv_5m_overnight, std::sqrt(known.rv_5m * known.rv_5m + r_on * r_on), 1e-15);
}

// ---- Corwin-Schultz ----------------------------------------------------------------------------

TEST(CorwinSchultzSpread, HandWorked) {
  // Day 0: H 10.2, L 9.8, C 10.0; day 1: H 10.3, L 9.9 (contains close0: no overnight adjustment).
  const double b0 = std::log(10.2 / 9.8);  // 0.0400053
  const double b1 = std::log(10.3 / 9.9);  // 0.0396091
  const double beta = b0 * b0 + b1 * b1;   // 0.00316931
  const double g = std::log(10.3 / 9.8);   // two-day range 0.0497615
  const double k = 3 - 2 * std::sqrt(2.0);
  // α = (0.0796155 - 0.0562966) / 0.171573 - sqrt(0.00247621 / 0.171573) = 0.135912 - 0.120135
  const double alpha = (std::sqrt(2 * beta) - std::sqrt(beta)) / k - std::sqrt(g * g / k);
  const double spread = 2 * (std::exp(alpha) - 1) / (1 + std::exp(alpha));
  EXPECT_NEAR(CorwinSchultzSpread(10.2, 9.8, 10.0, 10.3, 9.9), spread, 1e-14);
  EXPECT_NEAR(spread, 0.0157769, 1e-7);  // ≈ 1.6% of price
}

TEST(CorwinSchultzSpread, ZeroSpreadAndNegativeEstimates) {
  // No range at all: β = γ = 0, α = 0, S = 0.
  EXPECT_EQ(CorwinSchultzSpread(10.0, 10.0, 10.0, 10.0, 10.0), 0.0);
  // Narrow days inside a wider two-day move: α < 0 (β = 1.96e-4 gives 0.0338, sqrt(γ/k) = 0.0478),
  // reported as 0.
  EXPECT_EQ(CorwinSchultzSpread(10.1, 10.0, 10.1, 10.2, 10.1), 0.0);
}

TEST(CorwinSchultzSpread, OvernightGapIsRemoved) {
  // Gap up: day 1 trades 10.4-10.8 after a 9.9 close; shifted down by 0.5 it is 9.9-10.3, the
  // hand-worked pair above (close0 enters only through the adjustment).
  const double gap_up = CorwinSchultzSpread(10.2, 9.8, 9.9, 10.8, 10.4);
  EXPECT_NEAR(gap_up, CorwinSchultzSpread(10.2, 9.8, 9.9, 10.3, 9.9), 1e-12);
  EXPECT_NEAR(gap_up, CorwinSchultzSpread(10.2, 9.8, 10.0, 10.3, 9.9), 1e-12);
  EXPECT_GT(gap_up, 0.015);
  // The same bars with close0 inside day 1's range (no adjustment): the gap counts as range, α < 0.
  EXPECT_EQ(CorwinSchultzSpread(10.2, 9.8, 10.5, 10.8, 10.4), 0.0);
  // Gap down: day 1 = 9.0-9.6 below a 10.0 close; shifted up by 0.4 it is 9.4-10.0.
  EXPECT_NEAR(CorwinSchultzSpread(10.2, 9.8, 10.0, 9.6, 9.0), CorwinSchultzSpread(10.2, 9.8, 10.0, 10.0, 9.4), 1e-12);
}

TEST(CorwinSchultzSpread, InvalidInputsAreNaN) {
  EXPECT_TRUE(std::isnan(CorwinSchultzSpread(kNaN, 9.8, 10.0, 10.3, 9.9)));
  EXPECT_TRUE(std::isnan(CorwinSchultzSpread(10.2, 0.0, 10.0, 10.3, 9.9)));
  EXPECT_TRUE(std::isnan(CorwinSchultzSpread(10.2, 9.8, 10.0, 9.8, 9.9)));  // high1 < low1
  EXPECT_TRUE(std::isnan(CorwinSchultzSpread(10.2, 9.8, -1.0, 10.3, 9.9)));
}

}  // namespace
}  // namespace qtp::features
