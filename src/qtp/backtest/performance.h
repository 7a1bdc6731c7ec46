// Tear-sheet numbers of a periodic simple-return series, defined as empyrical defines them (the
// library behind pyfolio, continued as empyrical-reloaded) and named as it names them, so a number
// here can be checked against a pyfolio tear sheet. Its conventions: `annualization` periods a
// year (252 for daily returns), the sample standard deviation (ddof 1) for volatility and Sharpe,
// a risk-free rate of 0 unless one is given. A NaN return is a missing period, handled as
// empyrical handles it (docs/backtest.md lists each case): compounding counts it as 0, means and
// deviations skip it, and the annualizing length still counts it.
#pragma once

#include <span>
#include <string>
#include <utility>
#include <vector>

namespace qtp::backtest {

struct PerformanceOptions {
  double risk_free = 0;        // per period: sharpe_ratio, omega_ratio, alpha, beta
  // empyrical's required_return: per period for sortino_ratio and downside_risk, annual for
  // omega_ratio (which converts it to one period)
  double required_return = 0;
  double annualization = 252;  // periods a year
  double var_cutoff = 0.05;    // value_at_risk's lower percentile
};

// Each is NaN where empyrical's is (too few returns, a zero denominator), and ±inf where
// empyrical's is (a Sortino ratio without any downside).
struct Performance {
  double cum_returns_final = 0;
  double annual_return = 0;  // compound annual growth rate
  double cagr = 0;           // empyrical's alias of annual_return
  double annual_volatility = 0;
  double sharpe_ratio = 0;
  double sortino_ratio = 0;
  double downside_risk = 0;
  double max_drawdown = 0;   // a negative fraction (0: none)
  double calmar_ratio = 0;
  double omega_ratio = 0;
  double stability_of_timeseries = 0;
  double tail_ratio = 0;
  double value_at_risk = 0;
};

// Against a benchmark: `returns` and `benchmark` aligned period by period (same length, NaN
// where one side has no value for the period).
struct RelativePerformance {
  double alpha = 0;          // annualized
  double beta = 0;
  double excess_sharpe = 0;  // mean active return / its standard deviation, not annualized
};

Performance ComputePerformance(std::span<const double> returns, const PerformanceOptions& options = {});
RelativePerformance ComputeRelativePerformance(std::span<const double> returns, std::span<const double> benchmark,
                                               const PerformanceOptions& options = {});

// (empyrical's name, value) pairs, in the order pyfolio's tear sheet lists them.
std::vector<std::pair<std::string, double>> NamedValues(const Performance& p);
std::vector<std::pair<std::string, double>> NamedValues(const RelativePerformance& p);

// The metrics one by one (empyrical's functions of the same names).
double CumReturnsFinal(std::span<const double> returns);
double AnnualReturn(std::span<const double> returns, double annualization);
double AnnualVolatility(std::span<const double> returns, double annualization);
double SharpeRatio(std::span<const double> returns, double risk_free, double annualization);
double DownsideRisk(std::span<const double> returns, double required_return, double annualization);
double SortinoRatio(std::span<const double> returns, double required_return, double annualization);
double MaxDrawdown(std::span<const double> returns);
double CalmarRatio(std::span<const double> returns, double annualization);
double OmegaRatio(std::span<const double> returns, double risk_free, double required_return, double annualization);
double StabilityOfTimeseries(std::span<const double> returns);
double TailRatio(std::span<const double> returns);
double ValueAtRisk(std::span<const double> returns, double cutoff);
double Beta(std::span<const double> returns, std::span<const double> benchmark, double risk_free);
double Alpha(std::span<const double> returns, std::span<const double> benchmark, double risk_free,
             double annualization);
double ExcessSharpe(std::span<const double> returns, std::span<const double> benchmark);

// numpy's nanmean: the mean of the values that are not NaN (infinities count); NaN if none.
double NanMean(std::span<const double> x);
// numpy's nanstd with `ddof` degrees of freedom removed; NaN when n - ddof <= 0.
double NanStd(std::span<const double> x, int ddof);

// numpy's default percentile (linear interpolation between the closest ranks) of the finite
// values, q in [0, 100]; NaN when there are none.
double Percentile(std::span<const double> values, double q);

}  // namespace qtp::backtest
