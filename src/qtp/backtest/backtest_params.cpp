#include "qtp/backtest/backtest_params.h"

#include <algorithm>
#include <iterator>
#include <string_view>

#include <fmt/format.h>

#include "qtp/config/config_io.h"

namespace qtp::backtest {

void DescribeParams(config::Section& s, BacktestParams& p) {
  s.Param("capital_usd", p.capital_usd, "starting cash (USD)", 1000.0, 1e10);
  s.Param("selection", p.selection, "top_n: the top_n best scores; top_quantile: the best top_quantile share",
          {"top_n", "top_quantile"});
  s.Param("top_n", p.top_n, "names held per sleeve with selection top_n", 1, 10000);
  s.Param("top_quantile", p.top_quantile, "share of the day's eligible names held with selection top_quantile", 0.001,
          1.0);
  s.Param("weighting", p.weighting,
          "equal; score: proportional to the score minus the lowest eligible score; inverse_vol: 1 / rv_20",
          {"equal", "score", "inverse_vol"});
  s.Param("max_weight", p.max_weight, "per-name cap as a share of the sleeve (the excess is redistributed)", 0.001,
          1.0);
  s.Param("sector_cap", p.sector_cap, "per-sector cap as a share of the sleeve (the excess is redistributed)", 0.001,
          1.0);
  s.Param("min_trade_usd", p.min_trade_usd, "orders smaller than this are skipped, except full exits (USD)", 0.0, 1e9);
  s.Param("cash_buffer", p.cash_buffer, "share of the sleeve kept in cash for costs and price moves", 0.0, 0.9);
  s.Param("horizon", p.horizon, "holding horizon in trading days", 1, 250);
  s.Param("horizon_mode", p.horizon_mode,
          "tranches: horizon overlapping sleeves, one re-formed each day; every_h: the whole book every horizon days",
          {"tranches", "every_h"});
  s.Param("universe", p.universe, "topk: the day's point-in-time top-K of qtp select; all: every name with a score",
          {"topk", "all"});
  s.Param("benchmark", p.benchmark, "benchmark ticker in the store; the equal-weight universe where it is absent");
  s.Param("stress_windows", p.stress_windows, "name:YYYY-MM-DD:YYYY-MM-DD, evaluated where the data covers them");
  s.Param("rolling_sharpe_days", p.rolling_sharpe_days, "report: trailing window of the rolling Sharpe plot", 5, 2520);
  s.Param("turnover_cost_bps", p.turnover_cost_bps,
          "turnover-adjusted Sharpe: bps charged per unit of daily one-way turnover on the gross returns", 0.0,
          10000.0);
  s.Param("risk_free", p.risk_free, "risk-free return per day for Sharpe and Sortino", -0.01, 0.01);
  s.Param("plots", p.plots, "draw the report's PNG plots with gnuplot");
  s.Rule("stress_windows parse and do not overlap",
         [&p] { return eda::ParseRegimes(p.stress_windows, "backtest.stress_windows").ok(); });
}

Status BacktestParams::Validate() const {
  QTP_RETURN_IF_ERROR(eda::ParseRegimes(stress_windows, "backtest.stress_windows").status());
  BacktestParams copy = *this;
  return config::ValidateValues([&copy](config::Section& root) { DescribeParams(root, copy); });
}

std::vector<eda::Regime> BacktestParams::StressWindows() const {
  return eda::ParseRegimes(stress_windows, "backtest.stress_windows").value();
}

void DescribeParams(config::Section& root, ExecutionConfig& c) {
  execution::DescribeParams(root.Child("costs", "execution and cost model (docs/execution.md)"), c.costs);
  DescribeParams(root.Child("backtest", "portfolio construction and evaluation (docs/backtest.md)"), c.backtest);
}

Result<std::string> DefaultExecutionYaml() {
  ExecutionConfig defaults;
  return config::ParamsYaml(defaults,
                            "qtp execution: the cost model (qtp costs, qtp backtest) and the backtest's portfolio.\n"
                            "docs/execution.md and docs/backtest.md explain each choice. Validated on load: unknown\n"
                            "keys, wrong types and out-of-range values are errors naming file, key and line.\n"
                            "Override any value for one run with qtp backtest --set key=value.");
}

Status ApplyOverrides(ExecutionConfig& config, const std::vector<std::string>& overrides) {
  for (const std::string& item : overrides) {
    const size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::InvalidArgument(fmt::format("--set {}: expected key=value (e.g. backtest.top_n=30)", item));
    }
    // key a.b.c=v as the nested mapping "a:\n  b:\n    c: v\n"
    std::vector<std::string> parts;
    for (size_t start = 0; start <= eq;) {
      const size_t dot = std::min(item.find('.', start), eq);
      parts.push_back(item.substr(start, dot - start));
      start = dot + 1;
    }
    std::string yaml;
    for (size_t k = 0; k < parts.size(); ++k) {
      const bool leaf = k + 1 == parts.size();
      fmt::format_to(std::back_inserter(yaml), "{:{}}{}:{}{}\n", "", 2 * k, parts[k], leaf ? " " : "",
                     leaf ? std::string_view(item).substr(eq + 1) : std::string_view());
    }
    QTP_RETURN_IF_ERROR(config::LoadYamlString(yaml, "--set " + item,
                                               [&config](config::Section& root) { DescribeParams(root, config); }));
  }
  return config.backtest.Validate();
}

}  // namespace qtp::backtest
