#include "qtp/features/metrics/series_stats.h"

#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <mutex>
#include <optional>
#include <numbers>

#include "qtp/core/bars.h"

namespace qtp::features {

namespace {

// A sum of squared deviations at or below this fraction of the sum of squares is rounding noise of a
// constant series (deviations below ~1e-14 of the values' magnitude), not variance.
constexpr double kZeroVarianceRel = 1e-28;

// Minimum block size for the Hurst estimators: DFA-1 needs n ≥ 3 for a residual to exist, and R/S of
// blocks smaller than 4 is dominated by the small-sample correction.
constexpr int kMinHurstBlock = 4;

bool AllFinite(std::span<const double> x) {
  return std::all_of(x.begin(), x.end(), [](double v) { return std::isfinite(v); });
}

double Mean(std::span<const double> x) {
  double sum = 0.0;
  for (double v : x) {
    sum += v;
  }
  return sum / static_cast<double>(x.size());
}

// The mean and centered sum of squares of x, or nullopt when x is constant to rounding (the sum of
// squares is below kZeroVarianceRel of Σ x²): a statistic normalized by the variance is undefined.
struct Centered {
  double mean, ss;
};

std::optional<Centered> CenterUnlessConstant(std::span<const double> x) {
  const double mean = Mean(x);
  double ss = 0.0;
  double sq = 0.0;
  for (double v : x) {
    ss += (v - mean) * (v - mean);
    sq += v * v;
  }
  if (ss <= kZeroVarianceRel * sq) return std::nullopt;
  return Centered{mean, ss};
}

// Block size j of the Hurst grid: round(min_block · 2^(j/2)).
std::size_t GridSize(int min_block, int j) {
  return static_cast<std::size_t>(std::lround(min_block * std::exp2(0.5 * j)));
}

// Calls block(n, blocks, offset) for every block size n of the grid up to len / 2: `blocks`
// non-overlapping blocks of n values, aligned to the end of the series (the first `offset` values
// are left out), as both Hurst estimators use them.
template <typename BlockFn>
void ForEachBlockSize(std::size_t len, int min_block, BlockFn&& block) {
  for (int j = 0;; ++j) {
    const std::size_t n = GridSize(min_block, j);
    if (n > len / 2) return;
    const std::size_t blocks = len / n;
    block(n, blocks, len - blocks * n);
  }
}

// OLS slope of y on x over a handful of points (the Hurst grid has < 64), accumulated as sums: the
// x = log n values are O(1) and few, so the one-pass formula loses nothing here.
class SlopeAccumulator {
 public:
  void Add(double x, double y) {
    ++count_;
    sx_ += x;
    sy_ += y;
    sxx_ += x * x;
    sxy_ += x * y;
  }
  // NaN with fewer than two points.
  double Slope() const {
    if (count_ < 2) {
      return kNaN;
    }
    const double n = count_;
    return (n * sxy_ - sx_ * sy_) / (n * sxx_ - sx_ * sx_);
  }

 private:
  int count_ = 0;
  double sx_ = 0.0;
  double sy_ = 0.0;
  double sxx_ = 0.0;
  double sxy_ = 0.0;
};

// Serializes the FFTW planner, which is not re-entrant (only fftw_execute is thread-safe).
std::mutex& FftwPlannerMutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace

// --- Hurst ----------------------------------------------------------------------------------------

double RescaledRange(std::span<const double> block) {
  const std::size_t n = block.size();
  if (n < 2) {
    return kNaN;
  }
  const double mean = Mean(block);
  double cum = 0.0;
  double lo = 0.0;  // Y_n = 0 belongs to the range, so both extremes start there
  double hi = 0.0;
  double ss = 0.0;
  double sq = 0.0;
  for (double v : block) {
    const double d = v - mean;
    cum += d;
    lo = std::min(lo, cum);
    hi = std::max(hi, cum);
    ss += d * d;
    sq += v * v;
  }
  if (ss <= kZeroVarianceRel * sq) {
    return kNaN;
  }
  return (hi - lo) / std::sqrt(ss / static_cast<double>(n - 1));
}

namespace {

// REQUIRES: n ≥ 2.
double ComputeExpectedRescaledRange(int n) {
  // g(m) = Γ((m−1)/2) / Γ(m/2): g(2) = √π, g(3) = 2/√π, g(m + 2) = g(m) · (m − 1) / m.
  int m = (n % 2 == 0) ? 2 : 3;
  double gamma_ratio = (m == 2) ? std::sqrt(std::numbers::pi) : 2.0 / std::sqrt(std::numbers::pi);
  for (; m < n; m += 2) {
    gamma_ratio *= static_cast<double>(m - 1) / static_cast<double>(m);
  }
  double sum = 0.0;
  for (int i = 1; i < n; ++i) {
    sum += std::sqrt(static_cast<double>(n - i) / static_cast<double>(i));
  }
  const double nd = n;
  return (nd - 0.5) / nd * gamma_ratio / std::sqrt(std::numbers::pi) * sum;
}

// E[R/S]_n costs O(n) square roots, as much as the R/S pass itself; HurstRS needs it for every grid size
// on every call, so sizes up to kExpectedTableMax are tabulated once (≈ 2M square roots, a few ms, on
// first use; thread-safe static initialization).
constexpr int kExpectedTableMax = 2048;

const std::vector<double>& ExpectedRescaledRangeTable() {
  static const std::vector<double> table = [] {
    std::vector<double> t(kExpectedTableMax + 1, kNaN);
    for (int n = 2; n <= kExpectedTableMax; ++n) {
      t[static_cast<std::size_t>(n)] = ComputeExpectedRescaledRange(n);
    }
    return t;
  }();
  return table;
}

}  // namespace

double ExpectedRescaledRange(int n) {
  if (n < 2) {
    return kNaN;
  }
  return n <= kExpectedTableMax ? ExpectedRescaledRangeTable()[static_cast<std::size_t>(n)]
                                : ComputeExpectedRescaledRange(n);
}

double HurstRS(std::span<const double> returns, int min_block) {
  if (min_block < kMinHurstBlock || !AllFinite(returns)) {
    return kNaN;
  }
  SlopeAccumulator fit;
  ForEachBlockSize(returns.size(), min_block, [&](std::size_t n, std::size_t blocks, std::size_t offset) {
    double rs_sum = 0.0;
    int rs_count = 0;
    for (std::size_t b = 0; b < blocks; ++b) {
      const double rs = RescaledRange(returns.subspan(offset + b * n, n));
      if (!std::isnan(rs)) {
        rs_sum += rs;
        ++rs_count;
      }
    }
    if (rs_count > 0) {
      const double log_n = std::log(static_cast<double>(n));
      fit.Add(log_n, std::log(rs_sum / rs_count) - std::log(ExpectedRescaledRange(static_cast<int>(n))));
    }
  });
  return 0.5 + fit.Slope();
}

double HurstDFA(std::span<const double> returns, int min_block) {
  if (min_block < kMinHurstBlock || returns.empty() || !AllFinite(returns)) {
    return kNaN;
  }
  const std::optional<Centered> centered = CenterUnlessConstant(returns);
  if (!centered) {
    return kNaN;
  }
  const double mean = centered->mean;
  SlopeAccumulator fit;
  ForEachBlockSize(returns.size(), min_block, [&](std::size_t n, std::size_t blocks, std::size_t offset) {
    const double nd = static_cast<double>(n);
    // Local time 0..n−1 within a block: Σ j = n(n−1)/2, Σ (j − j̄)² = n(n² − 1)/12.
    const double sum_j = nd * (nd - 1.0) / 2.0;
    const double s_jj = nd * (nd * nd - 1.0) / 12.0;
    double rss_total = 0.0;
    // The profile is shifted by its value before each block: a line fit with intercept ignores the
    // shift, and the block-local values stay small, so the sums below do not cancel badly.
    std::size_t i = offset;
    for (std::size_t b = 0; b < blocks; ++b) {
      double y = 0.0;
      double s_y = 0.0;
      double s_jy = 0.0;
      double s_yy = 0.0;
      for (std::size_t k = 0; k < n; ++k, ++i) {
        y += returns[i] - mean;
        s_y += y;
        s_jy += static_cast<double>(k) * y;
        s_yy += y * y;
      }
      const double c_yy = s_yy - s_y * s_y / nd;
      const double c_jy = s_jy - sum_j * s_y / nd;
      rss_total += std::max(0.0, c_yy - c_jy * c_jy / s_jj);
    }
    const double f2 = rss_total / static_cast<double>(blocks * n);
    if (f2 > 0.0) {
      fit.Add(std::log(nd), 0.5 * std::log(f2));
    }
  });
  return fit.Slope();
}

// --- Variance ratio -------------------------------------------------------------------------------

VarianceRatio LoMacKinlay(std::span<const double> returns, int q) {
  const VarianceRatio undefined{kNaN, kNaN};
  const std::size_t len = returns.size();
  if (q < 2 || len <= static_cast<std::size_t>(q) || !AllFinite(returns)) {
    return undefined;
  }
  const std::size_t qs = static_cast<std::size_t>(q);
  const double t = static_cast<double>(len);
  const double qd = q;
  const std::optional<Centered> centered = CenterUnlessConstant(returns);
  if (!centered) {
    return undefined;
  }
  const double mu = centered->mean;
  const double ss = centered->ss;
  const double var_a = ss / (t - 1.0);

  // Overlapping q-period sums of demeaned returns, by a sliding window.
  double window = 0.0;
  for (std::size_t i = 0; i < qs; ++i) {
    window += returns[i] - mu;
  }
  double ss_q = window * window;
  for (std::size_t i = qs; i < len; ++i) {
    window += (returns[i] - mu) - (returns[i - qs] - mu);
    ss_q += window * window;
  }
  const double m = qd * (t - qd + 1.0) * (1.0 - qd / t);
  const double vr = (ss_q / m) / var_a;

  double theta = 0.0;
  for (std::size_t j = 1; j < qs; ++j) {
    double acc = 0.0;
    for (std::size_t i = j; i < len; ++i) {
      const double a = returns[i] - mu;
      const double b = returns[i - j] - mu;
      acc += a * a * b * b;
    }
    const double delta = t * acc / (ss * ss);
    const double w = 2.0 * (qd - static_cast<double>(j)) / qd;
    theta += w * w * delta;
  }
  return {vr, theta > 0.0 ? std::sqrt(t) * (vr - 1.0) / std::sqrt(theta) : kNaN};
}

// --- Spectrum -------------------------------------------------------------------------------------

struct SpectrumScratch::Plan {
  explicit Plan(int length) : n(length) {
    std::lock_guard<std::mutex> lock(FftwPlannerMutex());
    in = fftw_alloc_real(static_cast<std::size_t>(n));
    out = fftw_alloc_complex(static_cast<std::size_t>(n / 2 + 1));
    plan = fftw_plan_dft_r2c_1d(n, in, out, FFTW_ESTIMATE);
  }
  ~Plan() {
    std::lock_guard<std::mutex> lock(FftwPlannerMutex());
    fftw_destroy_plan(plan);
    fftw_free(out);
    fftw_free(in);
  }
  Plan(const Plan&) = delete;
  Plan& operator=(const Plan&) = delete;

  int n;
  double* in;
  fftw_complex* out;
  fftw_plan plan;
};

SpectrumScratch::SpectrumScratch() = default;
SpectrumScratch::~SpectrumScratch() = default;
SpectrumScratch::SpectrumScratch(SpectrumScratch&&) noexcept = default;
SpectrumScratch& SpectrumScratch::operator=(SpectrumScratch&&) noexcept = default;

SpectrumScratch::Plan& SpectrumScratch::ForLength(int n) {
  for (const std::unique_ptr<Plan>& plan : plans_) {
    if (plan->n == n) {
      return *plan;
    }
  }
  plans_.push_back(std::make_unique<Plan>(n));
  return *plans_.back();
}

// Centered sums of y against its index t = 0..n−1, shared by the line fit and the detrending of
// the spectrum: t̄ = (n−1)/2, S_tt = n(n²−1)/12 in closed form, S_ty, S_yy, and Σ y² (the scale
// the zero-variance test compares S_yy with).
struct LineSums {
  double t_mean, s_tt, y_mean, s_ty, s_yy, sq;
};

LineSums SumsAgainstIndex(std::span<const double> y) {
  const double n = static_cast<double>(y.size());
  LineSums sums{(n - 1.0) / 2.0, n * (n * n - 1.0) / 12.0, Mean(y), 0.0, 0.0, 0.0};
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double d = y[i] - sums.y_mean;
    sums.s_ty += (static_cast<double>(i) - sums.t_mean) * d;
    sums.s_yy += d * d;
    sums.sq += y[i] * y[i];
  }
  return sums;
}

double LowFrequencyPowerShare(std::span<const double> x, double cutoff, SpectrumScratch& scratch) {
  const std::size_t len = x.size();
  if (len < 4 || !(cutoff > 0.0 && cutoff <= 0.5) || !AllFinite(x)) {
    return kNaN;
  }
  const double n = static_cast<double>(len);
  const LineSums sums = SumsAgainstIndex(x);  // the spectrum is of x minus its OLS line
  if (sums.s_yy <= kZeroVarianceRel * sums.sq) {
    return kNaN;
  }
  const double s_xx = sums.s_yy;
  const double slope = sums.s_ty / sums.s_tt;
  SpectrumScratch::Plan& plan = scratch.ForLength(static_cast<int>(len));
  double rss = 0.0;
  for (std::size_t i = 0; i < len; ++i) {
    const double r = (x[i] - sums.y_mean) - slope * (static_cast<double>(i) - sums.t_mean);
    plan.in[i] = r;
    rss += r * r;
  }
  // Below this the residual is the rounding noise of an exact line, and its "spectrum" is meaningless.
  constexpr double kResidualRel = 1e-24;
  if (rss <= kResidualRel * s_xx) {
    return kNaN;
  }
  fftw_execute(plan.plan);
  double low = 0.0;
  double total = 0.0;
  for (std::size_t k = 1; 2 * k <= len; ++k) {
    const double re = plan.out[k][0];
    const double im = plan.out[k][1];
    const double power = (2 * k == len ? 1.0 : 2.0) * (re * re + im * im);
    total += power;
    if (static_cast<double>(k) < cutoff * n) {
      low += power;
    }
  }
  return low / total;
}

// --- Line fit and moments -------------------------------------------------------------------------

LineFit FitLine(std::span<const double> y) {
  const LineFit undefined{kNaN, kNaN, kNaN};
  const std::size_t len = y.size();
  if (len < 3 || !AllFinite(y)) {
    return undefined;
  }
  const double n = static_cast<double>(len);
  const LineSums sums = SumsAgainstIndex(y);
  if (sums.s_yy <= kZeroVarianceRel * sums.sq) {
    return undefined;
  }
  const double slope = sums.s_ty / sums.s_tt;
  const double rss = std::max(0.0, sums.s_yy - slope * sums.s_ty);
  const double se = std::sqrt(rss / ((n - 2.0) * sums.s_tt));
  const double t_stat = se > 0.0 ? slope / se : std::copysign(std::numeric_limits<double>::infinity(), slope);
  return {slope, t_stat, 1.0 - rss / sums.s_yy};
}

Moments SampleMoments(std::span<const double> x) {
  Moments out{kNaN, kNaN, kNaN, kNaN};
  const std::size_t len = x.size();
  if (len == 0 || !AllFinite(x)) {
    return out;
  }
  const double n = static_cast<double>(len);
  out.mean = Mean(x);
  double s2 = 0.0;
  double s3 = 0.0;
  double s4 = 0.0;
  double sq = 0.0;
  for (double v : x) {
    const double d = v - out.mean;
    const double d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
    sq += v * v;
  }
  if (len >= 2) {
    out.stdev = std::sqrt(s2 / (n - 1.0));
  }
  if (len < 3 || s2 <= kZeroVarianceRel * sq) {
    return out;
  }
  const double m2 = s2 / n;
  const double m3 = s3 / n;
  const double m4 = s4 / n;
  out.skew = std::sqrt(n * (n - 1.0)) / (n - 2.0) * m3 / (m2 * std::sqrt(m2));
  if (len >= 4) {
    const double g2 = m4 / (m2 * m2) - 3.0;
    out.excess_kurt = (n - 1.0) / ((n - 2.0) * (n - 3.0)) * ((n + 1.0) * g2 + 6.0);
  }
  return out;
}

}  // namespace qtp::features
