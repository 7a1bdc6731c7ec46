#include "qtp/eda/report.h"

#include <cmath>
#include <iterator>

#include <fmt/format.h>

#include "qtp/data/store/feature_columns.h"
#include "qtp/eda/eda_internal.h"

namespace qtp::eda {
namespace {

using internal::Num;

const std::string& GroupOf(const std::string& feature) {
  static const std::string none;
  for (const schema::FeatureColumn& c : schema::FeatureColumns()) {
    if (c.name == feature) return c.group;
  }
  return none;
}

// Regime names in report order: every stress regime, then calm.
std::vector<std::string> RegimeNames(const EdaAnalysis& a) {
  std::vector<std::string> names;
  for (const Regime& r : a.regimes) names.push_back(r.name);
  names.push_back(kCalmRegime);
  return names;
}

// Text for a markdown table cell: a '|' would end the cell.
std::string Cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string Pct(size_t part, size_t whole) {
  return whole == 0 ? "n/a" : fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

void AppendUniverse(std::string& md, const EdaAnalysis& a, const EdaParams& params, const ReportContext& ctx) {
  md += "## Universe and dates\n\n";
  md += fmt::format("- {} tickers, {} trading days from {} to {} ({} ticker-days), {} predictors.\n", a.tickers,
                    a.dates.size(), a.dates.empty() ? "-" : FormatDate(a.dates.front()),
                    a.dates.empty() ? "-" : FormatDate(a.dates.back()), a.ticker_days, a.features.size());
  md += fmt::format("- Forward returns: {}; horizons {} trading days; a day's IC needs at least {} tickers.\n",
                    params.entry == "close" ? "close_t -> close_t+h" : "open_t+1 -> close_t+h (next-open entry)",
                    fmt::join(a.daily.horizons, ", "), params.ic_min_tickers);
  md +=
      "- Missing days are not bridged: a (ticker, day) whose ticker has no close h days later gets no forward "
      "return and is left out of that day's IC.";
  for (size_t h = 0; h < a.daily.horizons.size(); ++h) {
    md += fmt::format(" h={}: {} rows left out.", a.daily.horizons[h], a.daily.MissingForward(h));
  }
  md += "\n";
  const MembershipCoverage& m = ctx.membership;
  if (m.intervals == 0) {
    md +=
        "- **Survivor bias:** `universe_membership` is empty, so no point-in-time index membership is known. The "
        "universe is whichever tickers have data, which for real data usually means today's survivors: names that "
        "left the index (often after falling) are missing, and ICs, stabilities and correlations describe "
        "survivors only. Import a membership history (`qtp import` of sp500_changes_since_1996.csv) to measure "
        "it.\n";
  } else {
    md += fmt::format(
        "- Point-in-time membership: {} of {} tickers have membership intervals; {} of the ticker-days "
        "lie inside one ({}). The rest are survivor-only.\n",
        m.tickers_known, a.tickers, m.ticker_days_member, Pct(m.ticker_days_member, a.ticker_days));
  }
  md += "\n";
}

void AppendTopFeatures(std::string& md, const EdaAnalysis& a, const EdaParams& params) {
  const int h1 = a.daily.horizons.front();
  md += fmt::format("## Top features by |ICIR| (rank IC, h = {})\n\n", h1);
  md += "| # | feature | group | mean rank IC | ICIR | t-stat | hit rate | days |";
  for (int h : a.daily.horizons) md += fmt::format(" h={} |", h);
  md += "\n|---|---|---|---|---|---|---|---|";
  for (size_t h = 0; h < a.daily.horizons.size(); ++h) md += "---|";
  md += "\n";
  const size_t shown = std::min(a.top.size(), static_cast<size_t>(2 * params.plot_features));
  for (size_t k = 0; k < shown; ++k) {
    const size_t f = a.top[k];
    const SeriesSummary& s = a.Ic(f, 0).rank;
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |", k + 1, a.features[f], GroupOf(a.features[f]),
                      Num(s.mean, 4, "-"), Num(s.ir, 3, "-"), Num(s.t_stat, 2, "-"), Num(s.hit_rate, 3, "-"), s.days);
    for (size_t h = 0; h < a.daily.horizons.size(); ++h) md += fmt::format(" {} |", Num(a.Ic(f, h).rank.mean, 4, "-"));
    md += "\n";
  }
  md += fmt::format(
      "\nThe last columns give the mean rank IC per horizon (its decay). ICIR = mean / std of the daily rank IC; "
      "t-stat = mean / (std / sqrt(days)). For h > 1 consecutive forward returns overlap, so the t-stat overstates "
      "significance by about sqrt(h). All rows: `feature_ic_summary.csv`; daily values: view `feature_ic`.\n\n");
}

void AppendStability(std::string& md, const EdaAnalysis& a, const EdaParams& params) {
  md += fmt::format("## Stability (rank autocorrelation, threshold {} at w = {})\n\n",
                    Num(params.stability_threshold, 2), params.stability_window);
  const std::vector<std::string> regimes = RegimeNames(a);
  std::string rows;
  std::vector<std::string> no_data;
  for (size_t f = 0; f < a.features.size(); ++f) {
    if (!a.has_data[f]) {
      no_data.push_back(a.features[f]);
      continue;
    }
    const StabilityRow* verdict = a.Stability(f, params.stability_window, kAllRegimes);
    if (verdict != nullptr && verdict->stable) continue;
    rows += fmt::format("| {} |", a.features[f]);
    for (int w : a.daily.windows) rows += fmt::format(" {} |", Num(a.Stability(f, w, kAllRegimes)->mean, 3, "-"));
    for (const std::string& r : regimes) {
      rows += fmt::format(" {} |", Num(a.Stability(f, params.stability_window, r)->mean, 3, "-"));
    }
    rows += "\n";
  }
  if (rows.empty()) {
    md += "Every feature with data is stable.\n\n";
  } else {
    md += "Unstable features (mean over all days per window, then at w = " + std::to_string(params.stability_window) +
          " per regime):\n\n| feature |";
    for (int w : a.daily.windows) md += fmt::format(" w={} |", w);
    for (const std::string& r : regimes) md += fmt::format(" {} |", r);
    md += "\n|---|";
    for (size_t k = 0; k < a.daily.windows.size() + regimes.size(); ++k) md += "---|";
    md += "\n" + rows + "\n";
  }
  if (!no_data.empty()) {
    md += fmt::format("Features without data (NULL on every day, e.g. sim_signal on real data): {}.\n\n",
                      fmt::join(no_data, ", "));
  }
  md += "Every feature, window and regime: `feature_stability.csv` (view `feature_stability`).\n\n";
}

void AppendRegimes(std::string& md, const EdaAnalysis& a, const EdaParams& params) {
  const std::vector<std::string> regimes = RegimeNames(a);
  md += fmt::format("## Regimes: mean rank IC at h = {} of the top features\n\n| feature |", a.daily.horizons.front());
  for (const std::string& r : regimes) md += fmt::format(" {} |", r);
  md += "\n|---|";
  for (size_t k = 0; k < regimes.size(); ++k) md += "---|";
  md += "\n";
  for (size_t k = 0; k < std::min(a.top.size(), static_cast<size_t>(params.plot_features)); ++k) {
    md += fmt::format("| {} |", a.features[a.top[k]]);
    for (const std::string& r : regimes) md += fmt::format(" {} |", Num(a.RegimeRankIc(a.top[k], r), 4, "-"));
    md += "\n";
  }
  md += "\nStress windows (config `eda.stress_regimes`): ";
  for (const Regime& r : a.regimes) md += fmt::format("{} {}..{}; ", r.name, FormatDate(r.first), FormatDate(r.last));
  md += "every other day is calm. A regime with no days in the data shows `-`.\n\n";
}

void AppendRedundancy(std::string& md, const EdaAnalysis& a, const EdaParams& params) {
  md += fmt::format("## Redundancy (mean Spearman over dates; prune above {}, list above {})\n\n",
                    Num(params.prune_threshold, 2), Num(params.list_threshold, 2));
  size_t dropped = 0;
  for (bool d : a.redundancy.dropped) dropped += d ? 1 : 0;
  if (a.redundancy.pairs.empty()) {
    md += "No pair of features is correlated above the list threshold.\n\n";
    return;
  }
  md += "| feature a | feature b | mean Spearman | days | decision |\n|---|---|---|---|---|\n";
  for (const CorrelatedPair& p : a.redundancy.pairs) {
    md += fmt::format("| {} | {} | {} | {} | {} |\n", a.features[p.a], a.features[p.b], Num(p.correlation, 3), p.days,
                      Cell(p.note));
  }
  md += fmt::format(
      "\n{} of {} predictors dropped; the decisions are also in feature_metadata.yaml. Full matrix: "
      "`feature_correlations.csv`.\n\n",
      dropped, a.features.size());
}

}  // namespace

std::string IcSummaryCsv(const EdaAnalysis& a) {
  std::string out =
      "feature,group,horizon,days,mean_rank_ic,std_rank_ic,icir,t_stat,hit_rate,decay,mean_ic,std_ic,icir_pearson,"
      "t_stat_pearson,hit_rate_pearson\n";
  for (const IcSummary& s : a.ic) {
    const std::string& name = a.features[s.feature];
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", name, GroupOf(name), s.horizon, s.rank.days,
                       Num(s.rank.mean, 6), Num(s.rank.std, 6), Num(s.rank.ir, 6), Num(s.rank.t_stat, 4),
                       Num(s.rank.hit_rate, 4), Num(s.decay, 4), Num(s.pearson.mean, 6), Num(s.pearson.std, 6),
                       Num(s.pearson.ir, 6), Num(s.pearson.t_stat, 4), Num(s.pearson.hit_rate, 4));
  }
  return out;
}

std::string StabilityCsv(const EdaAnalysis& a) {
  std::string out = "feature,window_days,regime,mean_autocorr,n_days,stable\n";
  for (const StabilityRow& r : a.stability) {
    out += fmt::format("{},{},{},{},{},{}\n", a.features[r.feature], r.window, r.regime, Num(r.mean, 6), r.days,
                       r.stable ? 1 : 0);
  }
  return out;
}

std::string CorrelationsCsv(const EdaAnalysis& a) {
  std::string out = "feature";
  for (const std::string& f : a.features) fmt::format_to(std::back_inserter(out), ",{}", f);
  out += "\n";
  for (size_t i = 0; i < a.features.size(); ++i) {
    out += a.features[i];
    for (size_t j = 0; j < a.features.size(); ++j) {
      fmt::format_to(std::back_inserter(out), ",{}", Num(a.correlations.at(i, j), 4));
    }
    out += "\n";
  }
  return out;
}

std::string RedundantPairsCsv(const EdaAnalysis& a) {
  std::string out = "feature_a,feature_b,spearman,days,decision\n";
  for (const CorrelatedPair& p : a.redundancy.pairs) {
    out += fmt::format("{},{},{},{},\"{}\"\n", a.features[p.a], a.features[p.b], Num(p.correlation, 4), p.days, p.note);
  }
  return out;
}

std::string SummaryMarkdown(const EdaAnalysis& a, const EdaParams& params, const ReportContext& ctx) {
  std::string md = "# Feature EDA\n\n";
  md += fmt::format(
      "Written by `qtp eda` (run `{}`) from the views `features` (normalized predictors) and "
      "`features_raw` (adjusted closes). Everything below is in this folder.\n\n",
      ctx.run_id);
  AppendUniverse(md, a, params, ctx);
  AppendTopFeatures(md, a, params);
  AppendStability(md, a, params);
  AppendRegimes(md, a, params);
  AppendRedundancy(md, a, params);
  md += "## Plots\n\n";
  if (!ctx.plots_enabled) md += "Plots are disabled (`eda.plots: false` or `--no-plots`).\n\n";
  for (const std::string& p : ctx.plots) md += fmt::format("![{}](plots/{})\n\n", p, p);
  if (!ctx.plots_skipped.empty()) {
    md += fmt::format("Not drawn, having nothing to show (no feature with an IC, or a single day): {}.\n\n",
                      fmt::join(ctx.plots_skipped, ", "));
  }
  md +=
      "## Files\n\n- `feature_ic_summary.csv`, `feature_stability.csv`, `feature_correlations.csv`, "
      "`redundant_pairs.csv`\n- `plots/`: PNGs with the gnuplot scripts and data that drew them\n"
      "- `events.jsonl`: append-only log of computation and pruning events\n"
      "- `../../processed/features/feature_metadata.yaml`: every feature's definition, parameters, stability, IC "
      "and pruning decision\n";
  return md;
}

}  // namespace qtp::eda
