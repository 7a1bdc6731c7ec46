// qtp metrics: the tear-sheet numbers of any daily return series (backtest/performance.h), from
// a CSV `date,return`, optionally against a benchmark CSV of the same form.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "qtp/backtest/performance.h"
#include "qtp/backtest/return_series.h"
#include "qtp/core/json_number.h"

namespace qtp::cli {
namespace {

struct MetricsArgs {
  std::string returns_file;
  std::string benchmark_file;
  bool json = false;
  backtest::PerformanceOptions options;
};

Status RunMetrics(const MetricsArgs& a) {
  if (!(a.options.annualization > 0)) return Status::InvalidArgument("--annualization must be positive");
  QTP_ASSIGN_OR_RETURN(const backtest::ReturnSeries returns, backtest::ReadReturnsCsv(a.returns_file));
  std::vector<std::pair<std::string, double>> values =
      backtest::NamedValues(backtest::ComputePerformance(returns.returns, a.options));
  size_t aligned_days = 0;
  if (!a.benchmark_file.empty()) {
    QTP_ASSIGN_OR_RETURN(const backtest::ReturnSeries benchmark, backtest::ReadReturnsCsv(a.benchmark_file));
    const backtest::AlignedReturns aligned = backtest::AlignOuter(returns, benchmark);
    aligned_days = aligned.dates.size();
    for (auto& named : backtest::NamedValues(
             backtest::ComputeRelativePerformance(aligned.returns, aligned.benchmark, a.options))) {
      values.push_back(std::move(named));
    }
  }
  if (a.json) {
    nlohmann::ordered_json out;
    for (const auto& [name, value] : values) out[name] = JsonNumber(value);
    std::printf("%s\n", out.dump(2).c_str());
    return Status::OK();
  }
  const size_t missing = static_cast<size_t>(
      std::count_if(returns.returns.begin(), returns.returns.end(), [](double v) { return std::isnan(v); }));
  std::printf("%s\n", fmt::format("metrics: {} returns ({} missing){}, {} periods a year, risk-free {} per period",
                                  returns.returns.size(), missing,
                                  returns.dates.empty() ? std::string()
                                                        : fmt::format(", {} to {}", FormatDate(returns.dates.front()),
                                                                      FormatDate(returns.dates.back())),
                                  a.options.annualization, a.options.risk_free)
                          .c_str());
  if (!a.benchmark_file.empty()) std::printf("  benchmark: %s (%zu aligned dates)\n", a.benchmark_file.c_str(),
                                             aligned_days);
  for (const auto& [name, value] : values) std::printf("  %-24s %.10g\n", name.c_str(), value);
  return Status::OK();
}

}  // namespace

void AddMetricsCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("metrics", "Tear-sheet numbers (empyrical's definitions) of a CSV date,return series");
  static MetricsArgs args;
  cmd->add_option("--returns", args.returns_file, "CSV with header date,return (simple returns; empty = missing)")
      ->required();
  cmd->add_option("--benchmark", args.benchmark_file,
                  "CSV date,return of a benchmark: adds alpha, beta, excess_sharpe");
  cmd->add_flag("--json", args.json, "One JSON object keyed by empyrical's metric names");
  cmd->add_option("--risk-free", args.options.risk_free, "Risk-free return per period")->capture_default_str();
  cmd->add_option("--required-return", args.options.required_return,
                  "empyrical's required_return (per period for sortino/downside risk, annual for omega)")
      ->capture_default_str();
  cmd->add_option("--annualization", args.options.annualization, "Periods a year")->capture_default_str();
  cmd->callback([&g] {
    const Status status = RunMetrics(args);
    if (!status.ok()) g.exit_code = Fail(status);
  });
}

}  // namespace qtp::cli
