#include "qtp/features/metrics/series_stats.h"

#include <gtest/gtest.h>

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <complex>
#include <functional>
#include <limits>
#include <numbers>
#include <random>
#include <thread>
#include <utility>
#include <vector>

namespace qtp::features {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> Gaussian(std::size_t n, std::mt19937_64& rng) {
  std::normal_distribution<double> z;
  std::vector<double> x(n);
  for (double& v : x) {
    v = z(rng);
  }
  return x;
}

std::vector<double> Ar1(double phi, std::size_t n, std::mt19937_64& rng) {
  std::normal_distribution<double> z;
  std::vector<double> x(n);
  double prev = 0.0;
  for (double& v : x) {
    prev = phi * prev + z(rng);
    v = prev;
  }
  return x;
}

// Exact fractional Gaussian noise with Hurst exponent h (unit variance) by Hosking's (1984) method: the
// Durbin–Levinson recursion gives each x_t's conditional mean and variance given x_0..x_{t−1} under the
// fGn autocovariance γ(k) = ½ (|k+1|^{2h} − 2|k|^{2h} + |k−1|^{2h}). Equivalent to the Cholesky method,
// O(n²) instead of O(n³).
std::vector<double> FractionalGaussianNoise(double h, std::size_t n, std::mt19937_64& rng) {
  std::normal_distribution<double> z;
  std::vector<double> acov(n);
  for (std::size_t k = 0; k < n; ++k) {
    const double kd = static_cast<double>(k);
    acov[k] = 0.5 * (std::pow(kd + 1.0, 2 * h) - 2.0 * std::pow(kd, 2 * h) + std::pow(std::abs(kd - 1.0), 2 * h));
  }
  std::vector<double> x(n);
  std::vector<double> phi(n + 1, 0.0);
  std::vector<double> prev(n + 1, 0.0);
  double v = acov[0];
  x[0] = std::sqrt(v) * z(rng);
  for (std::size_t t = 1; t < n; ++t) {
    double num = acov[t];
    for (std::size_t j = 1; j < t; ++j) {
      num -= prev[j] * acov[t - j];
    }
    const double ptt = num / v;
    for (std::size_t j = 1; j < t; ++j) {
      phi[j] = prev[j] - ptt * prev[t - j];
    }
    phi[t] = ptt;
    v *= 1.0 - ptt * ptt;
    double mean = 0.0;
    for (std::size_t j = 1; j <= t; ++j) {
      mean += phi[j] * x[t - j];
    }
    x[t] = mean + std::sqrt(v) * z(rng);
    std::swap(prev, phi);
  }
  return x;
}

// Around the known mean 0: removing a sample mean biases the autocorrelation of long-memory noise down
// by ≈ n^{2H−2} (0.06 for H = 0.8, n = 1024).
double Lag1Autocorrelation(const std::vector<double>& x) {
  double num = 0.0;
  double den = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    den += x[i] * x[i];
    if (i > 0) {
      num += x[i] * x[i - 1];
    }
  }
  return num / den;
}

struct HurstMeans {
  double rs = 0.0;
  double dfa = 0.0;
};

// Both estimators averaged over `series` independent series from `make`.
template <typename Make>
HurstMeans MeanHurst(int series, Make make) {
  HurstMeans out;
  for (int s = 0; s < series; ++s) {
    const std::vector<double> x = make();
    out.rs += HurstRS(x) / series;
    out.dfa += HurstDFA(x) / series;
  }
  return out;
}

// --- Hurst ----------------------------------------------------------------------------------------

TEST(RescaledRange, HandWorkedBlock) {
  // x = 1 3 2 6: mean 3, deviations −2 0 −1 3, cumulative −2 −2 −3 0 → R = 0 − (−3) = 3;
  // Σ d² = 14, sample SD = sqrt(14/3).
  const std::vector<double> x = {1, 3, 2, 6};
  EXPECT_NEAR(RescaledRange(x), 3.0 / std::sqrt(14.0 / 3.0), 1e-14);
  // Two values: deviations ±d, cumulative d then 0 → R = |d|; sample SD = |d|·sqrt(2) → R/S = 1/sqrt(2).
  const std::vector<double> two = {5.0, -1.0};
  EXPECT_NEAR(RescaledRange(two), 1.0 / std::sqrt(2.0), 1e-14);
  EXPECT_TRUE(std::isnan(RescaledRange(std::vector<double>{4.0})));
  EXPECT_TRUE(std::isnan(RescaledRange(std::vector<double>{0.1, 0.1, 0.1})));
}

TEST(ExpectedRescaledRange, HandWorkedSmallN) {
  // n = 3: Γ(1)/(√π Γ(3/2)) = 2/π; Σ = sqrt(2) + sqrt(1/2); Peters factor 2.5/3.
  EXPECT_NEAR(ExpectedRescaledRange(3), 2.5 / 3.0 * 2.0 / std::numbers::pi * (std::sqrt(2.0) + std::sqrt(0.5)), 1e-14);
  // n = 4: Γ(3/2)/(√π Γ(2)) = 1/2; Σ = sqrt(3) + 1 + sqrt(1/3); factor 3.5/4.
  EXPECT_NEAR(ExpectedRescaledRange(4), 3.5 / 4.0 * 0.5 * (std::sqrt(3.0) + 1.0 + std::sqrt(1.0 / 3.0)), 1e-14);
  EXPECT_TRUE(std::isnan(ExpectedRescaledRange(1)));
}

TEST(ExpectedRescaledRange, GammaRecursionMatchesLgammaAtLargeN) {
  // Independent route for the Γ ratio (lgamma), including n > 340 where Anis–Lloyd's Γ(n/2) overflows.
  for (int n : {9, 100, 341, 2000, 5000}) {  // 5000: beyond the library's table
    const double nd = n;
    double sum = 0.0;
    for (int i = 1; i < n; ++i) {
      sum += std::sqrt((nd - i) / i);
    }
    const double ratio = std::exp(std::lgamma((nd - 1.0) / 2.0) - std::lgamma(nd / 2.0));
    const double expected = (nd - 0.5) / nd * ratio / std::sqrt(std::numbers::pi) * sum;
    EXPECT_NEAR(ExpectedRescaledRange(n), expected, 1e-10 * expected) << "n = " << n;
  }
}

TEST(ExpectedRescaledRange, MatchesMonteCarloMeanOfRescaledRange) {
  // The expectation must describe RescaledRange as implemented (sample SD; see the header). 20000 blocks:
  // the R/S SD is ≈ 20% of its mean at n = 8 (less at n = 32), so the Monte Carlo mean has relative SD
  // ≈ 0.15%; the Peters factor approximates the exact sqrt((n−1)/n) to 0.2% at n = 8. 0.8% covers both
  // with 3 SD to spare.
  std::mt19937_64 rng(1001);
  for (int n : {8, 32}) {
    double sum = 0.0;
    constexpr int kBlocks = 20000;
    for (int b = 0; b < kBlocks; ++b) {
      sum += RescaledRange(Gaussian(static_cast<std::size_t>(n), rng));
    }
    const double expected = ExpectedRescaledRange(n);
    EXPECT_NEAR(sum / kBlocks, expected, 0.008 * expected) << "n = " << n;
  }
}

// The documented grid for len = 40, min_block = 4: round(4 · 2^(j/2)) ≤ 20 → 4, 6, 8, 11, 16.
constexpr int kSmallGrid[] = {4, 6, 8, 11, 16};

// OLS slope through (log n, y_n), written out independently of the library.
double SlopeOnLogN(const std::vector<double>& y) {
  Eigen::MatrixXd design(static_cast<Eigen::Index>(y.size()), 2);
  Eigen::VectorXd yv(static_cast<Eigen::Index>(y.size()));
  for (std::size_t i = 0; i < y.size(); ++i) {
    design(static_cast<Eigen::Index>(i), 0) = 1.0;
    design(static_cast<Eigen::Index>(i), 1) = std::log(kSmallGrid[i]);
    yv(static_cast<Eigen::Index>(i)) = y[i];
  }
  return design.colPivHouseholderQr().solve(yv)(1);
}

TEST(Hurst, RsMatchesItsDefinitionOnASmallSeries) {
  // The grid, end-aligned blocks, block averaging and regression, rebuilt from the header's definition
  // on top of RescaledRange and ExpectedRescaledRange (both hand-checked above).
  std::mt19937_64 rng(606);
  const std::vector<double> x = Gaussian(40, rng);
  std::vector<double> y;
  for (int n : kSmallGrid) {
    const int blocks = 40 / n;
    double sum = 0.0;
    for (int b = 0; b < blocks; ++b) {
      const std::vector<double> block(x.end() - (blocks - b) * n, x.end() - (blocks - b - 1) * n);
      sum += RescaledRange(block);
    }
    y.push_back(std::log(sum / blocks) - std::log(ExpectedRescaledRange(n)));
  }
  EXPECT_NEAR(HurstRS(x, 4), 0.5 + SlopeOnLogN(y), 1e-12);
}

TEST(Hurst, DfaMatchesANaiveComputation) {
  // Global profile, end-aligned blocks, each detrended by a QR least-squares line on local time.
  std::mt19937_64 rng(707);
  const std::vector<double> x = Gaussian(40, rng);
  double mean = 0.0;
  for (double v : x) {
    mean += v / 40.0;
  }
  std::vector<double> profile(40);
  double cum = 0.0;
  for (std::size_t i = 0; i < 40; ++i) {
    cum += x[i] - mean;
    profile[i] = cum;
  }
  std::vector<double> y;
  for (int n : kSmallGrid) {
    const int blocks = 40 / n;
    const int offset = 40 - blocks * n;
    double rss = 0.0;
    for (int b = 0; b < blocks; ++b) {
      Eigen::MatrixXd design(n, 2);
      Eigen::VectorXd seg(n);
      for (int k = 0; k < n; ++k) {
        design(k, 0) = 1.0;
        design(k, 1) = k;
        seg(k) = profile[static_cast<std::size_t>(offset + b * n + k)];
      }
      rss += (seg - design * design.colPivHouseholderQr().solve(seg)).squaredNorm();
    }
    y.push_back(0.5 * std::log(rss / (blocks * n)));
  }
  EXPECT_NEAR(HurstDFA(x, 4), SlopeOnLogN(y), 1e-10);
}

TEST(Hurst, FractionalNoiseGeneratorHasTheRightCorrelation) {
  // Guards the generator the next tests rely on: the lag-1 autocorrelation of fGn is 2^{2H−1} − 1
  // (0.516 for H = 0.8, −0.340 for H = 0.2). Averaged over 10 series of 1024 (SD of the mean ≈ 0.01).
  std::mt19937_64 rng(77);
  for (double h : {0.8, 0.2}) {
    double mean = 0.0;
    for (int s = 0; s < 10; ++s) {
      mean += Lag1Autocorrelation(FractionalGaussianNoise(h, 1024, rng)) / 10.0;
    }
    EXPECT_NEAR(mean, std::exp2(2.0 * h - 1.0) - 1.0, 0.04) << "H = " << h;
  }
}

TEST(Hurst, RandomWalkIsOneHalf) {
  // 30 i.i.d. Gaussian series of 1024 returns. Measured per-series SDs: R/S 0.033, DFA 0.041, so the
  // SD of a 30-series mean is ≤ 0.0075; the estimators' own finite-sample bias here is < 0.005
  // (AL–Peters corrected R/S, DFA-1 with blocks ≥ 8). Tolerance 0.03 = 4 SD.
  std::mt19937_64 rng(20240601);
  const HurstMeans h = MeanHurst(30, [&] { return Gaussian(1024, rng); });
  EXPECT_NEAR(h.rs, 0.5, 0.03);
  EXPECT_NEAR(h.dfa, 0.5, 0.03);
}

TEST(Hurst, PersistentFractionalNoiseIsAboveOneHalf) {
  // fGn with H = 0.8, 10 series of 1024. R/S is known to underestimate strong persistence at this
  // length (measured mean ≈ 0.72, per-series SD 0.043); DFA is nearly unbiased (≈ 0.78, SD 0.06).
  // Bounds sit > 4 SD of the 10-series mean away from those values and far from 0.5.
  std::mt19937_64 rng(8080);
  const HurstMeans h = MeanHurst(10, [&] { return FractionalGaussianNoise(0.8, 1024, rng); });
  EXPECT_GT(h.rs, 0.65);
  EXPECT_NEAR(h.dfa, 0.8, 0.08);
}

TEST(Hurst, AntiPersistentFractionalNoiseIsBelowOneHalf) {
  // fGn with H = 0.2, 10 series of 1024. Measured means: R/S ≈ 0.27 (biased toward 0.5, SD 0.02),
  // DFA ≈ 0.21 (SD 0.023). Bounds as above.
  std::mt19937_64 rng(2020);
  const HurstMeans h = MeanHurst(10, [&] { return FractionalGaussianNoise(0.2, 1024, rng); });
  EXPECT_LT(h.rs, 0.33);
  EXPECT_NEAR(h.dfa, 0.2, 0.06);
}

TEST(Hurst, AutoregressiveReturnsMoveTheEstimateTheRightWay) {
  // AR(1) returns with φ = ±0.5: short memory, but over blocks of 8..512 the positive (negative)
  // autocorrelation inflates (deflates) the small-block fluctuations less than the large ones.
  // Measured means over 10 series of 1024 are ≈ 0.58 / 0.41; the thresholds leave > 4 SD.
  std::mt19937_64 rng(5);
  const HurstMeans up = MeanHurst(10, [&] { return Ar1(0.5, 1024, rng); });
  const HurstMeans down = MeanHurst(10, [&] { return Ar1(-0.5, 1024, rng); });
  EXPECT_GT(up.rs, 0.54);
  EXPECT_GT(up.dfa, 0.54);
  EXPECT_LT(down.rs, 0.46);
  EXPECT_LT(down.dfa, 0.46);
}

TEST(Hurst, InvariantToShiftAndPositiveScale) {
  std::mt19937_64 rng(9);
  const std::vector<double> x = Gaussian(300, rng);
  std::vector<double> y = x;
  for (double& v : y) {
    v = 0.001 + 0.02 * v;
  }
  EXPECT_NEAR(HurstRS(y), HurstRS(x), 1e-10);
  EXPECT_NEAR(HurstDFA(y), HurstDFA(x), 1e-10);
}

TEST(Hurst, UndefinedInputsAreNaN) {
  std::mt19937_64 rng(3);
  const std::vector<double> short_series = Gaussian(21, rng);  // grid 8, 11 needs len ≥ 22
  EXPECT_TRUE(std::isnan(HurstRS(short_series)));
  EXPECT_TRUE(std::isnan(HurstDFA(short_series)));
  const std::vector<double> just_enough = Gaussian(22, rng);
  EXPECT_FALSE(std::isnan(HurstRS(just_enough)));
  EXPECT_FALSE(std::isnan(HurstDFA(just_enough)));

  const std::vector<double> constant(200, 0.001);
  EXPECT_TRUE(std::isnan(HurstRS(constant)));
  EXPECT_TRUE(std::isnan(HurstDFA(constant)));

  std::vector<double> with_nan = Gaussian(200, rng);
  with_nan[17] = kNaN;
  EXPECT_TRUE(std::isnan(HurstRS(with_nan)));
  EXPECT_TRUE(std::isnan(HurstDFA(with_nan)));

  const std::vector<double> ok = Gaussian(200, rng);
  EXPECT_TRUE(std::isnan(HurstRS(ok, 3)));
  EXPECT_TRUE(std::isnan(HurstDFA(ok, 3)));
  EXPECT_TRUE(std::isnan(HurstRS({})));
  EXPECT_TRUE(std::isnan(HurstDFA({})));
}

// --- Variance ratio -------------------------------------------------------------------------------

TEST(LoMacKinlay, HandWorkedVr2) {
  // x = 1 3 −1 2 0, T = 5, μ = 1, d = 0 2 −2 1 −1, Σ d² = 10, σ²_a = 10/4.
  // 2-period sums of d: 2 0 −1 0 → Σ = 5; m = 2·(5 − 2 + 1)·(1 − 2/5) = 4.8; σ²_c = 5/4.8.
  // vr = (5/4.8)/(10/4) = 5/12.
  // δ(1) = 5·(0·4 + 4·4 + 1·4 + 1·1)/10² = 1.05; θ(2) = (2·1/2)²·δ(1) = 1.05.
  const std::vector<double> x = {1, 3, -1, 2, 0};
  const VarianceRatio r = LoMacKinlay(x, 2);
  EXPECT_NEAR(r.vr, 5.0 / 12.0, 1e-14);
  EXPECT_NEAR(r.z_robust, std::sqrt(5.0) * (5.0 / 12.0 - 1.0) / std::sqrt(1.05), 1e-13);
}

TEST(LoMacKinlay, RandomWalkHasRatioOne) {
  // T = 5000, q = 5: under the null SD(vr) = sqrt(2(2q−1)(q−1)/(3qT)) = 0.031; allow 3 SD. |z*| < 3 is a
  // 0.3% two-sided event under the null (the seed is fixed, so this is a check of scale, not a lottery).
  std::mt19937_64 rng(11);
  const VarianceRatio r = LoMacKinlay(Gaussian(5000, rng), 5);
  EXPECT_NEAR(r.vr, 1.0, 0.093);
  EXPECT_LT(std::abs(r.z_robust), 3.0);
}

TEST(LoMacKinlay, PositivelyAutocorrelatedReturnsHaveRatioAboveOne) {
  // AR(1), φ = 0.2: VR(5) = 1 + 2 Σ_{j=1}^{4} (1 − j/5) φ^j = 1.3750 (Lo–MacKinlay eq. 9). SD of vr at
  // T = 5000 is ≈ 0.035 here; allow 0.1. z* ≈ 0.375 / 0.031 ≈ 12, so > 6 leaves a wide margin.
  std::mt19937_64 rng(12);
  const VarianceRatio r = LoMacKinlay(Ar1(0.2, 5000, rng), 5);
  const double phi = 0.2;
  double expected = 1.0;
  for (int j = 1; j < 5; ++j) {
    expected += 2.0 * (1.0 - j / 5.0) * std::pow(phi, j);
  }
  EXPECT_NEAR(r.vr, expected, 0.1);
  EXPECT_GT(r.z_robust, 6.0);
}

TEST(LoMacKinlay, InvariantToDrift) {
  std::mt19937_64 rng(13);
  const std::vector<double> x = Gaussian(400, rng);
  std::vector<double> y = x;
  for (double& v : y) {
    v += 0.5;
  }
  EXPECT_NEAR(LoMacKinlay(y, 4).vr, LoMacKinlay(x, 4).vr, 1e-12);
  EXPECT_NEAR(LoMacKinlay(y, 4).z_robust, LoMacKinlay(x, 4).z_robust, 1e-10);
}

TEST(LoMacKinlay, UndefinedInputsAreNaN) {
  const std::vector<double> x = {1, 3, -1, 2, 0};
  EXPECT_TRUE(std::isnan(LoMacKinlay(x, 1).vr));
  EXPECT_TRUE(std::isnan(LoMacKinlay(x, 5).vr));  // T ≤ q
  EXPECT_FALSE(std::isnan(LoMacKinlay(x, 4).vr));
  EXPECT_TRUE(std::isnan(LoMacKinlay(std::vector<double>(10, 0.3), 2).vr));
  const std::vector<double> with_nan = {1, 3, kNaN, 2, 0};
  EXPECT_TRUE(std::isnan(LoMacKinlay(with_nan, 2).z_robust));
}

// --- Spectrum -------------------------------------------------------------------------------------

// The share by a direct O(n²) DFT of the OLS-detrended series (Eigen least squares for the line): an
// independent route through the header's formula.
double NaiveShare(const std::vector<double>& x, double cutoff) {
  const Eigen::Index n = static_cast<Eigen::Index>(x.size());
  Eigen::MatrixXd design(n, 2);
  Eigen::VectorXd y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    design(i, 0) = 1.0;
    design(i, 1) = static_cast<double>(i);
    y(i) = x[static_cast<std::size_t>(i)];
  }
  const Eigen::VectorXd beta = design.colPivHouseholderQr().solve(y);
  const Eigen::VectorXd resid = y - design * beta;
  double low = 0.0;
  double total = 0.0;
  for (Eigen::Index k = 1; k < n; ++k) {  // the full two-sided spectrum, DC excluded
    std::complex<double> sum = 0.0;
    for (Eigen::Index t = 0; t < n; ++t) {
      sum += resid(t) * std::polar(1.0, -2.0 * std::numbers::pi * static_cast<double>(k * t) / static_cast<double>(n));
    }
    const double p = std::norm(sum);
    total += p;
    const double f = static_cast<double>(std::min(k, n - k)) / static_cast<double>(n);
    if (f < cutoff) {
      low += p;
    }
  }
  return low / total;
}

TEST(LowFrequencyPowerShare, MatchesDirectDft) {
  std::mt19937_64 rng(21);
  SpectrumScratch scratch;
  for (std::size_t n : {16u, 15u, 37u}) {
    const std::vector<double> x = Ar1(0.6, n, rng);
    for (double cutoff : {0.1, 0.25, 0.5}) {
      EXPECT_NEAR(LowFrequencyPowerShare(x, cutoff, scratch), NaiveShare(x, cutoff), 1e-12)
          << "n = " << n << ", cutoff = " << cutoff;
    }
  }
}

TEST(LowFrequencyPowerShare, SlowSineIsAllLowFrequency) {
  // Detrending removes the sine's projection on a line, which leaks a 1/k² tail to higher frequencies;
  // measured shares are ≥ 0.998, so 0.99 leaves room without accepting a broken transform.
  SpectrumScratch scratch;
  for (double cycles : {4.0, 3.3, 10.0}) {
    std::vector<double> x(256);
    for (std::size_t i = 0; i < x.size(); ++i) {
      x[i] = std::sin(2.0 * std::numbers::pi * cycles * static_cast<double>(i) / 256.0 + 0.3);
    }
    EXPECT_GT(LowFrequencyPowerShare(x, 0.1, scratch), 0.99) << cycles << " cycles";
  }
  std::vector<double> fast(256);
  for (std::size_t i = 0; i < fast.size(); ++i) {
    fast[i] = std::sin(2.0 * std::numbers::pi * 0.3 * static_cast<double>(i));
  }
  EXPECT_LT(LowFrequencyPowerShare(fast, 0.1, scratch), 0.01);
}

TEST(LowFrequencyPowerShare, WhiteNoiseIsFlat) {
  // Flat spectrum: share ≈ 2·cutoff (exactly 50 of 255 non-DC bins = 0.196 for n = 256, cutoff 0.1,
  // a little less after detrending). Per-series SD ≈ 0.032 (measured), so the 50-series mean has SD
  // ≈ 0.0045; tolerance 0.02 ≈ 4 SD.
  std::mt19937_64 rng(31);
  SpectrumScratch scratch;
  double mean = 0.0;
  for (int s = 0; s < 50; ++s) {
    mean += LowFrequencyPowerShare(Gaussian(256, rng), 0.1, scratch) / 50.0;
  }
  EXPECT_NEAR(mean, 0.2, 0.02);
}

TEST(LowFrequencyPowerShare, TrendIsDetrendedAway) {
  SpectrumScratch scratch;
  std::vector<double> trend(128);
  std::vector<double> sine(128);
  std::vector<double> both(128);
  for (std::size_t i = 0; i < trend.size(); ++i) {
    trend[i] = 4.6 + 0.01 * static_cast<double>(i);
    sine[i] = 0.05 * std::sin(2.0 * std::numbers::pi * 0.2 * static_cast<double>(i));
    both[i] = trend[i] + sine[i];
  }
  EXPECT_TRUE(std::isnan(LowFrequencyPowerShare(trend, 0.1, scratch)));
  EXPECT_NEAR(LowFrequencyPowerShare(both, 0.1, scratch), LowFrequencyPowerShare(sine, 0.1, scratch), 1e-9);
}

TEST(LowFrequencyPowerShare, ScratchReuseIsBitIdentical) {
  std::mt19937_64 rng(41);
  const std::vector<double> a = Gaussian(100, rng);
  const std::vector<double> b = Gaussian(77, rng);
  SpectrumScratch shared;
  const double a1 = LowFrequencyPowerShare(a, 0.1, shared);
  const double b1 = LowFrequencyPowerShare(b, 0.1, shared);
  const double a2 = LowFrequencyPowerShare(a, 0.1, shared);
  SpectrumScratch fresh;
  EXPECT_EQ(a1, a2);
  EXPECT_EQ(a1, LowFrequencyPowerShare(a, 0.1, fresh));
  SpectrumScratch moved = std::move(shared);
  EXPECT_EQ(b1, LowFrequencyPowerShare(b, 0.1, moved));
}

TEST(LowFrequencyPowerShare, OneScratchPerThread) {
  // Plans are created concurrently on two threads (the planner lock makes that safe) and give the same
  // bits as a single-threaded run.
  std::mt19937_64 rng(43);
  std::vector<std::vector<double>> series;
  for (std::size_t n = 60; n < 100; ++n) {
    series.push_back(Gaussian(n, rng));
  }
  std::vector<double> expected;
  SpectrumScratch single;
  for (const std::vector<double>& x : series) {
    expected.push_back(LowFrequencyPowerShare(x, 0.1, single));
  }
  std::vector<double> got_a(series.size());
  std::vector<double> got_b(series.size());
  auto run = [&series](std::vector<double>& out) {
    SpectrumScratch scratch;
    for (std::size_t i = 0; i < series.size(); ++i) {
      out[i] = LowFrequencyPowerShare(series[i], 0.1, scratch);
    }
  };
  std::thread a(run, std::ref(got_a));
  std::thread b(run, std::ref(got_b));
  a.join();
  b.join();
  EXPECT_EQ(got_a, expected);
  EXPECT_EQ(got_b, expected);
}

TEST(LowFrequencyPowerShare, UndefinedInputsAreNaN) {
  SpectrumScratch scratch;
  const std::vector<double> x = {1, 4, 2, 8, 5, 7};
  EXPECT_FALSE(std::isnan(LowFrequencyPowerShare(x, 0.2, scratch)));
  EXPECT_TRUE(std::isnan(LowFrequencyPowerShare(x, 0.0, scratch)));
  EXPECT_TRUE(std::isnan(LowFrequencyPowerShare(x, 0.6, scratch)));
  EXPECT_TRUE(std::isnan(LowFrequencyPowerShare(std::vector<double>{1, 2, 4}, 0.2, scratch)));
  EXPECT_TRUE(std::isnan(LowFrequencyPowerShare(std::vector<double>(20, 3.0), 0.2, scratch)));
  const std::vector<double> with_nan = {1, 4, 2, kNaN, 5, 7};
  EXPECT_TRUE(std::isnan(LowFrequencyPowerShare(with_nan, 0.2, scratch)));
}

// --- Line fit -------------------------------------------------------------------------------------

TEST(FitLine, HandWorked) {
  // y = 1 3 2 5 4 on t = 0..4: t̄ = 2, Stt = 10, ȳ = 3, Sty = 8 → slope 0.8; Syy = 10, RSS = 10 − 6.4 = 3.6,
  // r2 = 0.64, SE = sqrt(3.6 / 3 / 10) = sqrt(0.12).
  const LineFit fit = FitLine(std::vector<double>{1, 3, 2, 5, 4});
  EXPECT_NEAR(fit.slope, 0.8, 1e-14);
  EXPECT_NEAR(fit.r2, 0.64, 1e-14);
  EXPECT_NEAR(fit.t_stat, 0.8 / std::sqrt(0.12), 1e-12);
}

TEST(FitLine, MatchesLeastSquaresOnRandomData) {
  // Different method: QR least squares on [1, t] and the textbook covariance σ² (XᵀX)⁻¹.
  std::mt19937_64 rng(51);
  std::vector<double> y = Gaussian(60, rng);
  for (std::size_t i = 0; i < y.size(); ++i) {
    y[i] += 0.03 * static_cast<double>(i) + 4.0;
  }
  const Eigen::Index n = static_cast<Eigen::Index>(y.size());
  Eigen::MatrixXd design(n, 2);
  Eigen::VectorXd yv(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    design(i, 0) = 1.0;
    design(i, 1) = static_cast<double>(i);
    yv(i) = y[static_cast<std::size_t>(i)];
  }
  const Eigen::VectorXd beta = design.colPivHouseholderQr().solve(yv);
  const Eigen::VectorXd resid = yv - design * beta;
  const double sigma2 = resid.squaredNorm() / static_cast<double>(n - 2);
  const Eigen::Matrix2d cov = sigma2 * (design.transpose() * design).inverse();
  const double r2 = 1.0 - resid.squaredNorm() / (yv.array() - yv.mean()).matrix().squaredNorm();

  const LineFit fit = FitLine(y);
  EXPECT_NEAR(fit.slope, beta(1), 1e-12);
  EXPECT_NEAR(fit.t_stat, beta(1) / std::sqrt(cov(1, 1)), 1e-9);
  EXPECT_NEAR(fit.r2, r2, 1e-12);
}

TEST(FitLine, ExactLine) {
  std::vector<double> y(20);
  for (std::size_t i = 0; i < y.size(); ++i) {
    y[i] = 2.0 - 3.0 * static_cast<double>(i);
  }
  const LineFit fit = FitLine(y);
  EXPECT_NEAR(fit.slope, -3.0, 1e-12);
  EXPECT_NEAR(fit.r2, 1.0, 1e-12);
  EXPECT_LT(fit.t_stat, -1e6);  // −infinity, or huge if rounding leaves a residual
}

TEST(FitLine, UndefinedInputsAreNaN) {
  EXPECT_TRUE(std::isnan(FitLine(std::vector<double>{1, 2}).slope));
  const LineFit flat = FitLine(std::vector<double>(10, 4.6));
  EXPECT_TRUE(std::isnan(flat.slope));
  EXPECT_TRUE(std::isnan(flat.t_stat));
  EXPECT_TRUE(std::isnan(flat.r2));
  EXPECT_TRUE(std::isnan(FitLine(std::vector<double>{1, kNaN, 3, 4}).r2));
}

// --- Moments --------------------------------------------------------------------------------------

TEST(SampleMoments, HandWorkedMatchesPandas) {
  // x = 1 2 3 4 10: mean 4, d = −3 −2 −1 0 6, Σd² = 50, Σd³ = 180, Σd⁴ = 1394; n = 5.
  // m2 = 10, m3 = 36, m4 = 278.8; g1 = 36 / 10^1.5, G1 = sqrt(20)/3 · g1 = 1.2·sqrt(2)
  // (pandas: pd.Series([1, 2, 3, 4, 10]).skew() = 1.6970562748477138);
  // g2 = 2.788 − 3 = −0.212, G2 = 4/(3·2) · (6·(−0.212) + 6) = 3.152 (pandas .kurt() = 3.152).
  const Moments m = SampleMoments(std::vector<double>{1, 2, 3, 4, 10});
  EXPECT_NEAR(m.mean, 4.0, 1e-15);
  EXPECT_NEAR(m.stdev, std::sqrt(12.5), 1e-14);
  EXPECT_NEAR(m.skew, 1.2 * std::sqrt(2.0), 1e-13);
  EXPECT_NEAR(m.excess_kurt, 3.152, 1e-13);
}

TEST(SampleMoments, SymmetricAndShortSeries) {
  const Moments three = SampleMoments(std::vector<double>{-1, 0, 1});
  EXPECT_NEAR(three.skew, 0.0, 1e-15);
  EXPECT_TRUE(std::isnan(three.excess_kurt));  // needs n ≥ 4

  const Moments one = SampleMoments(std::vector<double>{2.5});
  EXPECT_EQ(one.mean, 2.5);
  EXPECT_TRUE(std::isnan(one.stdev));
  EXPECT_TRUE(std::isnan(SampleMoments({}).mean));
}

TEST(SampleMoments, ConstantSeriesHasNoShape) {
  const Moments m = SampleMoments(std::vector<double>(7, 0.1));
  EXPECT_NEAR(m.mean, 0.1, 1e-16);
  EXPECT_NEAR(m.stdev, 0.0, 1e-16);
  EXPECT_TRUE(std::isnan(m.skew));
  EXPECT_TRUE(std::isnan(m.excess_kurt));
}

}  // namespace
}  // namespace qtp::features
