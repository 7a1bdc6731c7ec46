#include "qtp/evaluation/report.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numeric>

#include <fmt/format.h>

#include "qtp/core/file_util.h"
#include "qtp/eda/plots.h"
#include "qtp/evaluation/report_internal.h"

namespace qtp::evaluation {
namespace {

using internal::Num;
using Json = nlohmann::ordered_json;

constexpr double kBasisPoints = 1e4;

// Descending with NaN last; 0 when equal (or both NaN).
int CompareDescending(double a, double b) {
  const bool fa = std::isfinite(a), fb = std::isfinite(b);
  if (fa != fb) return fa ? -1 : 1;
  if (!fa || a == b) return 0;
  return a > b ? -1 : 1;
}

// nlohmann writes a NaN as null; storing null up front makes the in-memory document equal the file.
Json Number(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

std::string DateText(DateDays d) { return d == kNullDate ? "" : FormatDate(d); }
Json DateJson(DateDays d) { return d == kNullDate ? Json(nullptr) : Json(FormatDate(d)); }

std::string Gain(double x) { return std::isfinite(x) ? fmt::format("{:.4g}", x) : "n/a"; }

// A signed t-statistic with its Newey-West lag, e.g. "3.21 (lag 4)".
std::string TStat(const Summary& s) { return fmt::format("{} (lag {})", Num(s.t_stat, 2), s.newey_west_lag); }

// Newey-West standard error of the mean rank IC, recovered from the mean and its t-statistic.
double MeanRankIcStandardError(const Summary& s) {
  return std::isfinite(s.t_stat) && s.t_stat != 0 ? std::fabs(s.mean_rank_ic / s.t_stat) : kNaN;
}

// Feature indices with a finite value of `get`, largest first (ties by name), at most `limit`.
template <typename Get>
std::vector<size_t> TopFeatures(const ModelReport& m, Get get, size_t limit) {
  std::vector<size_t> idx;
  for (size_t f = 0; f < m.importance.size(); ++f) {
    if (std::isfinite(get(m.importance[f]))) idx.push_back(f);
  }
  std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
    const double va = get(m.importance[a]), vb = get(m.importance[b]);
    return va != vb ? va > vb : m.importance[a].feature < m.importance[b].feature;
  });
  if (idx.size() > limit) idx.resize(limit);
  return idx;
}

struct SanityVerdict {
  std::string kind;  // "real", "simulated", "simulated_unknown_signal", "no_models"
  std::vector<size_t> leaks;
  size_t best = 0;
  double difference = kNaN;  // best OOS rank IC - planted signal
  bool within_tolerance = false;
  std::vector<size_t> significant;  // signal 0: models with |t| >= kNullSignalMaxT
};

SanityVerdict Sanity(const EvalReport& r, const std::vector<size_t>& order) {
  SanityVerdict v;
  if (r.models.empty()) {
    v.kind = "no_models";
    return v;
  }
  v.best = order.front();
  if (!r.run.simulated) {
    v.kind = "real";
    v.leaks = LeakSuspects(r);
    return v;
  }
  if (!std::isfinite(r.run.planted_signal)) {
    v.kind = "simulated_unknown_signal";
    return v;
  }
  v.kind = "simulated";
  const Summary& best = r.models[v.best].oos;
  v.difference = best.mean_rank_ic - r.run.planted_signal;
  if (r.run.planted_signal == 0) {
    for (size_t i : order) {
      if (!(std::fabs(r.models[i].oos.t_stat) < kNullSignalMaxT)) v.significant.push_back(i);
    }
    v.within_tolerance = v.significant.empty();
  } else {
    v.within_tolerance = std::fabs(v.difference) <= r.run.signal_tolerance;
  }
  return v;
}

std::string SanityMarkdown(const EvalReport& r, const SanityVerdict& v) {
  std::string out = "## Sanity\n\n";
  if (v.kind == "no_models") return out + "No model was evaluated.\n\n";
  const ModelReport& best = r.models[v.best];
  if (v.kind == "real") {
    for (size_t i : v.leaks) {
      const ModelReport& m = r.models[i];
      out += fmt::format(
          "> **LIKELY LEAK — audit**: `{}` (`{}`) has an out-of-sample mean daily rank IC of {} (>= {}). Strong "
          "published models on large-cap universes reach about 0.04-0.07 (Qlib: LightGBM ~0.047 on CSI300). Audit "
          "label windows, purge and embargo, and feature timing before trusting it.\n\n",
          m.name, m.model_id, Num(m.oos.mean_rank_ic, 4), Num(r.run.leak_rank_ic, 2));
    }
    if (v.leaks.empty()) {
      out += fmt::format(
          "Real data. No model reaches an out-of-sample mean daily rank IC of {} (the likely-leak level); the best, "
          "`{}`, has {} (t = {}). For scale, strong published models on large-cap universes reach about "
          "0.04-0.07.\n\n",
          Num(r.run.leak_rank_ic, 2), best.name, Num(best.oos.mean_rank_ic, 4), TStat(best.oos));
    }
    return out;
  }
  if (v.kind == "simulated_unknown_signal") {
    return out + "Simulated data, planted signal unknown: no check against it.\n\n";
  }
  const double signal = r.run.planted_signal;
  if (signal == 0) {
    out += fmt::format("Simulated data with no planted signal (--signal 0): every model's out-of-sample mean daily "
                       "rank IC should be indistinguishable from 0 (|t| < {}).\n\n",
                       Num(kNullSignalMaxT, 0));
    if (v.significant.empty()) {
      out += "**Pass**: no model has |t| >= 3.\n\n";
    } else {
      for (size_t i : v.significant) {
        out += fmt::format("> **FAIL — audit**: `{}` has mean rank IC {} with t = {} on signal-free data.\n\n",
                           r.models[i].name, Num(r.models[i].oos.mean_rank_ic, 4), TStat(r.models[i].oos));
      }
    }
    return out;
  }
  out += fmt::format(
      "Simulated data with a planted daily rank IC of {} (horizon 1). Best model `{}` (horizon {}): out-of-sample "
      "mean daily rank IC {}, difference {} (Newey-West standard error {}); tolerance ±{}: **{}**.\n\n",
      Num(signal, 4), best.name, best.horizon, Num(best.oos.mean_rank_ic, 4), Num(v.difference, 4),
      Num(MeanRankIcStandardError(best.oos), 4), Num(r.run.signal_tolerance, 4),
      v.within_tolerance ? "within" : "OUTSIDE — audit");
  if (best.horizon != 1) {
    out += "NOTE: the planted signal is a 1-day rank IC; the best model predicts a longer horizon, so the "
           "comparison is indicative only.\n\n";
  }
  return out;
}

std::string OosTable(const EvalReport& r, const std::vector<size_t>& order) {
  std::string out =
      "| model | family | h | days | mean IC | mean rank IC | sd rank IC | ICIR | ICIR ann. | t (Newey-West) | hit "
      "rate | top-bottom (bp) | rank autocorr |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (size_t i : order) {
    const ModelReport& m = r.models[i];
    const Summary& s = m.oos;
    fmt::format_to(std::back_inserter(out), "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                   m.name, m.family, m.horizon, s.days, Num(s.mean_ic, 4), Num(s.mean_rank_ic, 4),
                   Num(s.sd_rank_ic, 4), Num(s.icir, 3), Num(s.icir_annualized, 2), TStat(s), Num(s.hit_rate, 3),
                   Num(s.top_minus_bottom * kBasisPoints, 1), Num(s.rank_autocorr, 3));
  }
  return out + "\n";
}

std::string CompareTable(const EvalReport& r, const std::vector<size_t>& order) {
  std::string out =
      "Ranked by out-of-sample mean daily rank IC, then ICIR (the order of `qtp models compare`).\n\n"
      "| rank | model | model_id | mean rank IC | ICIR | t (Newey-West) | days |\n|---:|---|---|---:|---:|---:|---:|\n";
  for (size_t k = 0; k < order.size(); ++k) {
    const ModelReport& m = r.models[order[k]];
    fmt::format_to(std::back_inserter(out), "| {} | {} | `{}` | {} | {} | {} | {} |\n", k + 1, m.name, m.model_id,
                   Num(m.oos.mean_rank_ic, 4), Num(m.oos.icir, 3), TStat(m.oos), m.oos.days);
  }
  return out + "\n";
}

std::string FoldTable(const ModelReport& m) {
  if (m.folds.empty()) return "No folds.\n\n";
  std::string out =
      "| fold | train | test | train rows | test days | mean rank IC | ICIR | t (Newey-West) | hit rate | "
      "top-bottom (bp) | rank autocorr |\n|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const FoldRow& f : m.folds) {
    fmt::format_to(std::back_inserter(out), "| {} | {} .. {} | {} .. {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                   f.fold, DateText(f.train_start), DateText(f.train_end), DateText(f.test_start),
                   DateText(f.test_end), f.train_rows, f.test_days, Num(f.test.mean_rank_ic, 4), Num(f.test.icir, 3),
                   TStat(f.test), Num(f.test.hit_rate, 3), Num(f.test.top_minus_bottom * kBasisPoints, 1),
                   Num(f.test.rank_autocorr, 3));
  }
  return out + "\n";
}

std::string ImportanceMarkdown(const ModelReport& m, size_t limit) {
  const std::vector<size_t> gain = TopFeatures(m, [](const FeatureImportance& f) { return f.gain; }, limit);
  const std::vector<size_t> perm = TopFeatures(m, [](const FeatureImportance& f) { return f.permutation; }, limit);
  if (gain.empty() && perm.empty()) return "No feature importance for this model.\n\n";
  std::string out = fmt::format(
      "At most {} features by gain (split gain or |coefficient|) and by permutation importance (drop in out-of-sample "
      "mean daily rank IC when shuffled within days).\n\n| # | by gain | gain | by permutation | rank IC drop |\n"
      "|---:|---|---:|---|---:|\n",
      limit);
  for (size_t k = 0; k < std::max(gain.size(), perm.size()); ++k) {
    const bool g = k < gain.size(), p = k < perm.size();
    fmt::format_to(std::back_inserter(out), "| {} | {} | {} | {} | {} |\n", k + 1,
                   g ? m.importance[gain[k]].feature : "", g ? Gain(m.importance[gain[k]].gain) : "",
                   p ? m.importance[perm[k]].feature : "", p ? Num(m.importance[perm[k]].permutation, 5) : "");
  }
  return out + "\n";
}

constexpr const char* kDefinitions =
    "## Definitions\n\n"
    "Per test day, over the tickers with both a score and a forward return (days with too few are left out): "
    "IC = Pearson correlation of score and forward return; rank IC = Spearman correlation (average ranks for "
    "ties); top-bottom = mean forward return of the top decile by score minus the bottom decile; hit rate = share "
    "of tickers on the same side of the day's median score as of the day's median forward return; rank autocorr = "
    "Spearman correlation of the day's scores with the previous day's (a turnover proxy). Over days: ICIR = mean / "
    "sd of the daily rank IC (per day; annualized x sqrt(252 / h)); t = mean daily rank IC over its Newey-West "
    "standard error with h - 1 lags (overlapping h-day forward windows). Formulas: src/qtp/evaluation/"
    "daily_metrics.h and summary.h.\n\n";

Json SummaryJson(const Summary& s) {
  return Json{{"days", s.days},
              {"mean_ic", Number(s.mean_ic)},
              {"sd_ic", Number(s.sd_ic)},
              {"mean_rank_ic", Number(s.mean_rank_ic)},
              {"sd_rank_ic", Number(s.sd_rank_ic)},
              {"icir", Number(s.icir)},
              {"icir_annualized", Number(s.icir_annualized)},
              {"t_stat", Number(s.t_stat)},
              {"newey_west_lag", s.newey_west_lag},
              {"hit_rate", Number(s.hit_rate)},
              {"top_minus_bottom", Number(s.top_minus_bottom)},
              {"rank_autocorr", Number(s.rank_autocorr)}};
}

// Column-wise, so a long history stays compact.
Json DailyJson(const std::vector<DatedMetrics>& daily) {
  Json date = Json::array(), n = Json::array(), ic = Json::array(), rank_ic = Json::array(),
       tmb = Json::array(), hit = Json::array(), autocorr = Json::array();
  for (const DatedMetrics& d : daily) {
    date.push_back(DateJson(d.date));
    n.push_back(d.metrics.n);
    ic.push_back(Number(d.metrics.ic));
    rank_ic.push_back(Number(d.metrics.rank_ic));
    tmb.push_back(Number(d.metrics.top_minus_bottom));
    hit.push_back(Number(d.metrics.hit_rate));
    autocorr.push_back(Number(d.metrics.rank_autocorr));
  }
  return Json{{"date", date},        {"n", n},       {"ic", ic},
              {"rank_ic", rank_ic},  {"top_minus_bottom", tmb}, {"hit_rate", hit},
              {"rank_autocorr", autocorr}};
}

Json ModelJson(const ModelReport& m) {
  Json folds = Json::array();
  for (const FoldRow& f : m.folds) {
    folds.push_back(Json{{"fold", f.fold},
                         {"train_start", DateJson(f.train_start)},
                         {"train_end", DateJson(f.train_end)},
                         {"test_start", DateJson(f.test_start)},
                         {"test_end", DateJson(f.test_end)},
                         {"train_rows", f.train_rows},
                         {"test_days", f.test_days},
                         {"test", SummaryJson(f.test)}});
  }
  Json importance = Json::array();
  for (const FeatureImportance& f : m.importance) {
    importance.push_back(
        Json{{"feature", f.feature}, {"gain", Number(f.gain)}, {"permutation", Number(f.permutation)}});
  }
  return Json{{"name", m.name},        {"model_id", m.model_id},   {"family", m.family},
              {"horizon", m.horizon},  {"oos", SummaryJson(m.oos)}, {"folds", folds},
              {"importance", importance}, {"daily", DailyJson(m.daily)}};
}

Json SanityJson(const EvalReport& r, const SanityVerdict& v) {
  Json out{{"kind", v.kind}};
  if (v.kind == "no_models") return out;
  out["best_model"] = r.models[v.best].model_id;
  out["best_mean_rank_ic"] = Number(r.models[v.best].oos.mean_rank_ic);
  if (v.kind == "real") {
    out["leak_threshold"] = r.run.leak_rank_ic;
    Json leaks = Json::array();
    for (size_t i : v.leaks) leaks.push_back(r.models[i].model_id);
    out["likely_leak"] = leaks;
  } else if (v.kind == "simulated") {
    out["planted_signal"] = Number(r.run.planted_signal);
    out["difference"] = Number(v.difference);
    out["standard_error"] = Number(MeanRankIcStandardError(r.models[v.best].oos));
    if (r.run.planted_signal == 0) {
      out["max_abs_t"] = kNullSignalMaxT;
      Json significant = Json::array();
      for (size_t i : v.significant) significant.push_back(r.models[i].model_id);
      out["significant_models"] = significant;
    } else {
      out["tolerance"] = Number(r.run.signal_tolerance);
    }
    out["pass"] = v.within_tolerance;
  }
  return out;
}

}  // namespace

std::vector<size_t> CompareModels(std::span<const Summary> oos, std::span<const std::string> names) {
  std::vector<size_t> order(oos.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (const int c = CompareDescending(oos[a].mean_rank_ic, oos[b].mean_rank_ic); c != 0) return c < 0;
    if (const int c = CompareDescending(oos[a].icir, oos[b].icir); c != 0) return c < 0;
    const std::string& na = a < names.size() ? names[a] : std::string();
    const std::string& nb = b < names.size() ? names[b] : std::string();
    return na != nb ? na < nb : a < b;
  });
  return order;
}

std::vector<size_t> CompareModels(std::span<const ModelReport> models) {
  std::vector<Summary> oos;
  std::vector<std::string> ids;
  for (const ModelReport& m : models) {
    oos.push_back(m.oos);
    ids.push_back(m.model_id);
  }
  return CompareModels(oos, ids);
}

std::vector<size_t> LeakSuspects(const EvalReport& report) {
  std::vector<size_t> out;
  if (report.run.simulated) return out;
  for (size_t i : CompareModels(report.models)) {
    if (report.models[i].oos.mean_rank_ic >= report.run.leak_rank_ic) out.push_back(i);
  }
  return out;
}

std::string ReportMarkdown(const EvalReport& r, const ReportOptions& options,
                           const std::vector<std::string>& plots, const std::string& plots_note) {
  const std::vector<size_t> order = CompareModels(r.models);
  std::string out = "# Model evaluation\n\n";
  out += fmt::format("Run `{}`, data hash `{}`. Data: {}.", r.run.run_id, r.run.data_hash,
                     !r.run.simulated                        ? "real"
                     : std::isfinite(r.run.planted_signal) ? fmt::format("simulated, planted daily rank IC {}",
                                                                         Num(r.run.planted_signal, 4))
                                                             : "simulated");
  if (!r.run.universe_note.empty()) out += " Universe: " + r.run.universe_note + ".";
  out += " Every metric is computed on the walk-forward folds' test days (out of sample).\n\n";
  out += SanityMarkdown(r, Sanity(r, order));
  out += "## Compare\n\n" + CompareTable(r, order);
  out += "## Out-of-sample metrics\n\n" + OosTable(r, order);
  out += kDefinitions;
  out += "## Plots\n\n";
  if (plots.empty()) out += plots_note + "\n\n";
  for (const std::string& p : plots) out += fmt::format("![{}]({}/{})\n\n", p, kModelEvalPlotDir, p);
  for (size_t i : order) {
    const ModelReport& m = r.models[i];
    out += fmt::format("## {} (`{}`, {}, horizon {})\n\n### Folds\n\n", m.name, m.model_id, m.family, m.horizon);
    out += FoldTable(m);
    out += "### Features\n\n" + ImportanceMarkdown(m, options.top_features);
  }
  return out;
}

nlohmann::ordered_json ReportJson(const EvalReport& r, const ReportOptions& options) {
  const std::vector<size_t> order = CompareModels(r.models);
  Json compare = Json::array();
  Json models = Json::array();
  for (size_t k = 0; k < order.size(); ++k) {
    const ModelReport& m = r.models[order[k]];
    compare.push_back(Json{{"rank", k + 1},
                           {"name", m.name},
                           {"model_id", m.model_id},
                           {"mean_rank_ic", Number(m.oos.mean_rank_ic)},
                           {"icir", Number(m.oos.icir)},
                           {"t_stat", Number(m.oos.t_stat)},
                           {"days", m.oos.days}});
    models.push_back(ModelJson(m));
  }
  const bool signal_known = r.run.simulated && std::isfinite(r.run.planted_signal);
  return Json{{"run",
               {{"run_id", r.run.run_id},
                {"data_hash", r.run.data_hash},
                {"data", r.run.simulated ? "simulated" : "real"},
                {"planted_signal", signal_known ? Number(r.run.planted_signal) : Json(nullptr)},
                {"universe_note", r.run.universe_note},
                {"rolling_days", options.rolling_days}}},
              {"sanity", SanityJson(r, Sanity(r, order))},
              {"compare", compare},
              {"models", models}};
}

Result<ReportFiles> WriteReport(const EvalReport& report, const std::string& dir, const ReportOptions& options) {
  QTP_RETURN_IF_ERROR(MakeDirs(dir));
  ReportFiles files;
  std::vector<std::string> plots;
  std::string note = "Plots skipped (plots disabled).";
  if (options.plots) {
    QTP_ASSIGN_OR_RETURN(const std::string gnuplot,
                         eda::FindGnuplot(options.path_env));
    const std::string plot_dir = dir + "/" + kModelEvalPlotDir;
    QTP_RETURN_IF_ERROR(MakeDirs(plot_dir));
    QTP_ASSIGN_OR_RETURN(plots, internal::DrawPlots(report, options, plot_dir, gnuplot));
    for (const std::string& p : plots) files.plots.push_back(plot_dir + "/" + p);
    note = "No plot: no model has an out-of-sample day.";
  }
  files.markdown = dir + "/" + kModelEvalMarkdown;
  files.json = dir + "/" + kModelEvalJson;
  QTP_RETURN_IF_ERROR(AtomicWriteFile(files.markdown, ReportMarkdown(report, options, plots, note)));
  QTP_RETURN_IF_ERROR(AtomicWriteFile(files.json, ReportJson(report, options).dump(2) + "\n"));
  return files;
}

}  // namespace qtp::evaluation
