#include "qtp/validation/report.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numeric>

#include <fmt/format.h>

#include "qtp/backtest/performance.h"
#include "qtp/core/file_util.h"
#include "qtp/core/json_number.h"
#include "qtp/eda/plots.h"

namespace qtp::validation {
namespace {

constexpr const char* kTerminal = "set terminal pngcairo noenhanced font 'Sans,10' size";
constexpr size_t kRollingFeatures = 8;  // features in the rolling-IC plot

std::string Pct(double v) { return std::isfinite(v) ? fmt::format("{:.2f}%", 100 * v) : "n/a"; }
std::string Num(double v, int digits = 2) {
  if (std::isinf(v)) return v > 0 ? "∞" : "-∞";
  return std::isfinite(v) ? fmt::format("{:.{}f}", v, digits) : "n/a";
}
std::string Csv(double v) { return std::isfinite(v) ? fmt::format("{}", v) : ""; }

nlohmann::ordered_json PointJson(const ValidationResult& v, const GridPoint& p) {
  return {{"model", v.models[p.model]},
          {"rebalance_days", p.rebalance_days},
          {"top_n", p.top_n},
          {"weighting", p.weighting},
          {"scenario", p.scenario}};
}

nlohmann::ordered_json PeriodJson(const PeriodMetrics& m) {
  return {{"first", m.dates.empty() ? "" : FormatDate(m.dates.front())},
          {"last", m.dates.empty() ? "" : FormatDate(m.dates.back())},
          {"days", m.returns.size()},
          {"sharpe_ratio", JsonNumber(m.sharpe)},
          {"cagr", JsonNumber(m.cagr)},
          {"total_return", JsonNumber(m.total_return)},
          {"max_drawdown", JsonNumber(m.max_drawdown)},
          {"annual_volatility", JsonNumber(m.annual_volatility)},
          {"turnover_annual", JsonNumber(m.turnover_annual)}};
}

nlohmann::ordered_json DeflatedJson(const DeflatedSharpeTest& t) {
  return {{"selected_sharpe_per_day", JsonNumber(t.selected.sharpe)},
          {"skewness", JsonNumber(t.selected.skewness)},
          {"kurtosis", JsonNumber(t.selected.kurtosis)},
          {"days", t.selected.n},
          {"trials", t.trials},
          {"probabilistic_sharpe", JsonNumber(t.probabilistic)},
          {"null_sharpe_variance", JsonNumber(t.null_variance)},
          {"expected_max_sharpe_per_day", JsonNumber(t.expected_max)},
          {"deflated_sharpe", JsonNumber(t.deflated)},
          {"trials_sharpe_variance", JsonNumber(t.trials_variance)},
          {"expected_max_sharpe_per_day_trials", JsonNumber(t.expected_max_trials)},
          {"deflated_sharpe_trials", JsonNumber(t.deflated_trials)}};
}

nlohmann::ordered_json DecayJson(const DecayProfile& d) {
  nlohmann::ordered_json j;
  for (size_t h = 0; h < d.horizons.size(); ++h) {
    j["horizon_rank_ic"][std::to_string(d.horizons[h])] = JsonNumber(d.horizon_ic[h]);
    j["lag_rank_ic"][std::to_string(d.horizons[h])] = JsonNumber(d.lag_ic[h]);
  }
  j["half_life_days"] =
      std::isinf(d.half_life) ? nlohmann::ordered_json("beyond the longest lag") : JsonNumber(d.half_life);
  return j;
}

// Cells of the base-cost grid of the chosen model, as a gnuplot matrix (rowheaders columnheaders)
// of the development Sharpe ratio.
struct Heatmap {
  std::string name, title, xlabel, ylabel;
  std::vector<std::string> columns, rows;
  std::vector<double> values;  // row-major
};

std::string HeatmapData(const Heatmap& h) {
  std::string data = "x";
  for (const std::string& c : h.columns) fmt::format_to(std::back_inserter(data), " {}", c);
  data += "\n";
  for (size_t r = 0; r < h.rows.size(); ++r) {
    data += h.rows[r];
    for (size_t c = 0; c < h.columns.size(); ++c) {
      fmt::format_to(std::back_inserter(data), " {}", eda::GnuplotValue(h.values[r * h.columns.size() + c]));
    }
    data += "\n";
  }
  return data;
}

std::string HeatmapScript(const Heatmap& h) {
  return fmt::format(
      "{} 900,600\nset output '{}.png'\nset title \"{}\"\nset xlabel \"{}\"\nset ylabel \"{}\"\n"
      "set datafile missing 'NaN'\nset palette defined (-1 'red', 0 'white', 1 'forest-green')\n"
      "set cbrange [-3:3]\nset cblabel 'Sharpe ratio'\nunset key\nset tics scale 0\n"
      "plot '{}.dat' matrix rowheaders columnheaders using 1:2:3 with image, "
      "'' matrix rowheaders columnheaders using 1:2:(sprintf('%.2f', $3)) with labels\n",
      kTerminal, h.name, h.title, h.xlabel, h.ylabel, h.name);
}

// The development Sharpe of the cell matching `match`, NaN when absent.
double CellSharpe(const ValidationResult& v, const std::function<bool(const GridPoint&)>& match) {
  for (const GridRow& row : v.grid) {
    if (match(row.point)) return row.development.sharpe;
  }
  return kNaN;
}

std::vector<Heatmap> Heatmaps(const ValidationResult& v, const ValidateOptions& options) {
  const ValidationParams& p = options.params;
  const GridPoint& s = v.grid[v.selected].point;
  const std::vector<int> rebalance = p.RebalanceDays(), top = p.TopN();
  std::vector<Heatmap> maps;
  Heatmap a{"sweep_rebalance_top_n",
            fmt::format("Development Sharpe, base costs: {}, {} weights", v.models[s.model], s.weighting),
            "rebalance / holding days",
            "top N",
            {},
            {},
            {}};
  for (const int r : rebalance) a.columns.push_back(std::to_string(r));
  for (const int n : top) {
    a.rows.push_back(std::to_string(n));
    for (const int r : rebalance) {
      a.values.push_back(CellSharpe(v, [&](const GridPoint& q) {
        return q.scenario == "base" && q.model == s.model && q.weighting == s.weighting && q.rebalance_days == r &&
               q.top_n == n;
      }));
    }
  }
  maps.push_back(std::move(a));
  Heatmap b{"sweep_model_rebalance",
            fmt::format("Development Sharpe, base costs: top {}, {} weights", s.top_n, s.weighting),
            "rebalance / holding days",
            "model",
            {},
            {},
            {}};
  for (const int r : rebalance) b.columns.push_back(std::to_string(r));
  for (size_t m = 0; m < v.models.size(); ++m) {
    b.rows.push_back(v.models[m]);
    for (const int r : rebalance) {
      b.values.push_back(CellSharpe(v, [&](const GridPoint& q) {
        return q.scenario == "base" && q.model == m && q.weighting == s.weighting && q.rebalance_days == r &&
               q.top_n == s.top_n;
      }));
    }
  }
  maps.push_back(std::move(b));
  Heatmap c{"sweep_weighting_scenario",
            fmt::format("Development Sharpe: {}, rebalance {} d, top {}", v.models[s.model], s.rebalance_days, s.top_n),
            "cost scenario",
            "weighting",
            {},
            {},
            {}};
  c.columns = p.sweep.scenarios;
  for (const std::string& w : p.sweep.weighting) {
    c.rows.push_back(w);
    for (const std::string& scenario : p.sweep.scenarios) {
      c.values.push_back(CellSharpe(v, [&](const GridPoint& q) {
        return q.scenario == scenario && q.model == s.model && q.weighting == w &&
               q.rebalance_days == s.rebalance_days && q.top_n == s.top_n;
      }));
    }
  }
  maps.push_back(std::move(c));
  return maps;
}

struct Plot {
  std::string name, data, script;
};

// The features by |IC 1d| over the out-of-sample days, largest first (those without one last).
std::vector<size_t> TopFeatures(const ValidationResult& v, size_t count) {
  std::vector<size_t> order(v.features.size());
  std::iota(order.begin(), order.end(), 0);
  const auto size = [&](size_t f) {
    const double ic = std::fabs(v.feature_decay[f].horizon_ic[0]);
    return std::isfinite(ic) ? ic : -1.0;
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return size(a) > size(b); });
  order.resize(std::min(count, order.size()));
  return order;
}

// The trailing mean of each series' daily horizon-1 IC over the out-of-sample days.
Plot RollingIcPlot(const std::string& name, const std::string& what, const std::vector<std::string>& labels,
                   const std::vector<DecayProfile>& profiles, const ValidationResult& v,
                   const ValidateOptions& options) {
  std::vector<std::vector<double>> means;
  for (const DecayProfile& d : profiles) {
    means.push_back(eda::TrailingMean(d.daily_ic, static_cast<size_t>(options.params.decay.rolling_days)));
  }
  Plot plot{name, eda::DatedColumnsData(v.decay_dates, labels, means), ""};
  plot.script = fmt::format(
      "{} 1400,600\nset output '{}.png'\nset title \"Rolling {}-day mean daily rank IC (1-day forward return): {}\"\n"
      "set xdata time\nset timefmt '%Y-%m-%d'\nset format x '%Y-%m'\nset datafile missing 'NaN'\n"
      "set key outside right autotitle columnhead\nset grid\nplot for [k=2:{}] '{}.dat' using 1:k with lines lw 2\n",
      kTerminal, name, options.params.decay.rolling_days, what, labels.size() + 1, name);
  return plot;
}

std::vector<Plot> Plots(const ValidationResult& v, const ValidateOptions& options) {
  std::vector<Plot> plots;
  for (const Heatmap& h : Heatmaps(v, options)) plots.push_back({h.name, HeatmapData(h), HeatmapScript(h)});

  Plot folds{"fold_ic", "fold mean_rank_ic\n", ""};
  for (const FoldResult& f : v.folds) {
    fmt::format_to(std::back_inserter(folds.data), "{} {}\n", FormatDate(f.first), eda::GnuplotValue(f.mean_rank_ic));
  }
  folds.script = fmt::format(
      "{} 1000,500\nset output 'fold_ic.png'\nset title \"Mean daily rank IC per development fold ({})\"\n"
      "set datafile missing 'NaN'\nset style fill solid 0.6\nset boxwidth 0.8 relative\nset xtics rotate by -45\n"
      "set grid ytics\nunset key\nplot 'fold_ic.dat' using 0:2:xtic(1) with boxes, {} with lines dt 2 lw 2\n",
      kTerminal, v.models[v.grid[v.selected].point.model], options.params.gates.min_fold_ic);
  plots.push_back(std::move(folds));

  Plot decay{"decay", "lag", ""};
  for (const std::string& m : v.models) fmt::format_to(std::back_inserter(decay.data), " {}", m);
  decay.data += "\n";
  if (!v.model_decay.empty()) {
    const DecayProfile& first = v.model_decay.front();
    for (size_t h = 0; h < first.horizons.size(); ++h) {
      decay.data += std::to_string(first.horizons[h]);
      for (const DecayProfile& d : v.model_decay) {
        fmt::format_to(std::back_inserter(decay.data), " {}", eda::GnuplotValue(d.lag_ic[h]));
      }
      decay.data += "\n";
    }
  }
  decay.script = fmt::format(
      "{} 1000,500\nset output 'decay.png'\nset title \"Signal decay: mean rank IC with the return of day t+lag "
      "alone\"\nset xlabel 'lag (trading days)'\nset datafile missing 'NaN'\nset key outside right autotitle "
      "columnhead\nset grid\nplot for [k=2:{}] 'decay.dat' using 1:k with linespoints lw 2\n",
      kTerminal, v.models.size() + 1);
  plots.push_back(std::move(decay));

  plots.push_back(RollingIcPlot("rolling_ic", "models", v.models, v.model_decay, v, options));
  const std::vector<size_t> top = TopFeatures(v, kRollingFeatures);
  std::vector<std::string> names;
  std::vector<DecayProfile> profiles;
  for (const size_t f : top) {
    names.push_back(v.features[f]);
    profiles.push_back(v.feature_decay[f]);
  }
  plots.push_back(
      RollingIcPlot("rolling_ic_features", "the features with the largest |IC 1d|", names, profiles, v, options));

  const std::vector<DateDays>& dates = v.strategy_dates;
  std::vector<std::string> labels = {"strategy"};
  for (std::string b : v.benchmarks) {
    std::replace(b.begin(), b.end(), ' ', '_');
    labels.push_back(b);
  }
  std::vector<std::vector<double>> growth(labels.size(), std::vector<double>(dates.size()));
  for (size_t d = 0; d < dates.size(); ++d) {
    for (size_t k = 0; k < labels.size(); ++k) {
      const double r = k == 0 ? v.strategy_returns[d] : v.benchmark_returns_all[(k - 1) * dates.size() + d];
      growth[k][d] = (d > 0 ? growth[k][d - 1] : 1.0) * (std::isfinite(r) ? 1 + r : 1.0);
    }
  }
  Plot equity{"equity", eda::DatedColumnsData(dates, labels, growth), ""};
  equity.script = fmt::format(
      "{} 1400,700\nset output 'equity.png'\nset title \"Growth of 1: the chosen configuration (base costs) vs "
      "benchmarks; held out from {}\"\nset xdata time\nset timefmt '%Y-%m-%d'\nset format x '%Y-%m'\nset logscale y\n"
      "set datafile missing 'NaN'\nset key outside right autotitle columnhead\nset grid\n"
      "set arrow from '{}', graph 0 to '{}', graph 1 nohead dt 2\n"
      "plot 'equity.dat' using 1:2 with lines lw 3, for [k=3:{}] '' using 1:k with lines lw 1\n",
      kTerminal, FormatDate(v.holdout_first), FormatDate(v.holdout_first), FormatDate(v.holdout_first),
      v.benchmarks.size() + 2);
  plots.push_back(std::move(equity));
  return plots;
}

std::string GridCsv(const ValidationResult& v) {
  std::string csv =
      "model,rebalance_days,top_n,weighting,scenario,development_sharpe,development_cagr,development_max_drawdown,"
      "development_turnover_annual,holdout_sharpe,holdout_cagr,holdout_max_drawdown,holdout_turnover_annual,"
      "selected\n";
  for (size_t k = 0; k < v.grid.size(); ++k) {
    const GridRow& r = v.grid[k];
    fmt::format_to(std::back_inserter(csv), "{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", v.models[r.point.model],
                   r.point.rebalance_days, r.point.top_n, r.point.weighting, r.point.scenario,
                   Csv(r.development.sharpe), Csv(r.development.cagr), Csv(r.development.max_drawdown),
                   Csv(r.development.turnover_annual), Csv(r.holdout.sharpe), Csv(r.holdout.cagr),
                   Csv(r.holdout.max_drawdown), Csv(r.holdout.turnover_annual), k == v.selected ? 1 : 0);
  }
  return csv;
}

std::string FoldsCsv(const ValidationResult& v) {
  std::string csv = "fold,first,last,days,mean_rank_ic,sharpe_ratio,max_drawdown\n";
  for (size_t k = 0; k < v.folds.size(); ++k) {
    const FoldResult& f = v.folds[k];
    fmt::format_to(std::back_inserter(csv), "{},{},{},{},{},{},{}\n", k, FormatDate(f.first), FormatDate(f.last),
                   f.days, Csv(f.mean_rank_ic), Csv(f.sharpe), Csv(f.max_drawdown));
  }
  return csv;
}

std::string DecayCsv(const ValidationResult& v) {
  std::string csv = "kind,name,horizon,horizon_rank_ic,lag_rank_ic,half_life_days\n";
  auto add = [&](const char* kind, const std::string& name, const DecayProfile& d) {
    for (size_t h = 0; h < d.horizons.size(); ++h) {
      fmt::format_to(std::back_inserter(csv), "{},{},{},{},{},{}\n", kind, name, d.horizons[h], Csv(d.horizon_ic[h]),
                     Csv(d.lag_ic[h]), std::isinf(d.half_life) ? "inf" : Csv(d.half_life));
    }
  };
  for (size_t m = 0; m < v.models.size(); ++m) add("model", v.models[m], v.model_decay[m]);
  for (size_t f = 0; f < v.features.size(); ++f) add("feature", v.features[f], v.feature_decay[f]);
  return csv;
}

std::string DecayTable(const std::vector<std::string>& names, const std::vector<DecayProfile>& profiles,
                       const std::vector<size_t>& order) {
  if (profiles.empty()) return "";
  const DecayProfile& first = profiles.front();
  std::string md = "| name |";
  for (const int h : first.horizons) fmt::format_to(std::back_inserter(md), " IC {}d |", h);
  for (const int h : first.horizons) fmt::format_to(std::back_inserter(md), " lag {} |", h);
  md += " half-life (days) |\n|---|";
  for (size_t k = 0; k < 2 * first.horizons.size() + 1; ++k) md += "---:|";
  md += "\n";
  for (const size_t k : order) {
    const DecayProfile& d = profiles[k];
    fmt::format_to(std::back_inserter(md), "| {} |", names[k]);
    for (const double ic : d.horizon_ic) fmt::format_to(std::back_inserter(md), " {} |", Num(ic, 4));
    for (const double ic : d.lag_ic) fmt::format_to(std::back_inserter(md), " {} |", Num(ic, 4));
    md += fmt::format(" {} |\n",
                      std::isinf(d.half_life) ? fmt::format("> {}", first.horizons.back()) : Num(d.half_life, 1));
  }
  return md;
}

std::string Markdown(const ValidationResult& v, const ValidateOptions& options, bool plots) {
  const GridRow& chosen = v.grid[v.selected];
  const GridPoint& s = chosen.point;
  std::string md =
      fmt::format("# Validation {}\n\n**Verdict: {}** (exit code {}): {} of {} gates passed.\n\n", options.run_id,
                  v.passed ? "PASS" : "FAIL", v.passed ? 0 : 3,
                  std::count_if(v.gates.begin(), v.gates.end(), [](const Gate& g) { return g.pass; }), v.gates.size());
  md += "## Gates (config/validation.yaml)\n\n| gate | rule | value | result |\n|---|---|---:|---|\n";
  for (const Gate& g : v.gates) {
    md += fmt::format("| {} | {} | {} | {} |\n", g.name, g.rule, Num(g.value, 4), g.pass ? "pass" : "**FAIL**");
  }
  md += fmt::format(
      "\n## What was validated\n\n"
      "- Models: {} (config/models.yaml, horizon {}), on {} predictors; {} names; universe: {}.\n"
      "- Development, out of sample (walk-forward, purged and embargoed): {} to {}. Held out: {} to {} "
      "({} trading days), never fitted on and never used to choose anything.\n"
      "- Grid: {} models x {} rebalance periods x {} top-N x {} weightings = {} configurations, each under {} cost "
      "scenarios ({} backtests per period). The choice is the best development Sharpe ratio under base costs.\n",
      fmt::join(v.models, ", "), options.models.horizon, v.features.size(), v.tickers, v.universe_note,
      FormatDate(v.development_first), FormatDate(v.development_last), FormatDate(v.holdout_first),
      FormatDate(v.holdout_last), chosen.holdout.returns.size(), v.models.size(),
      options.params.sweep.rebalance_days.size(), options.params.sweep.top_n.size(),
      options.params.sweep.weighting.size(), v.trials, options.params.sweep.scenarios.size(), v.grid.size());

  md += fmt::format("\n## The chosen configuration: {}\n\n", Describe(v, s));
  md +=
      "| scenario | period | Sharpe | CAGR | total return | max drawdown | volatility | turnover / yr |\n"
      "|---|---|---:|---:|---:|---:|---:|---:|\n";
  for (const GridRow& row : v.grid) {
    const GridPoint& q = row.point;
    if (q.model != s.model || q.rebalance_days != s.rebalance_days || q.top_n != s.top_n || q.weighting != s.weighting)
      continue;
    for (const auto& [period, m] :
         {std::pair<const char*, const PeriodMetrics*>{"development", &row.development}, {"held out", &row.holdout}}) {
      md += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", q.scenario, period, Num(m->sharpe), Pct(m->cagr),
                        Pct(m->total_return), Pct(m->max_drawdown), Pct(m->annual_volatility), Num(m->turnover_annual));
    }
  }

  md += fmt::format(
      "\n## Overfitting controls\n\n"
      "Configurations tried (base costs): **{}**. The deflated Sharpe ratio is the probability that the chosen "
      "configuration's true Sharpe ratio exceeds the best that luck alone gives among that many tries. Luck's "
      "dispersion is the sampling variance of a Sharpe estimate with no skill, 1/(n-1) (gated), and, as the paper's "
      "proxy, the variance of the trials' own Sharpe ratios, which real differences between the configurations "
      "inflate. Active returns are the net returns less the benchmark ({}): their Sharpe ratio is the information "
      "ratio, which a long-only book cannot earn from the market's premium. Sharpe ratios per day (annualized in "
      "brackets).\n\n"
      "| returns | chosen Sharpe | skewness | kurtosis | days | PSR vs 0 | expected best (null) | deflated (null) | "
      "trials' variance | expected best (trials) | deflated (trials) |\n"
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
      v.trials, v.benchmark);
  const double annual = std::sqrt(252.0);
  for (const auto& [kind, t] :
       {std::pair<std::string, const DeflatedSharpeTest*>{"total", &v.total}, {"active", &v.active}}) {
    md += fmt::format("| {}{} | {} ({}) | {} | {} | {} | {} | {} ({}) | **{}** | {:.3g} | {} ({}) | {} |\n", kind,
                      options.params.gates.deflated_sharpe_of == kind ? " (gated)" : "", Num(t->selected.sharpe, 4),
                      Num(t->selected.sharpe * annual), Num(t->selected.skewness), Num(t->selected.kurtosis),
                      t->selected.n, Num(t->probabilistic, 4), Num(t->expected_max, 4), Num(t->expected_max * annual),
                      Num(t->deflated, 4), t->trials_variance, Num(t->expected_max_trials, 4),
                      Num(t->expected_max_trials * annual), Num(t->deflated_trials, 4));
  }
  md += fmt::format(
      "\n- Probability of backtest overfitting (CSCV of the net returns, {} blocks, {} splits): **{}**: the share "
      "of splits whose in-sample best configuration ranks in the bottom half out of sample{}.\n"
      "- Grid robustness: {} of the base-cost cells have a positive development Sharpe ratio; the chosen cell's "
      "{} neighbours (one step along one axis) have a median Sharpe of {} against its {}{}.\n",
      options.params.pbo_blocks, v.pbo.splits, Num(v.pbo.pbo, 3),
      v.pbo.pbo > 0.5 ? " (above one half: the choice is worse than a coin flip out of sample)" : "",
      Pct(v.share_positive), v.neighbours.size(), Num(v.neighbour_median_sharpe), Num(chosen.development.sharpe),
      v.isolated ? ". **Flagged: the result depends on one grid cell** (its neighbours' median is below half its "
                   "Sharpe ratio)"
                 : "");

  md += fmt::format("\n## Walk-forward folds (development, {} days each)\n\n", options.params.fold_days);
  md += "| fold | first | last | days | mean rank IC | Sharpe | max drawdown |\n|---:|---|---|---:|---:|---:|---:|\n";
  for (size_t k = 0; k < v.folds.size(); ++k) {
    const FoldResult& f = v.folds[k];
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", k, FormatDate(f.first), FormatDate(f.last), f.days,
                      Num(f.mean_rank_ic, 4), Num(f.sharpe), Pct(f.max_drawdown));
  }
  std::vector<double> ics, sharpes;
  for (const FoldResult& f : v.folds) {
    ics.push_back(f.mean_rank_ic);
    sharpes.push_back(f.sharpe);
  }
  const size_t positive_ic = static_cast<size_t>(std::count_if(ics.begin(), ics.end(), [](double x) { return x > 0; }));
  md += fmt::format("\nAggregate: mean fold IC {}, lowest {}, {} of {} folds positive; mean fold Sharpe {}.\n",
                    Num(backtest::NanMean(ics), 4), Num(*std::min_element(ics.begin(), ics.end()), 4), positive_ic,
                    v.folds.size(), Num(backtest::NanMean(sharpes)));

  md += "\n## Against the benchmarks, per regime (total returns; the chosen configuration after base costs)\n\n";
  md += "| period | days | strategy |";
  for (const std::string& b : v.benchmarks) fmt::format_to(std::back_inserter(md), " {} |", b);
  md += "\n|---|---:|---:|";
  for (size_t b = 0; b < v.benchmarks.size(); ++b) md += "---:|";
  md += "\n";
  for (const RegimeRow& r : v.regimes) {
    md += fmt::format("| {} | {} | {} |", r.name, r.days, Pct(r.strategy));
    for (const double b : r.benchmarks) fmt::format_to(std::back_inserter(md), " {} |", Pct(b));
    md += "\n";
  }

  md +=
      "\n## Decay\n\nMean daily rank IC with the forward return over h days (IC hd) and with the return of day "
      "t+h alone (lag h), over every out-of-sample day; the half-life is the lag at which the lag IC falls to half "
      "its lag-1 value.\n\n### Models\n\n";
  std::vector<size_t> all_models(v.models.size());
  std::iota(all_models.begin(), all_models.end(), 0);
  md += DecayTable(v.models, v.model_decay, all_models);
  md += "\n### Features (by |IC 1d|; decay.csv has them with every horizon)\n\n";
  md += DecayTable(v.features, v.feature_decay, TopFeatures(v, v.features.size()));

  if (plots) {
    md += "\n## Plots\n\n";
    for (const char* name : {"equity", "fold_ic", "sweep_rebalance_top_n", "sweep_model_rebalance",
                             "sweep_weighting_scenario", "decay", "rolling_ic", "rolling_ic_features"}) {
      md += fmt::format("![{}](plots/{}.png)\n\n", name, name);
    }
  }
  md +=
      "\nEvery number: grid.csv, folds.csv, decay.csv and summary.json beside this file; inputs.json holds the "
      "hashes of the datasets read, config.yaml the effective configuration. Definitions: docs/validation.md.\n";
  return md;
}

}  // namespace

std::string Describe(const ValidationResult& v, const GridPoint& p) {
  return fmt::format("{}, rebalance {} d, top {}, {} weights, {} costs", v.models[p.model], p.rebalance_days, p.top_n,
                     p.weighting, p.scenario);
}

nlohmann::ordered_json SummaryJson(const ValidationResult& v, const ValidateOptions& options) {
  nlohmann::ordered_json j;
  j["run_id"] = options.run_id;
  j["passed"] = v.passed;
  j["exit_code"] = v.passed ? 0 : 3;
  for (const Gate& g : v.gates) {
    j["gates"].push_back({{"gate", g.name}, {"rule", g.rule}, {"value", JsonNumber(g.value)}, {"pass", g.pass}});
  }
  const GridRow& chosen = v.grid[v.selected];
  j["selected"] = PointJson(v, chosen.point);
  j["selected"]["development"] = PeriodJson(chosen.development);
  j["selected"]["holdout"] = PeriodJson(chosen.holdout);
  j["models"] = v.models;
  j["tickers"] = v.tickers;
  j["universe"] = v.universe_note;
  j["configurations_tried"] = v.trials;
  j["backtests"] = 2 * v.grid.size();
  j["overfitting"] = {{"benchmark", v.benchmark},
                      {"deflated_sharpe_total", DeflatedJson(v.total)},
                      {"deflated_sharpe_active", DeflatedJson(v.active)},
                      {"pbo", JsonNumber(v.pbo.pbo)},
                      {"pbo_splits", v.pbo.splits},
                      {"share_positive_cells", JsonNumber(v.share_positive)},
                      {"neighbour_median_sharpe", JsonNumber(v.neighbour_median_sharpe)},
                      {"isolated_cell", v.isolated}};
  for (const FoldResult& f : v.folds) {
    j["folds"].push_back({{"first", FormatDate(f.first)},
                          {"last", FormatDate(f.last)},
                          {"days", f.days},
                          {"mean_rank_ic", JsonNumber(f.mean_rank_ic)},
                          {"sharpe_ratio", JsonNumber(f.sharpe)},
                          {"max_drawdown", JsonNumber(f.max_drawdown)}});
  }
  for (const RegimeRow& r : v.regimes) {
    nlohmann::ordered_json row{{"regime", r.name}, {"days", r.days}, {"strategy", JsonNumber(r.strategy)}};
    for (size_t b = 0; b < r.benchmarks.size(); ++b) row["benchmarks"][v.benchmarks[b]] = JsonNumber(r.benchmarks[b]);
    j["regimes"].push_back(row);
  }
  for (size_t m = 0; m < v.models.size(); ++m) j["decay"]["models"][v.models[m]] = DecayJson(v.model_decay[m]);
  return j;
}

Status WriteValidationReport(const ValidationResult& v, const ValidateOptions& options, const std::string& dir) {
  QTP_RETURN_IF_ERROR(AtomicWriteFile(dir + "/summary.json", SummaryJson(v, options).dump(2) + "\n"));
  QTP_RETURN_IF_ERROR(AtomicWriteFile(dir + "/grid.csv", GridCsv(v)));
  QTP_RETURN_IF_ERROR(AtomicWriteFile(dir + "/folds.csv", FoldsCsv(v)));
  QTP_RETURN_IF_ERROR(AtomicWriteFile(dir + "/decay.csv", DecayCsv(v)));
  if (options.params.plots) {
    QTP_ASSIGN_OR_RETURN(const std::string gnuplot, eda::FindGnuplot(options.path_env));
    const std::string plot_dir = dir + "/plots";
    QTP_RETURN_IF_ERROR(MakeDirs(plot_dir));
    const std::string log = plot_dir + "/gnuplot.log";
    QTP_RETURN_IF_ERROR(AtomicWriteFile(log, ""));
    for (const Plot& plot : Plots(v, options)) {
      QTP_RETURN_IF_ERROR(AtomicWriteFile(fmt::format("{}/{}.dat", plot_dir, plot.name), plot.data));
      QTP_RETURN_IF_ERROR(AtomicWriteFile(fmt::format("{}/{}.gp", plot_dir, plot.name), plot.script));
      QTP_RETURN_IF_ERROR(eda::RunProcess({gnuplot, plot.name + ".gp"}, plot_dir, log));
    }
  }
  return AtomicWriteFile(dir + "/report.md", Markdown(v, options, options.params.plots));
}

}  // namespace qtp::validation
