// report.md and its plots (docs/backtest.md shows an example).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iterator>

#include <fmt/format.h>

#include "qtp/backtest/outputs.h"
#include "qtp/backtest/performance.h"
#include "qtp/core/file_util.h"
#include "qtp/eda/plots.h"

namespace qtp::backtest {
namespace {

constexpr const char* kTerminal = "set terminal pngcairo noenhanced font 'Sans,10' size 1400,600";

std::string Pct(double v) { return std::isfinite(v) ? fmt::format("{:.2f}%", 100 * v) : "n/a"; }
std::string Num(double v, int digits = 2) { return std::isfinite(v) ? fmt::format("{:.{}f}", v, digits) : "n/a"; }
std::string Usd(double v) {
  if (!std::isfinite(v)) return "n/a";
  return v < 0 ? fmt::format("-${:.2f}", -v) : fmt::format("${:.2f}", v);
}

struct MetricRow {
  const char* name;
  const char* label;
  std::string (*format)(double);
};

std::string Num2(double v) { return Num(v, 2); }
std::string Num3(double v) { return Num(v, 3); }
std::string Days(double v) { return std::isfinite(v) ? fmt::format("{:.0f}", v) : "n/a"; }
std::string Count(double v) { return std::isfinite(v) ? fmt::format("{:.0f}", v) : "n/a"; }

const std::vector<MetricRow>& Rows() {
  static const std::vector<MetricRow> rows = {
      {"total_return", "Total return", Pct},
      {"cagr", "CAGR", Pct},
      {"gross_cagr", "CAGR before costs", Pct},
      {"annual_volatility", "Annual volatility", Pct},
      {"sharpe_ratio", "Sharpe", Num2},
      {"gross_sharpe_ratio", "Sharpe before costs", Num2},
      {"turnover_adjusted_sharpe", "Turnover-adjusted Sharpe", Num2},
      {"sortino_ratio", "Sortino", Num2},
      {"max_drawdown", "Max drawdown", Pct},
      {"max_drawdown_duration_days", "Max drawdown duration (days)", Days},
      {"calmar_ratio", "Calmar", Num2},
      {"hit_rate", "Hit rate (days up)", Pct},
      {"turnover_annual", "One-way turnover, annual", Num2},
      {"cost_drag_annual", "Cost drag, annual", Pct},
      {"benchmark_cagr", "Benchmark CAGR", Pct},
      {"alpha", "Alpha (annual)", Pct},
      {"beta", "Beta", Num2},
      {"tracking_error", "Tracking error", Pct},
      {"information_ratio", "Information ratio", Num2},
      {"final_equity", "Final equity", Usd},
      {"gross_pnl_usd", "PnL before costs", Usd},
      {"costs_usd", "Costs", Usd},
      {"net_pnl_usd", "PnL after costs", Usd},
      {"fills", "Fills", Count},
      {"capped_orders", "Orders cut by the participation cap", Count},
      {"unfilled_usd", "Left unfilled by the cap", Usd},
      {"vwap_fallbacks", "Fills at the open (no VWAP that day)", Count},
      {"delisted_exits", "Names sold at their last close (bars ended)", Count},
      {"cash_exposure", "Mean cash weight", Pct},
      {"accounting_max_error_usd", "Accounting check: max abs(gross - costs - net)", Num3},
      {"min_cash_usd", "Lowest sleeve cash", Usd},
  };
  return rows;
}

struct Plot {
  std::string name;
  std::string data;
  std::string script;
};

// One column per scenario (plus extra columns) over the run's days.
Plot Series(const BacktestRun& run, const std::string& name, const std::string& title, const std::string& ylabel,
            const std::vector<std::pair<std::string, std::vector<double>>>& columns) {
  std::vector<DateDays> dates;
  for (const DayResult& day : run.scenarios.front().result.days) dates.push_back(day.date);
  std::vector<std::string> labels;
  std::vector<std::vector<double>> values;
  for (const auto& [label, column] : columns) {
    labels.push_back(label);
    values.push_back(column);
  }
  Plot p{name, eda::DatedColumnsData(dates, labels, values), ""};
  p.script = fmt::format(
      "{}\nset output '{}.png'\nset title \"{}\"\nset ylabel \"{}\"\nset xdata time\nset timefmt '%Y-%m-%d'\n"
      "set format x '%Y-%m'\nset datafile missing 'NaN'\nset key outside right autotitle columnhead\nset grid\n"
      "plot for [k=2:{}] '{}.dat' using 1:k with lines lw 2\n",
      kTerminal, name, title, ylabel, columns.size() + 1, name);
  return p;
}

std::vector<Plot> Plots(const BacktestRun& run, const BacktestParams& params) {
  std::vector<std::pair<std::string, std::vector<double>>> equity, drawdown, sharpe, turnover;
  for (const ScenarioRun& s : run.scenarios) {
    std::vector<double> e, dd, rs, to, net;
    double peak = 0;
    for (const DayResult& d : s.result.days) {
      e.push_back(d.equity);
      peak = std::max(peak, d.equity);
      dd.push_back(100 * (d.equity / peak - 1));
      net.push_back(d.net_return);
      to.push_back(100 * d.turnover);
    }
    const size_t w = static_cast<size_t>(params.rolling_sharpe_days);
    for (size_t d = 0; d < net.size(); ++d) {
      rs.push_back(d + 1 < w + 1
                       ? kNaN
                       : SharpeRatio(std::span<const double>(net).subspan(d + 1 - w, w), params.risk_free, 252));
    }
    equity.push_back({s.name, e});
    drawdown.push_back({s.name, dd});
    sharpe.push_back({s.name, rs});
    turnover.push_back({s.name, eda::TrailingMean(to, 21)});
  }
  {
    const std::vector<DayResult>& days = run.scenarios.front().result.days;
    std::vector<double> bench;
    double level = days.front().equity;
    for (const DayResult& d : days) {
      if (std::isfinite(d.benchmark_return) && &d != &days.front()) level *= 1 + d.benchmark_return;
      bench.push_back(level);
    }
    std::string label = run.info.benchmark;
    std::replace(label.begin(), label.end(), ' ', '_');
    equity.push_back({fmt::format("benchmark:{}", label), bench});
  }
  std::vector<Plot> plots = {
      Series(run, "equity", "Equity after costs vs the benchmark (same starting capital)", "USD", equity),
      Series(run, "drawdown", "Drawdown after costs", "% below the running peak", drawdown),
      Series(run, "rolling_sharpe", fmt::format("Rolling {}-day Sharpe after costs", params.rolling_sharpe_days),
             "annualized Sharpe", sharpe),
      Series(run, "turnover", "One-way turnover, trailing 21-day mean", "% of equity per day", turnover),
  };
  Plot costs{"costs_by_bucket", "bucket", ""};
  for (const ScenarioRun& s : run.scenarios) fmt::format_to(std::back_inserter(costs.data), " {}", s.name);
  costs.data += "\n";
  size_t buckets = 0;
  for (const ScenarioRun& s : run.scenarios) buckets = std::max(buckets, s.result.buckets.size());
  for (size_t b = 1; b < buckets; ++b) {
    costs.data += std::to_string(b);
    for (const ScenarioRun& s : run.scenarios) {
      const double bps = b < s.result.buckets.size() && s.result.buckets[b].traded_usd > 0
                             ? 1e4 * s.result.buckets[b].cost_usd / s.result.buckets[b].traded_usd
                             : kNaN;
      fmt::format_to(std::back_inserter(costs.data), " {}", eda::GnuplotValue(bps));
    }
    costs.data += "\n";
  }
  costs.script = fmt::format(
      "{}\nset output 'costs_by_bucket.png'\nset title \"Cost per traded dollar by liquidity bucket "
      "(1 = least liquid)\"\nset ylabel \"bps of traded value\"\nset style data histograms\nset style fill solid 0.8\n"
      "set datafile missing 'NaN'\nset key outside right autotitle columnhead\nset grid ytics\nset yrange [0:*]\n"
      "plot for [k=2:{}] 'costs_by_bucket.dat' using k:xtic(1)\n",
      kTerminal, run.scenarios.size() + 1);
  if (buckets > 1) plots.push_back(costs);
  return plots;
}

std::string FillDescription(const BacktestRun& run, const execution::CostParams& costs) {
  if (costs.fill == "next_open") return "next-day open";
  const BacktestMetrics& m = run.scenarios.front().metrics;
  const double fills = m.Get("fills"), at_open = m.Get("vwap_fallbacks");
  if (at_open == 0) return "next-day VWAP of the 5-minute bars";
  if (at_open == fills) return "next-day open: the store has no 5-minute bars for a VWAP";
  return fmt::format("next-day VWAP of the 5-minute bars; {:.0f} of {:.0f} fills at the open, on days without them",
                     at_open, fills);
}

}  // namespace

Result<std::string> WriteReport(const BacktestRun& run, const BacktestOptions& options, const std::string& dir) {
  const BacktestParams& p = options.config.backtest;
  const Market& m = run.market;
  std::string md = fmt::format("# Backtest {}\n\n", options.run_id);
  md += fmt::format(
      "- Signal: {} ({} rows, {} on days or names without daily bars)\n- Period: {} to {} ({} trading days), {} "
      "names\n- Universe: {}\n- Benchmark: {}\n- Book: ${:.0f} long-only, whole shares; {}, {} weights, "
      "per-name cap {}, sector cap {}, cash buffer {}, minimum trade ${:.0f}\n- Horizon: {} day(s), {}\n"
      "- Timing: a signal dated t is traded at t+1 ({}); splits and dividends on their ex-dates\n\n",
      run.info.signal, run.info.signal_rows, run.info.signal_rows_unpriced, FormatDate(m.dates.front()),
      FormatDate(m.dates.back()), m.num_days(), m.num_tickers(),
      p.universe == "topk" ? "the point-in-time top-K of qtp select (topk_history), day by day"
                           : "every name with a score that day",
      run.info.benchmark, p.capital_usd,
      p.selection == "top_n" ? fmt::format("top {}", p.top_n) : fmt::format("top {}%", 100 * p.top_quantile),
      p.weighting, Pct(p.max_weight), Pct(p.sector_cap), Pct(p.cash_buffer), p.min_trade_usd, p.horizon,
      p.horizon_mode == "tranches" ? "overlapping tranches (1/H of the book re-formed each day)"
                                   : "the whole book re-formed every H days",
      FillDescription(run, options.config.costs));
  md +=
      "Survivorship: the universe is whatever the store holds. A store built from today's index members "
      "(the shared real data) contains no delisted names, which flatters every long-only result.\n\n";

  md += "## Scenarios after costs\n\n| metric |";
  for (const ScenarioRun& s : run.scenarios) md += fmt::format(" {} |", s.name);
  md += "\n|---|";
  for (size_t k = 0; k < run.scenarios.size(); ++k) md += "---:|";
  md += "\n";
  for (const MetricRow& row : Rows()) {
    md += fmt::format("| {} |", row.label);
    for (const ScenarioRun& s : run.scenarios) md += fmt::format(" {} |", row.format(s.metrics.Get(row.name)));
    md += "\n";
  }
  md += fmt::format(
      "\n## Signal before and after costs\n\nMean daily rank IC with the next day's total return: "
      "**{}** before costs ({} days).\n\n| scenario | rank IC after the round trip of a ${:.0f} order |\n"
      "|---|---:|\n",
      Num(run.pre_cost_ic, 4), run.ic_days, options.config.costs.reference_order_usd);
  for (const ScenarioRun& s : run.scenarios) md += fmt::format("| {} | {} |\n", s.name, Num(s.post_cost_ic, 4));

  md +=
      "\n## Costs against turnover\n\n| scenario | one-way turnover / year | costs / year (of equity) | cost per unit "
      "of one-way turnover (bps) | PnL before costs | PnL after costs |\n|---|---:|---:|---:|---:|---:|\n";
  for (const ScenarioRun& s : run.scenarios) {
    const double turnover = s.metrics.Get("turnover_annual"), drag = s.metrics.Get("cost_drag_annual");
    md += fmt::format("| {} | {} | {} | {} | {} | {} |\n", s.name, Num(turnover), Pct(drag),
                      Num(1e4 * drag / turnover, 1), Usd(s.metrics.Get("gross_pnl_usd")),
                      Usd(s.metrics.Get("net_pnl_usd")));
  }
  md +=
      "\n## Costs by liquidity bucket (1 = least liquid quantile of adv_20 that day)\n\n"
      "| scenario | bucket | fills | traded | cost | cost (bps) |\n|---|---:|---:|---:|---:|---:|\n";
  for (const ScenarioRun& s : run.scenarios) {
    for (size_t b = 0; b < s.result.buckets.size(); ++b) {
      const BucketCosts& c = s.result.buckets[b];
      if (c.fills == 0) continue;
      md += fmt::format("| {} | {} | {} | {} | {} | {} |\n", s.name, b == 0 ? "unknown" : std::to_string(b), c.fills,
                        Usd(c.traded_usd), Usd(c.cost_usd), Num(1e4 * c.cost_usd / c.traded_usd, 1));
    }
  }

  const ScenarioRun& base = run.scenarios.size() > 1 ? run.scenarios[1] : run.scenarios.front();
  md += fmt::format("\n## Mean sector exposure ({})\n\n| sector | weight |\n|---|---:|\n", base.name);
  for (size_t k = 0; k < base.result.sector_exposure.size(); ++k) {
    if (base.result.sector_exposure[k] == 0) continue;
    md += fmt::format("| {} | {} |\n", k < m.sectors.size() ? m.sectors[k] : "unknown",
                      Pct(base.result.sector_exposure[k]));
  }
  md += fmt::format("| cash | {} |\n", Pct(base.result.cash_exposure));

  md +=
      "\n## Stress windows\n\n| window | scenario | coverage | days | return | benchmark | max drawdown | "
      "volatility |\n|---|---|---|---:|---:|---:|---:|---:|\n";
  for (const ScenarioRun& s : run.scenarios) {
    for (const StressMetrics& w : s.metrics.stress) {
      md += fmt::format("| {} ({} .. {}) | {} | {} | {} | {} | {} | {} | {} |\n", w.name, FormatDate(w.first),
                        FormatDate(w.last), s.name, w.coverage, w.days, Pct(w.total_return), Pct(w.benchmark_return),
                        Pct(w.max_drawdown), Pct(w.annual_volatility));
    }
  }

  if (p.plots) {
    QTP_ASSIGN_OR_RETURN(const std::string gnuplot, eda::FindGnuplot(options.path_env));
    const std::string plot_dir = dir + "/plots";
    QTP_RETURN_IF_ERROR(MakeDirs(plot_dir));
    const std::string log = plot_dir + "/gnuplot.log";
    QTP_RETURN_IF_ERROR(AtomicWriteFile(log, ""));
    md += "\n## Plots\n\n";
    for (const Plot& plot : Plots(run, p)) {
      QTP_RETURN_IF_ERROR(AtomicWriteFile(fmt::format("{}/{}.dat", plot_dir, plot.name), plot.data));
      QTP_RETURN_IF_ERROR(AtomicWriteFile(fmt::format("{}/{}.gp", plot_dir, plot.name), plot.script));
      QTP_RETURN_IF_ERROR(eda::RunProcess({gnuplot, plot.name + ".gp"}, plot_dir, log));
      md += fmt::format("![{}](plots/{}.png)\n\n", plot.name, plot.name);
    }
  }
  md += "\nDefinitions of every number: docs/backtest.md.\n";
  QTP_RETURN_IF_ERROR(AtomicWriteFile(dir + "/report.md", md));
  return md;
}

}  // namespace qtp::backtest
