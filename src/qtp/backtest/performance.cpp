#include "qtp/backtest/performance.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace qtp::backtest {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> Minus(std::span<const double> x, double c) {
  std::vector<double> out(x.begin(), x.end());
  for (double& v : out) v -= c;
  return out;
}

std::vector<double> WithoutNaN(std::span<const double> x) {
  std::vector<double> out;
  for (const double v : x) {
    if (!std::isnan(v)) out.push_back(v);
  }
  return out;
}

}  // namespace

double NanMean(std::span<const double> x) {
  double sum = 0;
  size_t n = 0;
  for (const double v : x) {
    if (std::isnan(v)) continue;
    sum += v;
    ++n;
  }
  return n > 0 ? sum / static_cast<double>(n) : kNaN;
}

double NanStd(std::span<const double> x, int ddof) {
  const double mean = NanMean(x);
  double sum_sq = 0;
  size_t n = 0;
  for (const double v : x) {
    if (std::isnan(v)) continue;
    sum_sq += (v - mean) * (v - mean);
    ++n;
  }
  const double dof = static_cast<double>(n) - ddof;
  return dof > 0 ? std::sqrt(sum_sq / dof) : kNaN;
}

double CumReturnsFinal(std::span<const double> returns) {
  if (returns.empty()) return kNaN;
  double growth = 1;
  for (const double r : returns) {
    if (!std::isnan(r)) growth *= 1 + r;
  }
  return growth - 1;
}

double AnnualReturn(std::span<const double> returns, double annualization) {
  if (returns.empty()) return kNaN;
  const double years = static_cast<double>(returns.size()) / annualization;
  return std::pow(CumReturnsFinal(returns) + 1, 1 / years) - 1;
}

double AnnualVolatility(std::span<const double> returns, double annualization) {
  if (returns.size() < 2) return kNaN;
  return NanStd(returns, 1) * std::sqrt(annualization);
}

double SharpeRatio(std::span<const double> returns, double risk_free, double annualization) {
  if (returns.size() < 2) return kNaN;
  const std::vector<double> excess = Minus(returns, risk_free);
  return NanMean(excess) / NanStd(excess, 1) * std::sqrt(annualization);
}

double DownsideRisk(std::span<const double> returns, double required_return, double annualization) {
  if (returns.empty()) return kNaN;
  std::vector<double> below = Minus(returns, required_return);
  for (double& v : below) v = std::isnan(v) ? v : std::min(v, 0.0) * std::min(v, 0.0);
  return std::sqrt(NanMean(below)) * std::sqrt(annualization);
}

double SortinoRatio(std::span<const double> returns, double required_return, double annualization) {
  if (returns.size() < 2) return kNaN;
  const double mean_annual = NanMean(Minus(returns, required_return)) * annualization;
  return mean_annual / DownsideRisk(returns, required_return, annualization);
}

double MaxDrawdown(std::span<const double> returns) {
  if (returns.empty()) return kNaN;
  // empyrical starts the cumulated value at 100 and counts that start as the first peak.
  double value = 100;
  double peak = value;
  double worst = 0;
  for (const double r : returns) {
    if (!std::isnan(r)) value *= 1 + r;
    peak = std::max(peak, value);
    worst = std::min(worst, (value - peak) / peak);
  }
  return worst;
}

double CalmarRatio(std::span<const double> returns, double annualization) {
  const double drawdown = MaxDrawdown(returns);
  if (!(drawdown < 0)) return kNaN;
  const double ratio = AnnualReturn(returns, annualization) / std::abs(drawdown);
  return std::isinf(ratio) ? kNaN : ratio;
}

double OmegaRatio(std::span<const double> returns, double risk_free, double required_return, double annualization) {
  if (returns.size() < 2) return kNaN;
  double threshold = required_return;
  if (annualization != 1) {
    if (required_return <= -1) return kNaN;
    threshold = std::pow(1 + required_return, 1 / annualization) - 1;
  }
  double gains = 0;
  double losses = 0;
  for (const double r : returns) {
    const double x = r - risk_free - threshold;
    if (x > 0) gains += x;
    if (x < 0) losses -= x;
  }
  return losses > 0 ? gains / losses : kNaN;
}

double StabilityOfTimeseries(std::span<const double> returns) {
  if (returns.size() < 2) return kNaN;
  const std::vector<double> kept = WithoutNaN(returns);
  const size_t n = kept.size();
  if (n < 2) return kNaN;
  // R² of the least-squares line through the cumulative log returns against 0, 1, ..., n - 1, as
  // scipy's linregress computes its r (0 when either side is constant).
  std::vector<double> y(n);
  double cumulated = 0;
  for (size_t i = 0; i < n; ++i) y[i] = cumulated += std::log1p(kept[i]);
  const double x_mean = static_cast<double>(n - 1) / 2;
  double y_mean = 0;
  for (const double v : y) y_mean += v;
  y_mean /= static_cast<double>(n);
  double sxx = 0;
  double syy = 0;
  double sxy = 0;
  for (size_t i = 0; i < n; ++i) {
    const double dx = static_cast<double>(i) - x_mean;
    const double dy = y[i] - y_mean;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const double denominator = std::sqrt(sxx * syy);
  const double r = denominator == 0 ? 0 : std::clamp(sxy / denominator, -1.0, 1.0);
  return r * r;
}

double Percentile(std::span<const double> values, double q) {
  std::vector<double> sorted;
  for (const double v : values) {
    if (std::isfinite(v)) sorted.push_back(v);
  }
  if (sorted.empty()) return kNaN;
  std::sort(sorted.begin(), sorted.end());
  const double position = q / 100 * static_cast<double>(sorted.size() - 1);
  const size_t low = static_cast<size_t>(std::floor(position));
  const size_t high = std::min(low + 1, sorted.size() - 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - static_cast<double>(low));
}

double TailRatio(std::span<const double> returns) {
  const std::vector<double> kept = WithoutNaN(returns);
  if (kept.empty()) return kNaN;
  return std::abs(Percentile(kept, 95)) / std::abs(Percentile(kept, 5));
}

double ValueAtRisk(std::span<const double> returns, double cutoff) { return Percentile(returns, 100 * cutoff); }

double Beta(std::span<const double> returns, std::span<const double> benchmark, double risk_free) {
  if (returns.empty() || benchmark.size() < 2 || returns.size() != benchmark.size()) return kNaN;
  const std::vector<double> r = Minus(returns, risk_free);
  std::vector<double> independent = Minus(benchmark, risk_free);
  for (size_t i = 0; i < r.size(); ++i) {
    if (std::isnan(r[i])) independent[i] = kNaN;
  }
  // Cov(X, Y) / Var(X) with X centered only: mean((X - mean X) Y) equals the covariance.
  const double mean = NanMean(independent);
  std::vector<double> products(r.size());
  std::vector<double> squares(r.size());
  for (size_t i = 0; i < r.size(); ++i) {
    const double residual = independent[i] - mean;
    products[i] = residual * r[i];
    squares[i] = residual * residual;
  }
  const double variance = NanMean(squares);
  if (!(variance >= 1e-30)) return kNaN;
  return NanMean(products) / variance;
}

double Alpha(std::span<const double> returns, std::span<const double> benchmark, double risk_free,
             double annualization) {
  if (returns.size() < 2 || returns.size() != benchmark.size()) return kNaN;
  const double beta = Beta(returns, benchmark, risk_free);
  std::vector<double> residual(returns.size());
  for (size_t i = 0; i < returns.size(); ++i) {
    residual[i] = (returns[i] - risk_free) - beta * (benchmark[i] - risk_free);
  }
  return std::pow(NanMean(residual) + 1, annualization) - 1;
}

double ExcessSharpe(std::span<const double> returns, std::span<const double> benchmark) {
  if (returns.size() < 2 || returns.size() != benchmark.size()) return kNaN;
  std::vector<double> active(returns.size());
  for (size_t i = 0; i < returns.size(); ++i) active[i] = returns[i] - benchmark[i];
  double tracking_error = NanStd(active, 1);
  if (std::isnan(tracking_error)) tracking_error = 0;  // numpy's nan_to_num
  return NanMean(active) / tracking_error;
}

Performance ComputePerformance(std::span<const double> returns, const PerformanceOptions& o) {
  Performance p;
  p.cum_returns_final = CumReturnsFinal(returns);
  p.annual_return = AnnualReturn(returns, o.annualization);
  p.cagr = p.annual_return;
  p.annual_volatility = AnnualVolatility(returns, o.annualization);
  p.sharpe_ratio = SharpeRatio(returns, o.risk_free, o.annualization);
  p.sortino_ratio = SortinoRatio(returns, o.required_return, o.annualization);
  p.downside_risk = DownsideRisk(returns, o.required_return, o.annualization);
  p.max_drawdown = MaxDrawdown(returns);
  p.calmar_ratio = CalmarRatio(returns, o.annualization);
  p.omega_ratio = OmegaRatio(returns, o.risk_free, o.required_return, o.annualization);
  p.stability_of_timeseries = StabilityOfTimeseries(returns);
  p.tail_ratio = TailRatio(returns);
  p.value_at_risk = ValueAtRisk(returns, o.var_cutoff);
  return p;
}

RelativePerformance ComputeRelativePerformance(std::span<const double> returns, std::span<const double> benchmark,
                                               const PerformanceOptions& o) {
  return {.alpha = Alpha(returns, benchmark, o.risk_free, o.annualization),
          .beta = Beta(returns, benchmark, o.risk_free),
          .excess_sharpe = ExcessSharpe(returns, benchmark)};
}

std::vector<std::pair<std::string, double>> NamedValues(const Performance& p) {
  return {{"cum_returns_final", p.cum_returns_final},
          {"annual_return", p.annual_return},
          {"cagr", p.cagr},
          {"annual_volatility", p.annual_volatility},
          {"sharpe_ratio", p.sharpe_ratio},
          {"sortino_ratio", p.sortino_ratio},
          {"downside_risk", p.downside_risk},
          {"max_drawdown", p.max_drawdown},
          {"calmar_ratio", p.calmar_ratio},
          {"omega_ratio", p.omega_ratio},
          {"stability_of_timeseries", p.stability_of_timeseries},
          {"tail_ratio", p.tail_ratio},
          {"value_at_risk", p.value_at_risk}};
}

std::vector<std::pair<std::string, double>> NamedValues(const RelativePerformance& p) {
  return {{"alpha", p.alpha}, {"beta", p.beta}, {"excess_sharpe", p.excess_sharpe}};
}

}  // namespace qtp::backtest
