// Overfitting controls for a strategy chosen among many configurations (issue #6):
//   the probabilistic Sharpe ratio (PSR) and the deflated Sharpe ratio (DSR) of Bailey & López de
//   Prado, "The Deflated Sharpe Ratio: Correcting for Selection Bias, Backtest Overfitting and
//   Non-Normality" (Journal of Portfolio Management 40(5), 2014), and
//   the probability of backtest overfitting (PBO) by combinatorially symmetric cross-validation
//   (CSCV) of Bailey, Borwein, López de Prado & Zhu, "The Probability of Backtest Overfitting"
//   (Journal of Computational Finance 20(4), 2017).
// Sharpe ratios here are per period (not annualized), as the formulas are written.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace qtp::validation {

// Sample moments of a return series (finite values only): the per-period Sharpe ratio mean / sd
// (sd with n - 1), the skewness and the kurtosis (Pearson's, 3 for a normal law; both with n).
struct ReturnMoments {
  size_t n = 0;
  double sharpe = 0;
  double skewness = 0;
  double kurtosis = 3;
};
ReturnMoments Moments(std::span<const double> returns);

// PSR(SR*): the probability that the true Sharpe ratio exceeds `benchmark_sharpe`, given the
// observed one and the series' length, skewness and kurtosis:
//   Φ( (SR − SR*) √(n − 1) / √(1 − γ3 SR + (γ4 − 1) / 4 · SR²) ).
double ProbabilisticSharpe(const ReturnMoments& m, double benchmark_sharpe);

// The expected maximum of N Sharpe ratios of skill-less configurations whose estimates vary with
// variance `sharpe_variance`:  √V · ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e))), γ Euler's constant.
// 0 for N <= 1.
double ExpectedMaxSharpe(double sharpe_variance, size_t trials);

// DSR: PSR against ExpectedMaxSharpe(variance of the trials' Sharpe ratios, number of trials).
double DeflatedSharpe(const ReturnMoments& selected, double trials_sharpe_variance, size_t trials);

// The deflated Sharpe ratio of one series chosen among `trials` return series, with two estimates of
// how much skill-less Sharpe ratios vary:
//   null     1 / (n - 1), the sampling variance of a Sharpe estimate over the chosen series' n
//            periods when the true ratio is 0 (the PSR denominator at SR = 0): the dispersion luck
//            alone gives. Gated by qtp validate.
//   trials   the variance of the trials' own Sharpe ratios, the paper's empirical proxy. It equals
//            the null one when every trial is skill-less, but real differences between the trials
//            (a 10-name book against a 50-name one) inflate it, and with it the bar.
// A trial without returns counts in N but not in the trials' variance.
struct DeflatedSharpeTest {
  ReturnMoments selected;
  size_t trials = 0;
  double null_variance = 0;
  double trials_variance = 0;
  double expected_max = 0;         // ExpectedMaxSharpe(null_variance, trials)
  double expected_max_trials = 0;  // ExpectedMaxSharpe(trials_variance, trials)
  double probabilistic = 0;        // PSR against 0: what the chosen series would claim alone
  double deflated = 0;             // DSR against expected_max
  double deflated_trials = 0;      // DSR against expected_max_trials
};
DeflatedSharpeTest TestDeflatedSharpe(std::span<const double> selected,
                                      const std::vector<std::vector<double>>& trials);

struct PboResult {
  double pbo = 0;              // share of splits whose in-sample best ranks at or below the out-of-sample median
  std::vector<double> logits;  // λ = ln(ω / (1 − ω)) per split, ω the relative out-of-sample rank
  size_t splits = 0;           // C(S, S/2)
};

// CSCV over `returns` (one row per period, one column per configuration, row-major: T x N). The
// rows are cut into `blocks` (even, >= 2) equal consecutive blocks (the last T mod S rows are
// dropped); every choice of half of them is an in-sample set, the rest out of sample. Performance
// is the per-period Sharpe ratio. Ties in rank are broken by configuration index.
PboResult ProbabilityOfBacktestOverfitting(std::span<const double> returns, size_t configurations, size_t blocks);

}  // namespace qtp::validation
