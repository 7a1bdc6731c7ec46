#include "qtp/validation/overfitting.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <numeric>

#include "qtp/core/normal_distribution.h"

namespace qtp::validation {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Per-period Sharpe ratio from sums; -inf when undefined (fewer than 2 periods or no variance), so
// an undefined configuration ranks last.
double SharpeFromSums(double sum, double sum_sq, double n) {
  if (n < 2) return -std::numeric_limits<double>::infinity();
  const double mean = sum / n;
  const double var = (sum_sq - n * mean * mean) / (n - 1);
  return var > 0 ? mean / std::sqrt(var) : -std::numeric_limits<double>::infinity();
}

}  // namespace

ReturnMoments Moments(std::span<const double> returns) {
  ReturnMoments m;
  double sum = 0;
  for (double r : returns) {
    if (!std::isfinite(r)) continue;
    sum += r;
    ++m.n;
  }
  if (m.n < 2) {
    m.sharpe = m.skewness = m.kurtosis = kNaN;
    return m;
  }
  const double n = static_cast<double>(m.n), mean = sum / n;
  double m2 = 0, m3 = 0, m4 = 0;
  for (double r : returns) {
    if (!std::isfinite(r)) continue;
    const double e = r - mean;
    m2 += e * e;
    m3 += e * e * e;
    m4 += e * e * e * e;
  }
  m.sharpe = m2 > 0 ? mean / std::sqrt(m2 / (n - 1)) : kNaN;
  m2 /= n;
  m.skewness = m2 > 0 ? (m3 / n) / std::pow(m2, 1.5) : kNaN;
  m.kurtosis = m2 > 0 ? (m4 / n) / (m2 * m2) : kNaN;
  return m;
}

double ProbabilisticSharpe(const ReturnMoments& m, double benchmark_sharpe) {
  const double denominator = 1 - m.skewness * m.sharpe + (m.kurtosis - 1) / 4 * m.sharpe * m.sharpe;
  if (m.n < 2 || !(denominator > 0)) return kNaN;
  return NormalCdf((m.sharpe - benchmark_sharpe) * std::sqrt(static_cast<double>(m.n) - 1) / std::sqrt(denominator));
}

double ExpectedMaxSharpe(double sharpe_variance, size_t trials) {
  if (trials <= 1) return 0;
  const double n = static_cast<double>(trials);
  return std::sqrt(sharpe_variance) * ((1 - std::numbers::egamma) * InverseNormalCdf(1 - 1 / n) +
                                       std::numbers::egamma * InverseNormalCdf(1 - 1 / (n * std::numbers::e)));
}

double DeflatedSharpe(const ReturnMoments& selected, double trials_sharpe_variance, size_t trials) {
  return ProbabilisticSharpe(selected, ExpectedMaxSharpe(trials_sharpe_variance, trials));
}

DeflatedSharpeTest TestDeflatedSharpe(std::span<const double> selected,
                                      const std::vector<std::vector<double>>& trials) {
  DeflatedSharpeTest t;
  t.selected = Moments(selected);
  t.trials = trials.size();
  std::vector<double> sharpes;
  for (const std::vector<double>& r : trials) {
    const double sharpe = Moments(r).sharpe;
    if (std::isfinite(sharpe)) sharpes.push_back(sharpe);
  }
  t.trials_variance = kNaN;
  if (sharpes.size() >= 2) {
    const double mean = std::accumulate(sharpes.begin(), sharpes.end(), 0.0) / static_cast<double>(sharpes.size());
    double ss = 0;
    for (const double x : sharpes) ss += (x - mean) * (x - mean);
    t.trials_variance = ss / static_cast<double>(sharpes.size() - 1);
  }
  t.null_variance = t.selected.n >= 2 ? 1.0 / static_cast<double>(t.selected.n - 1) : kNaN;
  t.expected_max = ExpectedMaxSharpe(t.null_variance, t.trials);
  t.expected_max_trials = ExpectedMaxSharpe(t.trials_variance, t.trials);
  t.probabilistic = ProbabilisticSharpe(t.selected, 0);
  t.deflated = DeflatedSharpe(t.selected, t.null_variance, t.trials);
  t.deflated_trials = DeflatedSharpe(t.selected, t.trials_variance, t.trials);
  return t;
}

PboResult ProbabilityOfBacktestOverfitting(std::span<const double> returns, size_t configurations, size_t blocks) {
  PboResult result;
  if (configurations < 2 || blocks < 2 || blocks % 2 != 0 || blocks > 24) return result;
  const size_t periods = returns.size() / configurations;
  const size_t block_length = periods / blocks;
  if (block_length < 2) return result;
  // Per block and configuration: the sum, the sum of squares and the count of finite returns.
  std::vector<double> sum(blocks * configurations), sum_sq(blocks * configurations), count(blocks * configurations);
  for (size_t b = 0; b < blocks; ++b) {
    for (size_t t = b * block_length; t < (b + 1) * block_length; ++t) {
      for (size_t n = 0; n < configurations; ++n) {
        const double r = returns[t * configurations + n];
        if (!std::isfinite(r)) continue;
        sum[b * configurations + n] += r;
        sum_sq[b * configurations + n] += r * r;
        count[b * configurations + n] += 1;
      }
    }
  }
  std::vector<double> in_sample(configurations), out_of_sample(configurations);
  size_t overfit = 0;
  for (uint32_t mask = 0; mask < (1u << blocks); ++mask) {
    if (static_cast<size_t>(std::popcount(mask)) != blocks / 2) continue;
    for (size_t n = 0; n < configurations; ++n) {
      double s[2] = {0, 0}, q[2] = {0, 0}, c[2] = {0, 0};
      for (size_t b = 0; b < blocks; ++b) {
        const int side = (mask >> b) & 1u ? 0 : 1;  // 0: in sample
        s[side] += sum[b * configurations + n];
        q[side] += sum_sq[b * configurations + n];
        c[side] += count[b * configurations + n];
      }
      in_sample[n] = SharpeFromSums(s[0], q[0], c[0]);
      out_of_sample[n] = SharpeFromSums(s[1], q[1], c[1]);
    }
    size_t best = 0;
    for (size_t n = 1; n < configurations; ++n) {
      if (in_sample[n] > in_sample[best]) best = n;
    }
    size_t rank = 1;  // 1 = the worst out of sample
    for (size_t n = 0; n < configurations; ++n) {
      if (out_of_sample[n] < out_of_sample[best] || (out_of_sample[n] == out_of_sample[best] && n < best)) ++rank;
    }
    const double omega = static_cast<double>(rank) / static_cast<double>(configurations + 1);
    const double logit = std::log(omega / (1 - omega));
    result.logits.push_back(logit);
    if (logit <= 0) ++overfit;
  }
  result.splits = result.logits.size();
  result.pbo = static_cast<double>(overfit) / static_cast<double>(result.splits);
  return result;
}

}  // namespace qtp::validation
