#include "qtp/features/ticker_features.h"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <set>
#include <cstring>
#include <numbers>
#include <random>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/core/bars.h"
#include "qtp/core/time.h"
#include "qtp/data/store/feature_columns.h"

namespace qtp::features {
namespace {

// --- Inputs ---------------------------------------------------------------------------------------

constexpr int kDays = 300;
constexpr double kGrowth = 0.0015;  // daily log growth of the close path
constexpr int kExactFrom = 220;     // from this day on the closes are exactly exponential
constexpr double kShares = 2.5e8;   // shares outstanding
constexpr int kBarsPerDay = 78;
constexpr int kZeroVolumeBar = 40;  // one bar per day without trades

// The last kDays NYSE trading days up to 2024-02-29.
std::vector<DateDays> TradingDates() {
  const std::vector<DateDays> all =
      NyseCalendar::Get().TradingDays(DaysFromCivil(2022, 11, 1), DaysFromCivil(2024, 2, 29));
  return {all.end() - kDays, all.end()};
}

// Daily-only ticker: ln close_j = ln 40 + kGrowth · j + level shifts (+4% on day 50, −6% on 130, +5% on
// 210) + a wiggle 0.01 sin(0.7 j) before kExactFrom, so returns differ from day to day until the exactly
// exponential stretch. Open, high, low and volume vary by known formulas.
TickerBars DailyTicker() {
  TickerBars in;
  in.ticker = "EXPO";
  in.shares_outstanding = kShares;
  in.daily.ticker = in.ticker;
  const std::vector<DateDays> dates = TradingDates();
  for (int j = 0; j < kDays; ++j) {
    double log_close = std::log(40.0) + kGrowth * j;
    if (j >= 50) log_close += 0.04;
    if (j >= 130) log_close -= 0.06;
    if (j >= 210) log_close += 0.05;
    if (j < kExactFrom) log_close += 0.01 * std::sin(0.7 * j);
    Bar1d bar;
    bar.date = dates[j];
    bar.close = std::exp(log_close);
    bar.open = bar.close * std::exp(0.005 * std::sin(1.1 * j));
    bar.high = std::max(bar.open, bar.close) * (1.01 + 0.005 * std::sin(0.3 * j));
    bar.low = std::min(bar.open, bar.close) * (0.99 - 0.004 * std::cos(0.5 * j));
    bar.volume = 1e6 + 5e4 * ((37 * j) % 11);
    in.daily.push_back(bar, "test");
  }
  return in;
}

// DailyTicker plus 78 regular-session 5-minute bars on each day in [first, kDays) except `hole` (a day
// with daily data only). NYSE RTH in winter (EST, UTC−5): the session opens 09:30 New York = 14:30 UTC.
// Each day opens with a gap of 0.3% sin(j) from the previous daily close, then follows a seeded random
// walk; that day's daily bar is replaced by the bars' aggregate, as cleaning would produce it.
struct IntradayTicker {
  TickerBars in;
  std::vector<int> bar_day;  // daily index of each 5-minute bar
};

IntradayTicker WithSessions(int first, int hole) {
  IntradayTicker t{DailyTicker(), {}};
  t.in.intraday.ticker = t.in.ticker;
  Bars1d& daily = t.in.daily;
  // The fixed 14:30 UTC open is right only in standard time: US DST ended 2023-11-05, began 2024-03-10.
  EXPECT_GT(daily.date[first], DaysFromCivil(2023, 11, 5));
  EXPECT_LT(daily.date[kDays - 1], DaysFromCivil(2024, 3, 10));
  std::mt19937_64 rng(3);
  std::normal_distribution<double> z;
  std::uniform_int_distribution<int> volume(100, 5000);
  for (int j = first; j < kDays; ++j) {
    if (j == hole) continue;
    const double drift = 1e-4 * (j % 3 - 1);
    const TimestampUs session_open = daily.date[j] * kMicrosPerDay + (14 * 60 + 30) * kMicrosPerMinute;
    double open = daily.close[j - 1] * std::exp(0.003 * std::sin(j));
    Bar1d day;
    day.date = daily.date[j];
    day.open = open;
    day.high = open;
    day.low = open;
    day.volume = 0;
    for (int k = 0; k < kBarsPerDay; ++k) {
      Bar5m bar;
      bar.ts = session_open + 5 * k * kMicrosPerMinute;
      bar.open = open;
      bar.close = open * std::exp(drift + 0.0015 * z(rng));
      bar.high = std::max(bar.open, bar.close) * (1 + 0.0004 * (1 + k % 3));
      bar.low = std::min(bar.open, bar.close) * (1 - 0.0003 * (1 + k % 2));
      bar.volume = k == kZeroVolumeBar ? 0 : volume(rng);
      t.in.intraday.push_back(bar, "test");
      t.bar_day.push_back(j);
      day.high = std::max(day.high, bar.high);
      day.low = std::min(day.low, bar.low);
      day.close = bar.close;
      day.volume += bar.volume;
      open = bar.close;
    }
    daily.open[j] = day.open;
    daily.high[j] = day.high;
    daily.low[j] = day.low;
    daily.close[j] = day.close;
    daily.volume[j] = day.volume;
  }
  return t;
}

Table Compute(const TickerBars& in, DateDays first, DateDays last) {
  SpectrumScratch scratch;
  return ComputeTickerFeatures(in, first, last, FeatureParams(), scratch);
}

Table ComputeAll(const TickerBars& in) { return Compute(in, in.daily.date.front(), in.daily.date.back()); }

// --- Independent reference computations ------------------------------------------------------------

struct Fit {
  double slope, t_stat, r2;
};

// OLS of y on (1, index) by Householder QR: slope, its t-statistic from σ̂² (XᵀX)⁻¹, and R².
Fit OlsOnIndex(const std::vector<double>& y) {
  const auto n = static_cast<Eigen::Index>(y.size());
  Eigen::MatrixXd x(n, 2);
  Eigen::VectorXd v(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    x(i, 0) = 1;
    x(i, 1) = static_cast<double>(i);
    v(i) = y[static_cast<size_t>(i)];
  }
  const Eigen::VectorXd beta = x.colPivHouseholderQr().solve(v);
  const double rss = (v - x * beta).squaredNorm();
  const double tss = (v.array() - v.mean()).matrix().squaredNorm();
  const Eigen::Matrix2d xtx_inv = (x.transpose() * x).inverse();
  const double se = std::sqrt(rss / static_cast<double>(n - 2) * xtx_inv(1, 1));
  return {beta(1), beta(1) / se, 1 - rss / tss};
}

// Mean of the finite x[j-w+1 .. j] if the window lies inside x and ≥ 80% of it is finite, else NaN.
double RollingMean(const std::vector<double>& x, int j, int w) {
  if (j + 1 < w) return kNaN;
  double sum = 0;
  int n = 0;
  for (int k = j + 1 - w; k <= j; ++k) {
    if (std::isfinite(x[k])) {
      sum += x[k];
      ++n;
    }
  }
  return n >= 16 ? sum / n : kNaN;  // 16 = 80% of 20
}

void ExpectRel(double got, double expected, double rel, const std::string& what) {
  ASSERT_TRUE(std::isfinite(expected)) << what;
  EXPECT_NEAR(got, expected, rel * std::abs(expected)) << what;
}

// |got − expected| ≤ tol · max(1, |expected|): relative for large values, absolute near zero.
void ExpectClose(double got, double expected, double tol, const std::string& what) {
  ASSERT_TRUE(std::isfinite(expected)) << what;
  EXPECT_NEAR(got, expected, tol * std::max(1.0, std::abs(expected))) << what;
}

void ExpectNull(double got, const std::string& what) { EXPECT_TRUE(std::isnan(got)) << what << " = " << got; }

// Rows [a0, a0 + n) of a and [b0, b0 + n) of b hold the same bits in every column (NaN == NaN).
void ExpectSameRows(const Table& a, size_t a0, const Table& b, size_t b0, size_t n) {
  ASSERT_LE(a0 + n, a.num_rows());
  ASSERT_LE(b0 + n, b.num_rows());
  for (size_t c = 0; c < a.columns().size(); ++c) {
    const std::string& name = a.spec().columns[c].name;
    std::visit(
        [&](const auto& av) {
          using Vector = std::decay_t<decltype(av)>;
          const Vector& bv = std::get<Vector>(b.columns()[c]);
          for (size_t i = 0; i < n; ++i) {
            if constexpr (std::is_same_v<Vector, std::vector<double>>) {
              const double x = av[a0 + i], y = bv[b0 + i];
              EXPECT_TRUE((std::isnan(x) && std::isnan(y)) || std::memcmp(&x, &y, sizeof x) == 0)
                  << name << " row " << a0 + i << ": " << x << " vs " << y;
            } else {
              EXPECT_EQ(av[a0 + i], bv[b0 + i]) << name << " row " << a0 + i;
            }
          }
        },
        a.columns()[c]);
  }
}

// Every column computed from 5-minute bars: NULL for daily-only data (issue #3).
constexpr const char* kIntradayColumns[] = {
    "dollar_volume", "amihud_bar", "amihud_bar_20", "rv_5m", "rv_5m_overnight", "bipower_5m", "rsv_down_5m",
    "rskew_5m", "rkurt_5m", "rv_20", "ac1_5m", "trend_5m_short_slope", "trend_5m_short_t", "trend_5m_short_r2",
    "trend_5m_long_slope", "trend_5m_long_t", "trend_5m_long_r2"};

// --- Daily-only ticker ----------------------------------------------------------------------------

class DailyOnlyTest : public testing::Test {
 protected:
  DailyOnlyTest() : in_(DailyTicker()), out_(ComputeAll(in_)) {}

  double Col(const char* name, int j) const { return out_.Column<double>(name)[static_cast<size_t>(j)]; }
  double C(int j) const { return in_.daily.close[j]; }
  double TradedUsd(int j) const { return in_.daily.close[j] * in_.daily.volume[j]; }

  TickerBars in_;
  Table out_;
};

TEST_F(DailyOnlyTest, KeysAndBookkeeping) {
  ASSERT_TRUE(out_.Validate().ok());
  ASSERT_EQ(out_.num_rows(), static_cast<size_t>(kDays));
  for (int j = 0; j < kDays; ++j) {
    EXPECT_EQ(out_.Column<int32_t>("date")[j], in_.daily.date[j]);
    EXPECT_EQ(out_.Column<std::string>("ticker")[j], "EXPO");
    EXPECT_EQ(out_.Column<int64_t>("n_bars")[j], 0);
    EXPECT_EQ(Col("close", j), C(j));
  }
}

TEST_F(DailyOnlyTest, Returns) {
  for (int j = 0; j < kDays; ++j) {
    const std::string at = " day " + std::to_string(j);
    if (j < 1) {
      ExpectNull(Col("ret_1d", j), "ret_1d" + at);
    } else {
      ExpectRel(Col("ret_1d", j), C(j) / C(j - 1) - 1, 1e-12, "ret_1d" + at);
    }
    if (j < 5) {
      ExpectNull(Col("ret_5d", j), "ret_5d" + at);
    } else {
      ExpectRel(Col("ret_5d", j), C(j) / C(j - 5) - 1, 1e-12, "ret_5d" + at);
    }
    if (j < 20) {
      ExpectNull(Col("ret_20d", j), "ret_20d" + at);
    } else {
      ExpectRel(Col("ret_20d", j), C(j) / C(j - 20) - 1, 1e-12, "ret_20d" + at);
    }
    if (j < 252) {
      ExpectNull(Col("mom_12_1", j), "mom_12_1" + at);
    } else {
      ExpectRel(Col("mom_12_1", j), C(j - 21) / C(j - 252) - 1, 1e-12, "mom_12_1" + at);
    }
  }
  // On the exponential stretch the returns are known in closed form.
  EXPECT_NEAR(Col("ret_1d", kDays - 1), std::expm1(kGrowth), 1e-13);
  EXPECT_NEAR(Col("ret_5d", kDays - 1), std::expm1(5 * kGrowth), 1e-13);
  EXPECT_NEAR(Col("ret_20d", kDays - 1), std::expm1(20 * kGrowth), 1e-13);
  // Day 299: close_278 / close_47 spans the +4% (day 50) and −6% (day 130) shifts: growth 231 days,
  // wiggle 0.01 sin(0.7 · 47) at the start, exact path and both shifts plus +5% (day 210) at the end.
  EXPECT_NEAR(Col("mom_12_1", kDays - 1), std::expm1(231 * kGrowth + 0.04 - 0.06 + 0.05 - 0.01 * std::sin(0.7 * 47)),
              1e-12);
}

TEST_F(DailyOnlyTest, Liquidity) {
  std::vector<double> amihud(kDays, kNaN);
  for (int j = 1; j < kDays; ++j) amihud[j] = std::abs(C(j) / C(j - 1) - 1) / TradedUsd(j) * 1e6;
  for (int j = 0; j < kDays; ++j) {
    const std::string at = " day " + std::to_string(j);
    if (j < 19) {
      ExpectNull(Col("adv_20", j), "adv_20" + at);
      ExpectNull(Col("amihud_20", j), "amihud_20" + at);
    } else {
      double sum = 0;
      for (int k = j - 19; k <= j; ++k) sum += TradedUsd(k);
      ExpectRel(Col("adv_20", j), sum / 20, 1e-12, "adv_20" + at);
      // Day 19's window holds 19 returns (day 0 has none): 95% present, so it is defined.
      double amihud_sum = 0;
      for (int k = std::max(j - 19, 1); k <= j; ++k) amihud_sum += amihud[k];
      ExpectRel(Col("amihud_20", j), amihud_sum / (j == 19 ? 19 : 20), 1e-12, "amihud_20" + at);
    }
    if (j == 0) {
      ExpectNull(Col("amihud_daily", j), "amihud_daily" + at);
    } else {
      ExpectRel(Col("amihud_daily", j), amihud[j], 1e-12, "amihud_daily" + at);
    }
    ExpectRel(Col("turnover", j), in_.daily.volume[j] / kShares, 1e-15, "turnover" + at);
  }
}

TEST_F(DailyOnlyTest, UnknownSharesLeaveTurnoverNull) {
  in_.shares_outstanding = kNaN;
  const Table out = ComputeAll(in_);
  for (double v : out.Column<double>("turnover")) ExpectNull(v, "turnover");
}

TEST_F(DailyOnlyTest, DailyTrendFits) {
  for (int w : {20, 60}) {
    const std::string prefix = w == 20 ? "trend_20d_" : "trend_60d_";
    for (int j = 0; j < kDays; ++j) {
      const std::string at = " day " + std::to_string(j);
      const double slope = Col((prefix + "slope").c_str(), j), r2 = Col((prefix + "r2").c_str(), j);
      const double t_stat = Col((prefix + "t").c_str(), j);
      if (j + 1 < w) {
        ExpectNull(slope, prefix + "slope" + at);
        continue;
      }
      std::vector<double> y;
      for (int k = j + 1 - w; k <= j; ++k) y.push_back(std::log(C(k)));
      const Fit fit = OlsOnIndex(y);
      EXPECT_NEAR(slope, fit.slope, 1e-12) << prefix << "slope" << at;
      EXPECT_NEAR(r2, fit.r2, 1e-10) << prefix << "r2" << at;
      if (j + 1 - w < kExactFrom) ExpectClose(t_stat, fit.t_stat, 1e-8, prefix + "t" + at);
    }
    // On the exactly exponential stretch: slope = log growth, R² = 1, and the t-statistic explodes
    // (NULL when the fit is exact to rounding: an infinite t is not stored).
    EXPECT_NEAR(Col((prefix + "slope").c_str(), kDays - 1), kGrowth, 1e-12);
    EXPECT_NEAR(Col((prefix + "r2").c_str(), kDays - 1), 1.0, 1e-12);
    const double t_last = Col((prefix + "t").c_str(), kDays - 1);
    EXPECT_TRUE(std::isnan(t_last) || t_last > 1e6) << t_last;
  }
}

// Parkinson and Garman–Klass from each daily bar's own OHLC.
TEST_F(DailyOnlyTest, RangeEstimators) {
  const Bars1d& d = in_.daily;
  for (int j = 0; j < kDays; ++j) {
    const double hl = std::log(d.high[j] / d.low[j]), co = std::log(d.close[j] / d.open[j]);
    ExpectRel(Col("parkinson", j), std::sqrt(hl * hl / (4 * std::numbers::ln2)), 1e-12,
              "parkinson day " + std::to_string(j));
    ExpectRel(Col("garman_klass", j), std::sqrt(0.5 * hl * hl - (2 * std::numbers::ln2 - 1) * co * co), 1e-12,
              "garman_klass day " + std::to_string(j));
  }
}

// No 5-minute bars: every intraday column is NULL, the cross-sectional ones are left to cross_section,
// and the daily-bar columns are filled once their windows are (day 200: wiggly returns, every window full).
TEST_F(DailyOnlyTest, IntradayColumnsNullDailyColumnsFilled) {
  for (const char* c : kIntradayColumns) {
    for (int j = 0; j < kDays; ++j) ExpectNull(Col(c, j), std::string(c) + " day " + std::to_string(j));
  }
  for (const char* c : {"pc1_loading", "pc2_loading", "pc3_loading", "idio_share"}) {
    for (int j = 0; j < kDays; ++j) ExpectNull(Col(c, j), std::string(c) + " day " + std::to_string(j));
  }
  for (const char* c :
       {"cs_spread", "cs_spread_20", "rt_cost_bps", "ret_skew_60", "ret_kurt_60", "hurst", "vr", "vr_z", "lf_share"}) {
    EXPECT_TRUE(std::isfinite(Col(c, 200))) << c;
  }
}

// --- Ticker with 5-minute bars --------------------------------------------------------------------

constexpr int kFirstBarDay = 250;
constexpr int kHole = 296;

class IntradayTest : public testing::Test {
 protected:
  IntradayTest() : t_(WithSessions(kFirstBarDay, kHole)), out_(ComputeAll(t_.in)) {}

  double Col(const char* name, int j) const { return out_.Column<double>(name)[static_cast<size_t>(j)]; }
  double C(int j) const { return t_.in.daily.close[j]; }
  bool HasBars(int j) const { return j >= kFirstBarDay && j != kHole; }
  // Bar indices of days [from, to] in time order.
  std::vector<size_t> Bars(int from, int to) const {
    std::vector<size_t> bars;
    for (size_t i = 0; i < t_.bar_day.size(); ++i) {
      if (t_.bar_day[i] >= from && t_.bar_day[i] <= to) bars.push_back(i);
    }
    return bars;
  }
  double DollarVolume(int j) const {
    double sum = 0;
    for (size_t i : Bars(j, j)) sum += t_.in.intraday.close[i] * t_.in.intraday.volume[i];
    return sum;
  }
  // Σ r_i² over day j's bars.
  double RealizedVariance(int j) const {
    const std::vector<size_t> bars = Bars(j, j);
    double sum = 0;
    for (size_t k = 1; k < bars.size(); ++k) {
      const double r = std::log(t_.in.intraday.close[bars[k]] / t_.in.intraday.close[bars[k - 1]]);
      sum += r * r;
    }
    return sum;
  }

  IntradayTicker t_;
  Table out_;
};

// Per bar day: the fixed definitions, with r_i = ln(close_i / close_{i−1}) inside the day.
TEST_F(IntradayTest, FixedDefinitionsPerDay) {
  const Bars5m& b = t_.in.intraday;
  for (int j = kFirstBarDay; j < kDays; ++j) {
    if (!HasBars(j)) continue;
    const std::string at = " day " + std::to_string(j);
    const std::vector<size_t> bars = Bars(j, j);
    ASSERT_EQ(bars.size(), static_cast<size_t>(kBarsPerDay));
    EXPECT_EQ(out_.Column<int64_t>("n_bars")[j], kBarsPerDay) << at;

    double dv = 0, s2 = 0, s3 = 0, s4 = 0, amihud_bar = 0;
    int traded_bars = 0;
    for (size_t k = 0; k < bars.size(); ++k) {
      const size_t i = bars[k];
      dv += b.close[i] * b.volume[i];
      if (k == 0) continue;
      const double r = std::log(b.close[i] / b.close[i - 1]);
      s2 += r * r;
      s3 += r * r * r;
      s4 += r * r * r * r;
      if (b.volume[i] > 0) {
        amihud_bar += std::abs(r) / (b.close[i] * b.volume[i]) * 1e6;
        ++traded_bars;
      }
    }
    const double n = kBarsPerDay - 1, rv = std::sqrt(s2);
    ExpectRel(Col("dollar_volume", j), dv, 1e-12, "dollar_volume" + at);
    ExpectRel(Col("rv_5m", j), rv, 1e-12, "rv_5m" + at);
    ExpectClose(Col("rskew_5m", j), std::sqrt(n) * s3 / (rv * rv * rv), 1e-10, "rskew_5m" + at);
    ExpectRel(Col("rkurt_5m", j), n * s4 / (s2 * s2), 1e-11, "rkurt_5m" + at);
    const double overnight = std::log(b.open[bars[0]] / C(j - 1));
    ExpectRel(Col("rv_5m_overnight", j), std::sqrt(s2 + overnight * overnight), 1e-12, "rv_5m_overnight" + at);
    EXPECT_EQ(traded_bars, kBarsPerDay - 2);  // the zero-volume bar is skipped
    ExpectRel(Col("amihud_bar", j), amihud_bar / traded_bars, 1e-12, "amihud_bar" + at);
    ExpectRel(Col("ret_1d", j), C(j) / C(j - 1) - 1, 1e-12, "ret_1d" + at);
    // With bars, the day's dollar volume (not the daily bar's close · volume) is the denominator.
    ExpectRel(Col("amihud_daily", j), std::abs(C(j) / C(j - 1) - 1) / dv * 1e6, 1e-12, "amihud_daily" + at);
  }
}

// trend_5m_short: the day's 78 log closes; trend_5m_long: the bars of the last 5 daily days (fewer
// near the first bar day, and the bar-less day 296 contributes none).
TEST_F(IntradayTest, IntradayTrendFits) {
  for (int j = kFirstBarDay; j < kDays; ++j) {
    if (!HasBars(j)) continue;
    const std::string at = " day " + std::to_string(j);
    for (const auto& [prefix, days] : {std::pair<std::string, int>{"trend_5m_short_", 1}, {"trend_5m_long_", 5}}) {
      std::vector<double> y;
      for (size_t i : Bars(j + 1 - days, j)) y.push_back(std::log(t_.in.intraday.close[i]));
      const Fit fit = OlsOnIndex(y);
      EXPECT_NEAR(Col((prefix + "slope").c_str(), j), fit.slope, 1e-13) << prefix << at;
      ExpectClose(Col((prefix + "t").c_str(), j), fit.t_stat, 1e-9, prefix + "t" + at);
      EXPECT_NEAR(Col((prefix + "r2").c_str(), j), fit.r2, 1e-11) << prefix << at;
    }
  }
  EXPECT_EQ(Bars(kDays - 5, kDays - 1).size(), static_cast<size_t>(4 * kBarsPerDay));  // days 295..299 less 296
}

TEST_F(IntradayTest, DaysWithoutBarsHaveNullIntradayColumns) {
  for (int j : {0, kFirstBarDay - 1, kHole}) {
    EXPECT_EQ(out_.Column<int64_t>("n_bars")[j], 0);
    for (const char* c : {"dollar_volume", "rv_5m", "rv_5m_overnight", "rskew_5m", "rkurt_5m", "amihud_bar",
                          "trend_5m_short_slope", "trend_5m_long_slope"}) {
      ExpectNull(Col(c, j), std::string(c) + " day " + std::to_string(j));
    }
  }
  // The hole still has its daily columns, from the daily bar.
  ExpectRel(Col("amihud_daily", kHole),
            std::abs(C(kHole) / C(kHole - 1) - 1) / (C(kHole) * t_.in.daily.volume[kHole]) * 1e6, 1e-12,
            "amihud_daily on the hole");
}

// The 20-day means mix bar days (dollar volume, rv_5m) with daily-only days and need 16 of 20 present.
TEST_F(IntradayTest, RollingMeansAcrossBarAndDailyDays) {
  std::vector<double> traded(kDays), rv_squared(kDays, kNaN);
  for (int j = 0; j < kDays; ++j) {
    traded[j] = HasBars(j) ? DollarVolume(j) : C(j) * t_.in.daily.volume[j];
    if (HasBars(j)) rv_squared[j] = RealizedVariance(j);
  }
  for (int j = kFirstBarDay - 25; j < kDays; ++j) {
    const std::string at = " day " + std::to_string(j);
    ExpectRel(Col("adv_20", j), RollingMean(traded, j, 20), 1e-12, "adv_20" + at);
    const double rv_20 = std::sqrt(RollingMean(rv_squared, j, 20));
    if (j < kFirstBarDay + 15) {
      ExpectNull(Col("rv_20", j), "rv_20" + at);  // fewer than 16 of the window's days have bars
    } else {
      ExpectRel(Col("rv_20", j), rv_20, 1e-12, "rv_20" + at);
    }
  }
}

// --- Output windows and lookahead -----------------------------------------------------------------

TEST_F(IntradayTest, LaterFirstDateGivesIdenticalRows) {
  constexpr int kFrom = 280;
  const Table part = Compute(t_.in, t_.in.daily.date[kFrom], t_.in.daily.date.back());
  ASSERT_EQ(part.num_rows(), static_cast<size_t>(kDays - kFrom));
  ExpectSameRows(out_, kFrom, part, 0, kDays - kFrom);

  // The contract needs only the bars from 20 trading days before first_date on.
  TickerBars trimmed = t_.in;
  std::vector<uint8_t> keep(t_.bar_day.size());
  for (size_t i = 0; i < keep.size(); ++i) keep[i] = t_.bar_day[i] >= kFrom - 20;
  trimmed.intraday.Filter(keep);
  ASSERT_LT(trimmed.intraday.size(), t_.in.intraday.size());
  ExpectSameRows(out_, kFrom, Compute(trimmed, t_.in.daily.date[kFrom], t_.in.daily.date.back()), 0, kDays - kFrom);
}

TEST_F(IntradayTest, LastDateTruncates) {
  const Table part = Compute(t_.in, t_.in.daily.date[280], t_.in.daily.date[290]);
  ASSERT_EQ(part.num_rows(), 11u);
  ExpectSameRows(out_, 280, part, 0, 11);
  EXPECT_EQ(Compute(t_.in, t_.in.daily.date[290], t_.in.daily.date[280]).num_rows(), 0u);
  // Dates between trading days select the trading days inside them.
  EXPECT_EQ(Compute(t_.in, t_.in.daily.date[279] + 1, t_.in.daily.date[291] - 1).num_rows(), 11u);
}

// Changing every daily and 5-minute bar after day D (prices and volumes) leaves every row up to D
// bit-identical.
TEST_F(IntradayTest, NoLookahead) {
  constexpr int kD = 285;
  IntradayTicker changed = t_;
  Bars1d& d = changed.in.daily;
  for (int j = kD + 1; j < kDays; ++j) {
    const double f = 1.07 + 0.01 * std::sin(j);
    d.open[j] *= f;
    d.high[j] *= f;
    d.low[j] *= f;
    d.close[j] *= f;
    d.volume[j] = 3 * d.volume[j] + 11;
  }
  Bars5m& b = changed.in.intraday;
  for (size_t i = 0; i < b.size(); ++i) {
    if (changed.bar_day[i] <= kD) continue;
    const double f = 1.05 + 0.02 * std::sin(static_cast<double>(i));
    b.open[i] *= f;
    b.high[i] *= f;
    b.low[i] *= f;
    b.close[i] *= f;
    b.volume[i] = 2 * b.volume[i] + 7;
  }
  const Table after = ComputeAll(changed.in);
  ASSERT_EQ(after.num_rows(), out_.num_rows());
  ExpectSameRows(out_, 0, after, 0, kD + 1);
  for (int j = kD + 1; j < kDays; ++j) EXPECT_NE(after.Column<double>("close")[j], Col("close", j)) << j;
}

// The same ticker delivered as traded, with a 2:1 split going ex on day kSplit and a dividend
// (price factor 0.98) on day kDividend, gives what the back-adjusted series (the fixture) gives, a
// different method: every scale-free feature equal up to rounding, the levels as traded, turnover in
// the current shares on both. Days without 5-minute bars are covered too (the hole, the first days).
TEST_F(IntradayTest, AsTradedWithActionsMatchesTheBackAdjustedSeries) {
  constexpr int kSplit = 150, kDividend = 270;  // the dividend among the 5-minute days (from 250)
  constexpr double kSplitPrice = 0.5, kDividendPrice = 0.98;
  auto price_factor = [&](int j) {  // P(t): the back-adjustment of day j
    return (j < kSplit ? kSplitPrice : 1.0) * (j < kDividend ? kDividendPrice : 1.0);
  };
  auto volume_factor = [&](int j) { return j < kSplit ? 2.0 : 1.0; };
  IntradayTicker traded = t_;
  Bars1d& d = traded.in.daily;
  traded.in.ex_factor.assign(d.size(), 1.0);
  traded.in.adj_volume_factor.assign(d.size(), 1.0);
  traded.in.ex_factor[kSplit] = kSplitPrice;
  traded.in.ex_factor[kDividend] = kDividendPrice;
  for (int j = 0; j < kDays; ++j) {
    for (std::vector<double>* v : {&d.open, &d.high, &d.low, &d.close}) (*v)[j] /= price_factor(j);
    d.volume[j] /= volume_factor(j);
    traded.in.adj_volume_factor[j] = volume_factor(j);
  }
  Bars5m& b = traded.in.intraday;
  for (size_t i = 0; i < b.size(); ++i) {
    for (std::vector<double>* v : {&b.open, &b.high, &b.low, &b.close}) (*v)[i] /= price_factor(traded.bar_day[i]);
    b.volume[i] /= volume_factor(traded.bar_day[i]);
  }
  const Table got = ComputeAll(traded.in);
  ASSERT_EQ(got.num_rows(), out_.num_rows());
  // Levels: as traded, so they differ from the back-adjusted ones by the factors.
  const std::set<std::string> levels = {"close", "ex_factor", "dollar_volume", "adv_20", "amihud_daily",
                                        "amihud_20", "amihud_bar", "amihud_bar_20", "rt_cost_bps"};
  size_t compared = 0;
  for (const schema::FeatureColumn& f : schema::FeatureColumns()) {
    if (f.type != ColumnType::kDouble || levels.count(f.name) > 0) continue;
    for (int j = 0; j < kDays; ++j) {
      const double want = Col(f.name.c_str(), j), have = got.Column<double>(f.name)[static_cast<size_t>(j)];
      const std::string what = f.name + " day " + std::to_string(j);
      // An exact fit (the exponential stretch): its t-statistic is rounding noise.
      if (f.name.ends_with("_t") && std::abs(want) > 1e6) continue;
      if (std::isnan(want)) {
        ExpectNull(have, what);
      } else {
        ExpectClose(have, want, 1e-9, what);
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 5000u);
  for (int j = 0; j < kDays; ++j) {
    EXPECT_EQ(got.Column<double>("close")[static_cast<size_t>(j)], d.close[j]);
    EXPECT_EQ(got.Column<double>("ex_factor")[static_cast<size_t>(j)], traded.in.ex_factor[j]);
    if (HasBars(j)) {  // dollar volume as traded: the adjusted one over P(t) x V(t)
      ExpectRel(got.Column<double>("dollar_volume")[static_cast<size_t>(j)],
                Col("dollar_volume", j) / (price_factor(j) * volume_factor(j)), 1e-12, "dollar_volume");
    }
  }
}

}  // namespace
}  // namespace qtp::features
