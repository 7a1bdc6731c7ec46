// Time-series statistics behind the trendiness and distribution features (issue #3): Hurst exponent
// (rescaled range and DFA), Lo–MacKinlay variance ratio, low-frequency spectral power share, OLS line
// fit on time, sample moments.
//
// Pure kernels: spans in, numbers out; no store, no I/O, no heap allocation per call (the spectrum's
// FFTW buffers live in a caller-owned SpectrumScratch). Every function is O(len) or O(len · #block sizes)
// and deterministic (same input → bit-identical output).
//
// NaN policy, shared by every function here: the result is NaN when it is undefined — too few
// observations, zero variance, an invalid parameter, or any non-finite input value. Callers drop
// missing observations before calling (a NaN inside the span is not skipped, it makes the result NaN).
#pragma once

#include <memory>
#include <span>
#include <vector>

namespace qtp::features {

// --- Hurst exponent -------------------------------------------------------------------------------
//
// Block-size grid, shared by HurstRS and HurstDFA: n_j = round(min_block · 2^(j/2)), j = 0, 1, ...,
// while n_j ≤ len/2 (two sizes per octave: 8, 11, 16, 23, 32, 45, 64, ... for min_block = 8). For each
// n the series is cut into m = floor(len/n) non-overlapping blocks aligned to the END of the span (the
// oldest len − m·n observations are left out, so the most recent data always counts). H is the OLS
// slope over the grid points, each point weighted equally. Requires min_block ≥ 4; NaN when fewer than
// two block sizes are usable (roughly len < 3·min_block).

// R/S of one block x_1..x_n (Hurst 1951): Y_k = Σ_{i≤k} (x_i − x̄), R = max_k Y_k − min_k Y_k over
// k = 1..n (Y_n = 0, so the range always includes 0), S = sqrt(Σ (x_i − x̄)² / (n − 1)) (sample SD; see
// ExpectedRescaledRange for why not the population SD). NaN if n < 2 or S = 0 (Σ (x − x̄)² ≤ 1e-28 Σ x²,
// the rounding noise of a constant block).
double RescaledRange(std::span<const double> block);

// Expected R/S of n i.i.d. normal values, Anis & Lloyd (1976) with the Peters (1994) small-sample factor:
//   E[R/S]_n = (n − ½)/n · Γ((n−1)/2) / (√π · Γ(n/2)) · Σ_{i=1}^{n−1} sqrt((n − i)/i).
// Without the factor this is the exact mean of R/S computed with the POPULATION SD (Monte Carlo agrees
// to 1e-4 relative), and then the factor would bias H down by ≈ 0.01. (n − ½)/n is the first-order
// expansion of sqrt((n − 1)/n), the ratio of sample- to population-SD R/S, so RescaledRange uses the
// sample SD and the pair is consistent: Monte Carlo means agree within 0.3% at n = 8 and better above
// (a test checks this). The Γ ratio is computed by its exact recursion (no overflow, so the n > 340
// approximation of Anis–Lloyd is not needed). Values for n ≤ 2048 are tabulated on first use (a few ms,
// thread-safe); larger n cost O(n). NaN if n < 2.
double ExpectedRescaledRange(int n);

// Anis–Lloyd–Peters corrected R/S Hurst exponent (Weron 2002, "Estimating long-range dependence:
// finite sample properties and confidence intervals", Physica A 312):
//   H = 0.5 + slope of [log (R/S)_n − log E[R/S]_n] on log n,
// where (R/S)_n is the mean of RescaledRange over the blocks of size n whose S > 0 (block sizes with no
// such block are skipped). Input: returns (increments), not prices. Subtracting the i.i.d. expectation
// removes most of the small-n upward bias of the classical R/S slope, so i.i.d. returns give H ≈ 0.5,
// persistent returns H > 0.5, anti-persistent (mean-reverting) returns H < 0.5. Measured on 1024
// fractional-Gaussian-noise returns: mean 0.50 / 0.72 / 0.27 for true H = 0.5 / 0.8 / 0.2 (R/S is pulled
// toward 0.5), per-series SD ≈ 0.03–0.04. Cost ≈ 30 µs at len = 1540, 3 µs at 250.
double HurstRS(std::span<const double> returns, int min_block = 8);

// Detrended fluctuation analysis, DFA-1 (Peng et al. 1994, "Mosaic organization of DNA nucleotides",
// Phys. Rev. E 49): profile Y_k = Σ_{i≤k} (x_i − x̄); in every block of size n fit a straight line to Y
// by OLS; F(n) = sqrt(mean over all blocks and points of the squared residual); H = slope of log F(n)
// on log n (block sizes with F(n) = 0 are skipped). For fractional Gaussian noise the slope estimates
// H; it is insensitive to a constant drift in the returns. Input: returns, not prices. Measured on 1024
// fGn returns: mean 0.50 / 0.79 / 0.20 for true H = 0.5 / 0.8 / 0.2, per-series SD ≈ 0.02–0.06.
// Cost ≈ 20 µs at len = 1540, 2 µs at 250.
double HurstDFA(std::span<const double> returns, int min_block = 8);

// --- Variance ratio -------------------------------------------------------------------------------

// Lo & MacKinlay (1988), "Stock market prices do not follow random walks", RFS 1(1), with overlapping
// q-period returns and both variances bias-corrected. With T = len returns x_t and μ = mean(x):
//   σ²_a    = Σ_t (x_t − μ)² / (T − 1)
//   σ²_c(q) = Σ_{t=q}^{T} (x_{t−q+1} + … + x_t − qμ)² / m,   m = q (T − q + 1) (1 − q/T)
//   vr      = σ²_c(q) / σ²_a            (≈ 1 for a random walk, > 1 for positively autocorrelated returns)
//   δ(j)    = T Σ_{t=j+1}^{T} (x_t − μ)² (x_{t−j} − μ)² / [Σ_t (x_t − μ)²]²
//   θ(q)    = Σ_{j=1}^{q−1} [2 (q − j) / q]² δ(j)
//   z_robust = sqrt(T) (vr − 1) / sqrt(θ(q))   (heteroskedasticity-consistent, asymptotically N(0, 1))
// (The paper assumes T = n·q; the formulas above are its direct extension to any T > q. δ(j) carries the
// factor T of the 1990 RFS erratum, hence the sqrt(T) in z_robust; for i.i.d. returns
// θ(q) → 2 (2q − 1)(q − 1) / (3q), the homoskedastic asymptotic variance of sqrt(T)(vr − 1).)
// Both fields NaN if q < 2, T ≤ q, or σ²_a = 0; z_robust also NaN if θ(q) = 0. O(T · q).
struct VarianceRatio {
  double vr;
  double z_robust;
};
VarianceRatio LoMacKinlay(std::span<const double> returns, int q);

// --- Spectral low-frequency share -----------------------------------------------------------------

// Reusable FFTW r2c plans and buffers, one set per series length (created on first use of a length,
// then reused, so steady-state calls allocate nothing). Plans use FFTW_ESTIMATE: FFTW_MEASURE would time
// candidate algorithms and could pick different ones run to run, breaking bit-identical reruns.
// Not thread-safe: use one scratch per thread. Creating and destroying plans is serialized internally
// (the FFTW planner is not re-entrant), so scratches on different threads are independent.
class SpectrumScratch {
 public:
  SpectrumScratch();
  ~SpectrumScratch();
  SpectrumScratch(SpectrumScratch&&) noexcept;
  SpectrumScratch& operator=(SpectrumScratch&&) noexcept;
  SpectrumScratch(const SpectrumScratch&) = delete;
  SpectrumScratch& operator=(const SpectrumScratch&) = delete;

  struct Plan;  // defined in series_stats.cpp (keeps fftw3.h out of this header)

 private:
  friend double LowFrequencyPowerShare(std::span<const double> x, double cutoff, SpectrumScratch& scratch);
  // Returns the plan for length n, creating it on first use. REQUIRES: n ≥ 1.
  Plan& ForLength(int n);

  std::vector<std::unique_ptr<Plan>> plans_;
};

// Share of spectral power at low frequencies. x is linearly detrended by OLS on 0..n−1 (which also
// removes its mean); P_k = |X_k|² is the periodogram of the residual (FFTW r2c), f_k = k/n cycles per
// sample. Counting both halves of the two-sided spectrum (k and n − k; the Nyquist bin once):
//   share = Σ_{1 ≤ k, f_k < cutoff} 2 P_k / Σ_{k=1}^{n−1} P_k
// DC (k = 0) is excluded. A white-noise series has share ≈ 2·cutoff; a slow cycle has share ≈ 1.
// NaN if n < 4, cutoff ∉ (0, 0.5], or the residual is zero relative to x — in particular a pure linear
// trend (and a constant) is entirely "detrended away", leaving no spectrum to share: the residual sum
// of squares ≤ 1e-24 × Σ (x − x̄)² (rounding noise) counts as zero.
double LowFrequencyPowerShare(std::span<const double> x, double cutoff, SpectrumScratch& scratch);

// --- Line fit and moments -------------------------------------------------------------------------

// OLS of y_t on t = 0..n−1 with intercept (e.g. y = log price: slope is the log return per bar).
//   slope = Σ (t − t̄)(y_t − ȳ) / Stt,  Stt = Σ (t − t̄)² = n (n² − 1) / 12
//   RSS = Σ (y − ȳ)² − slope² · Stt,   t_stat = slope / sqrt(RSS / ((n − 2) · Stt)),  r2 = 1 − RSS / Σ (y − ȳ)²
// All NaN if n < 3 or y is constant. An exact line (RSS = 0) gives r2 = 1 and t_stat = ±infinity
// (callers that store it should clip); rounding may instead leave a very large finite t_stat.
struct LineFit {
  double slope;
  double t_stat;
  double r2;
};
LineFit FitLine(std::span<const double> y);

// Sample moments with the small-sample adjustments pandas uses for Series.std() / .skew() / .kurt():
//   stdev = sqrt(Σ (x − x̄)² / (n − 1));  m_k = (1/n) Σ (x − x̄)^k
//   skew  = G1 = sqrt(n (n − 1)) / (n − 2) · m3 / m2^{3/2}                       (n ≥ 3)
//   excess_kurt = G2 = (n − 1) / ((n − 2)(n − 3)) · ((n + 1)(m4 / m2² − 3) + 6)   (n ≥ 4)
// (Joanes & Gill 1998.) mean NaN if n = 0, stdev if n < 2. Where pandas returns 0 for a constant series,
// skew and excess_kurt here are NaN (undefined): m2 ≤ 1e-28 · mean(x²) (rounding noise) counts as zero.
struct Moments {
  double mean;
  double stdev;
  double skew;
  double excess_kurt;
};
Moments SampleMoments(std::span<const double> x);

}  // namespace qtp::features
