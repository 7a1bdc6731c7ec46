// The tear-sheet metrics against empyrical: the values its own test suite publishes for its fixed
// series, and an independent computation (other formulas, long double) on a long random series
// with missing values, to 1e-9.
#include "qtp/backtest/performance.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace qtp::backtest {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> Percent(std::vector<double> v) {
  for (double& x : v) x /= 100;
  return v;
}

// empyrical-reloaded's fixtures (tests/conftest.py), daily, starting 2000-01-30.
const std::vector<double> kMixed = Percent({kNaN, 1, 10, -4, 2, 3, 2, 1, -10});
const std::vector<double> kPositive = Percent({1, 2, 1, 1, 1, 1, 1, 1, 1});
const std::vector<double> kNegative = Percent({0, -6, -7, -1, -9, -2, -6, -8, -5});
const std::vector<double> kAllNegative = Percent({-2, -6, -7, -1, -9, -2, -6, -8, -5});
const std::vector<double> kUdu = Percent({10, -10, 10});
const std::vector<double> kSimpleBenchmark = Percent({0, 1, 0, 1, 0, 1, 0, 1, 0});
const std::vector<double> kFlatLine1 = Percent({1, 1, 1, 1, 1, 1, 1, 1, 1});
const std::vector<double> kOne = Percent({1});
const std::vector<double> kEmpty;

// empyrical compares to 8 decimal places.
constexpr double kPublished = 1e-8;

TEST(Performance, MatchesEmpyricalsPublishedValues) {
  EXPECT_NEAR(MaxDrawdown(kOne), 0.0, kPublished);
  EXPECT_NEAR(MaxDrawdown(kSimpleBenchmark), 0.0, kPublished);
  EXPECT_NEAR(MaxDrawdown(kMixed), -0.1, kPublished);
  EXPECT_NEAR(MaxDrawdown(kPositive), 0.0, kPublished);
  EXPECT_NEAR(MaxDrawdown(kNegative), -0.36590730, kPublished);
  EXPECT_NEAR(MaxDrawdown(kAllNegative), -0.378589157, kPublished);
  EXPECT_NEAR(MaxDrawdown(kUdu), -0.10, kPublished);
  EXPECT_NEAR(AnnualReturn(kMixed, 252), 1.9135925373194231, kPublished);
  EXPECT_NEAR(AnnualReturn(kOne, 252), 11.274002099240244, kPublished);  // test_cagr
  EXPECT_NEAR(AnnualVolatility(kMixed, 252), 0.9136465399704637, kPublished);
  EXPECT_NEAR(CalmarRatio(kMixed, 252), 19.135925373194233, kPublished);
  EXPECT_NEAR(OmegaRatio(kMixed, 0.0, 10.0, 252), 0.83354263497557934, kPublished);
  EXPECT_NEAR(OmegaRatio(kPositive, 0.011, 0.0, 252), 1.125, kPublished);
  EXPECT_NEAR(OmegaRatio(kPositive, 0.02, 0.0, 252), 0.0, kPublished);
  EXPECT_NEAR(OmegaRatio(kNegative, 0.01, 0.0, 252), 0.0, kPublished);
  EXPECT_NEAR(SharpeRatio(kMixed, 0.0, 252), 1.7238613961706866, kPublished);
  EXPECT_NEAR(SharpeRatio(kPositive, 0.0, 252), 52.915026221291804, kPublished);
  EXPECT_NEAR(SharpeRatio(kNegative, 0.0, 252), -24.406808633910085, kPublished);
  EXPECT_NEAR(DownsideRisk(kOne, 0.0, 252), 0.0, kPublished);
  EXPECT_NEAR(DownsideRisk(kMixed, 0.0, 252), 0.60448325038829653, kPublished);
  EXPECT_NEAR(DownsideRisk(kMixed, 0.1, 252), 1.7161730681956295, kPublished);
  EXPECT_NEAR(SortinoRatio(kMixed, 0.0, 252), 2.605531251673693, kPublished);
  EXPECT_NEAR(SortinoRatio(kNegative, 0.0, 252), -13.532743075043401, kPublished);
  EXPECT_EQ(SortinoRatio(kPositive, 0.0, 252), std::numeric_limits<double>::infinity());
  EXPECT_EQ(SortinoRatio(kSimpleBenchmark, 0.0, 252), std::numeric_limits<double>::infinity());
  EXPECT_NEAR(ExcessSharpe(kMixed, std::vector<double>(9, 0.0)), 0.10859306069076737, kPublished);
  EXPECT_NEAR(ExcessSharpe(kMixed, kFlatLine1), -0.06515583641446039, kPublished);
  EXPECT_NEAR(StabilityOfTimeseries(kMixed), 0.1529973665111273, kPublished);
  // empyrical checks tail_ratio to one decimal only: its published 0.947 for mixed_returns is not
  // numpy's linear percentile ratio, 0.0755 / 0.079 = 0.9557, which is what numpy (and this) gives.
  EXPECT_NEAR(TailRatio(kOne), 1.0, 0.1);
  EXPECT_NEAR(TailRatio(kMixed), 0.9473684210526313, 0.1);
  EXPECT_NEAR(TailRatio(kMixed), 0.0755 / 0.079, 1e-12);
  std::vector<double> inverse = kMixed;
  for (double& v : inverse) v = -v;
  EXPECT_NEAR(Beta(kMixed, kMixed, 0), 1.0, kPublished);
  EXPECT_NEAR(Alpha(kMixed, kMixed, 0, 252), 0.0, kPublished);
  EXPECT_NEAR(Beta(kMixed, inverse, 0), -1.0, kPublished);
  EXPECT_NEAR(Alpha(kMixed, inverse, 0, 252), 0.0, kPublished);
  // mixed_returns against negative_returns[1:], aligned on dates: the benchmark has no first day.
  std::vector<double> shifted = kNegative;
  shifted[0] = kNaN;
  EXPECT_NEAR(Alpha(kMixed, shifted, 0, 252), -0.9997853834885004, kPublished);
  EXPECT_NEAR(Beta(kMixed, shifted, 0), -0.71296296296296313, kPublished);
}

TEST(Performance, UndefinedWhereEmpyricalsAre) {
  for (const double v : {CumReturnsFinal(kEmpty), AnnualReturn(kEmpty, 252), MaxDrawdown(kEmpty), TailRatio(kEmpty),
                         ValueAtRisk(kEmpty, 0.05), SharpeRatio(kOne, 0, 252), SortinoRatio(kOne, 0, 252),
                         AnnualVolatility(kOne, 252), CalmarRatio(kOne, 252), OmegaRatio(kOne, 0, 0, 252),
                         OmegaRatio(kMixed, 0, -10, 252), OmegaRatio(kPositive, 0.01, 0, 252),
                         StabilityOfTimeseries(kOne), Beta(kOne, kOne, 0), Alpha(kOne, kOne, 0, 252),
                         ExcessSharpe(kOne, kOne)}) {
    EXPECT_TRUE(std::isnan(v)) << v;
  }
  EXPECT_NEAR(CumReturnsFinal(kOne), 0.01, 1e-15);
  // Identical series: no active risk, so 0 / 0.
  EXPECT_TRUE(std::isnan(ExcessSharpe(kPositive, kPositive)));
}

TEST(Performance, AMissingReturnCompoundsAsZeroButCountsInTheYears) {
  const std::vector<double> with_gap = Percent({1, kNaN, 2, -1});
  const std::vector<double> dropped = Percent({1, 2, -1});
  EXPECT_DOUBLE_EQ(CumReturnsFinal(with_gap), CumReturnsFinal(dropped));
  EXPECT_DOUBLE_EQ(AnnualReturn(with_gap, 252),
                   std::pow(1 + CumReturnsFinal(dropped), 252.0 / 4) - 1);  // four periods, not three
  EXPECT_DOUBLE_EQ(AnnualVolatility(with_gap, 252), AnnualVolatility(dropped, 252));
  EXPECT_DOUBLE_EQ(MaxDrawdown(with_gap), MaxDrawdown(dropped));
  EXPECT_DOUBLE_EQ(ValueAtRisk(with_gap, 0.05), ValueAtRisk(dropped, 0.05));
}

// A year and a half of daily returns with a planted drift, fat-ish tails and gaps, and a
// benchmark correlated with it.
struct RandomPair {
  std::vector<double> returns;
  std::vector<double> benchmark;
};

RandomPair MakeRandomPair() {
  std::mt19937_64 rng(20240601);
  std::normal_distribution<double> normal(0, 1);
  std::student_t_distribution<double> tails(4);
  RandomPair p;
  for (int i = 0; i < 400; ++i) {
    const double market = 0.0004 + 0.01 * normal(rng);
    p.benchmark.push_back(market);
    p.returns.push_back(0.0003 + 0.8 * market + 0.006 * tails(rng));
  }
  for (const int i : {17, 150, 151, 333}) p.returns[i] = kNaN;
  for (const int i : {40, 151, 399}) p.benchmark[i] = kNaN;
  return p;
}

// Relative to the larger of 1 and |expected|: the metrics range from 1e-3 to tens.
void ExpectClose(double actual, long double expected, const char* what) {
  EXPECT_NEAR(actual, static_cast<double>(expected), 1e-9 * std::max(1.0, std::abs(static_cast<double>(expected))))
      << what;
}

TEST(Performance, MatchesAnIndependentComputationTo1e9) {
  const RandomPair p = MakeRandomPair();
  const double rf = 0.0001;
  const double required = 0.0002;
  const double a = 252;
  std::vector<long double> kept;
  for (const double r : p.returns) {
    if (!std::isnan(r)) kept.push_back(r);
  }
  const long double n = kept.size();
  long double log_growth = 0;
  long double sum = 0;
  long double sum_sq = 0;
  for (const long double r : kept) {
    log_growth += std::log1p(r);
    sum += r;
    sum_sq += r * r;
  }
  const long double cum = std::exp(log_growth) - 1;
  ExpectClose(CumReturnsFinal(p.returns), cum, "cum_returns_final");
  ExpectClose(AnnualReturn(p.returns, a), std::pow(1 + cum, a / p.returns.size()) - 1, "annual_return");
  // One-pass variance (sum of squares), where the library centres first.
  const long double variance = (sum_sq - sum * sum / n) / (n - 1);
  ExpectClose(AnnualVolatility(p.returns, a), std::sqrt(variance * a), "annual_volatility");
  ExpectClose(SharpeRatio(p.returns, rf, a), (sum / n - rf) / std::sqrt(variance) * std::sqrt(a), "sharpe_ratio");
  long double below_sq = 0;
  long double gains = 0;
  long double losses = 0;
  const long double threshold = std::pow(1.0L + required, 1.0L / a) - 1;
  for (const long double r : kept) {
    below_sq += r < required ? (r - required) * (r - required) : 0;
    const long double x = r - rf - threshold;
    (x > 0 ? gains : losses) += std::abs(x);
  }
  const long double downside = std::sqrt(below_sq / n * a);
  ExpectClose(DownsideRisk(p.returns, required, a), downside, "downside_risk");
  ExpectClose(SortinoRatio(p.returns, required, a), (sum / n - required) * a / downside, "sortino_ratio");
  ExpectClose(OmegaRatio(p.returns, rf, required, a), gains / losses, "omega_ratio");

  // Max drawdown by brute force over every (peak, trough) pair, the start (value 1) included.
  std::vector<long double> value = {1};
  for (const long double r : kept) value.push_back(value.back() * (1 + r));
  long double worst = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    for (size_t j = i; j < value.size(); ++j) worst = std::min(worst, value[j] / value[i] - 1);
  }
  ExpectClose(MaxDrawdown(p.returns), worst, "max_drawdown");
  ExpectClose(CalmarRatio(p.returns, a), (std::pow(1 + cum, a / p.returns.size()) - 1) / -worst, "calmar_ratio");

  // Stability: 1 - SS_res / SS_tot of the least-squares line (intercept and slope solved from the
  // normal equations) through the cumulative log returns.
  long double sx = 0, sy = 0, sxx = 0, sxy = 0, y = 0;
  std::vector<long double> ys;
  for (size_t i = 0; i < kept.size(); ++i) {
    y += std::log1p(kept[i]);
    ys.push_back(y);
    sx += i;
    sy += y;
    sxx += static_cast<long double>(i) * i;
    sxy += i * y;
  }
  const long double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const long double intercept = (sy - slope * sx) / n;
  long double ss_res = 0;
  long double ss_tot = 0;
  for (size_t i = 0; i < ys.size(); ++i) {
    ss_res += std::pow(ys[i] - intercept - slope * i, 2.0L);
    ss_tot += std::pow(ys[i] - sy / n, 2.0L);
  }
  ExpectClose(StabilityOfTimeseries(p.returns), 1 - ss_res / ss_tot, "stability_of_timeseries");

  // numpy's linear percentile: (1 - g) x[j] + g x[j + 1] at position (n - 1) q.
  std::vector<long double> sorted = kept;
  std::sort(sorted.begin(), sorted.end());
  auto percentile = [&](long double q) {
    const long double position = (sorted.size() - 1) * q;
    const size_t j = static_cast<size_t>(position);
    const long double g = position - j;
    return (1 - g) * sorted[j] + g * sorted[std::min(j + 1, sorted.size() - 1)];
  };
  ExpectClose(ValueAtRisk(p.returns, 0.05), percentile(0.05L), "value_at_risk");
  ExpectClose(TailRatio(p.returns), std::abs(percentile(0.95L)) / std::abs(percentile(0.05L)), "tail_ratio");

  // Beta and alpha: the least-squares slope and intercept of (r - rf) on (b - rf) over the days
  // both have, the intercept compounded over a year (what empyrical's alpha equals).
  long double bx = 0, by = 0, bxx = 0, bxy = 0, m = 0;
  long double active_sum = 0, active_sq = 0, k = 0;
  for (size_t i = 0; i < p.returns.size(); ++i) {
    if (std::isnan(p.returns[i]) || std::isnan(p.benchmark[i])) continue;
    const long double x = p.benchmark[i] - rf;
    const long double yv = p.returns[i] - rf;
    bx += x;
    by += yv;
    bxx += x * x;
    bxy += x * yv;
    ++m;
    const long double active = static_cast<long double>(p.returns[i]) - p.benchmark[i];
    active_sum += active;
    active_sq += active * active;
    ++k;
  }
  const long double beta = (m * bxy - bx * by) / (m * bxx - bx * bx);
  ExpectClose(Beta(p.returns, p.benchmark, rf), beta, "beta");
  ExpectClose(Alpha(p.returns, p.benchmark, rf, a), std::pow(1 + (by - beta * bx) / m, a) - 1, "alpha");
  const long double active_mean = active_sum / k;
  ExpectClose(ExcessSharpe(p.returns, p.benchmark),
              active_mean / std::sqrt((active_sq - k * active_mean * active_mean) / (k - 1)), "excess_sharpe");
}

TEST(Performance, ComputeFillsEveryNamedMetric) {
  const RandomPair p = MakeRandomPair();
  const PerformanceOptions options{.risk_free = 0.0001, .required_return = 0.0002};
  const Performance all = ComputePerformance(p.returns, options);
  EXPECT_EQ(all.sharpe_ratio, SharpeRatio(p.returns, 0.0001, 252));
  EXPECT_EQ(all.sortino_ratio, SortinoRatio(p.returns, 0.0002, 252));
  EXPECT_EQ(all.cagr, all.annual_return);
  const std::vector<std::pair<std::string, double>> named = NamedValues(all);
  ASSERT_EQ(named.size(), 13u);
  EXPECT_EQ(named.front().first, "cum_returns_final");
  EXPECT_EQ(named.back().first, "value_at_risk");
  const RelativePerformance relative = ComputeRelativePerformance(p.returns, p.benchmark, options);
  EXPECT_EQ(relative.beta, Beta(p.returns, p.benchmark, 0.0001));
  EXPECT_GT(relative.beta, 0.6);  // planted 0.8
  EXPECT_LT(relative.beta, 1.0);
  EXPECT_EQ(NamedValues(relative).size(), 3u);
}

}  // namespace
}  // namespace qtp::backtest
