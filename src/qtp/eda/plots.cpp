#include "qtp/eda/plots.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <iterator>

#include <fmt/format.h>

#include "qtp/core/file_util.h"
#include "qtp/eda/eda_internal.h"

namespace qtp::eda {
namespace {

using internal::Num;

constexpr int kStabilitySmoothingDays = 20;
constexpr const char* kTerminal = "set terminal pngcairo noenhanced font 'Sans,10' size";


// "all", then each stress regime and "calm" that has a day in the panel.
std::vector<std::string> RegimeNamesWithDays(const EdaAnalysis& a) {
  std::vector<std::string> names = {kAllRegimes};
  std::vector<std::string> candidates;
  for (const Regime& r : a.regimes) candidates.push_back(r.name);
  candidates.push_back(kCalmRegime);
  for (const std::string& name : candidates) {
    if (std::any_of(a.dates.begin(), a.dates.end(), [&](DateDays d) { return RegimeOf(a.regimes, d) == name; })) {
      names.push_back(name);
    }
  }
  return names;
}

std::vector<size_t> Shown(const EdaAnalysis& a, const EdaParams& p) {
  return {a.top.begin(), a.top.begin() + static_cast<std::ptrdiff_t>(std::min(a.top.size(), size_t(p.plot_features)))};
}

// Shaded stress windows that overlap the data.
std::string RegimeShading(const EdaAnalysis& a) {
  std::string out;
  if (a.dates.empty()) return out;
  int id = 1;
  for (const Regime& r : a.regimes) {
    if (r.last < a.dates.front() || r.first > a.dates.back()) continue;
    out += fmt::format(
        "set object {} rect from '{}', graph 0 to '{}', graph 1 fc rgb '#e0e0e0' fs solid 0.6 noborder behind\n", id++,
        FormatDate(std::max(r.first, a.dates.front())), FormatDate(std::min(r.last, a.dates.back())));
  }
  return out;
}

// A file of date + one column per shown feature (header line: names).
std::string TimeSeriesData(const EdaAnalysis& a, const std::vector<size_t>& shown,
                           const std::vector<std::vector<double>>& series) {
  std::string out = "date";
  for (size_t f : shown) out += " " + a.features[f];
  out += "\n";
  for (size_t t = 0; t < a.dates.size(); ++t) {
    out += FormatDate(a.dates[t]);
    for (const auto& s : series) fmt::format_to(std::back_inserter(out), " {}", GnuplotValue(s[t]));
    out += "\n";
  }
  return out;
}

// The x range is fixed to the panel's days and a reference line (`reference`, a gnuplot function
// plot) is always drawn, so a series without a single value leaves a gap instead of an error.
std::string TimeSeriesScript(const EdaAnalysis& a, const std::string& name, const std::string& title,
                             const std::string& ylabel, const std::string& extra, size_t columns,
                             const std::string& reference) {
  return fmt::format(
      "{} 1400,700\nset output '{}.png'\nset title \"{}\"\nset ylabel \"{}\"\nset xdata time\n"
      "set timefmt '%Y-%m-%d'\nset format x '%Y-%m'\nset xrange ['{}':'{}']\nset datafile missing 'NaN'\n"
      "set key outside right autotitle columnhead\nset grid\n{}plot {}, for [k=2:{}] '{}.dat' using 1:k with lines "
      "lw 2\n",
      kTerminal, name, title, ylabel, FormatDate(a.dates.front()), FormatDate(a.dates.back()), extra, reference,
      columns + 1, name);
}

struct PlotFiles {
  std::string name;
  std::string data;
  std::string script;  // empty: nothing to draw
};

void AppendBins(std::string& data, const Bins& b) {
  for (size_t k = 0; k < b.density.size(); ++k) {
    fmt::format_to(std::back_inserter(data), "{} {} {}\n",
                   GnuplotValue(b.low + (static_cast<double>(k) + 0.5) * b.width), GnuplotValue(b.density[k]),
                   GnuplotValue(b.width));
  }
  data += "\n\n";  // a new gnuplot data block (index)
}

// Two rows: each top feature's raw distribution above its normalized one.
PlotFiles Distributions(const EdaAnalysis& a) {
  PlotFiles p{"distributions", "", ""};
  if (a.histograms.empty()) return p;
  const size_t n = std::max<size_t>(a.histograms.size(), 1);
  p.script = fmt::format(
      "{} {},840\nset output 'distributions.png'\nset style fill solid 0.7 border -1\n"
      "set format x '%.3g'\nset xtics rotate by 30 right font ',8'\n"
      "set multiplot layout 2,{} title \"Top features by |ICIR|: raw values (features_raw, all days, "
      "1%..99% quantile range, top) and normalized values (all days, 0.1%..99.9%, bottom)\"\n",
      kTerminal, std::max<size_t>(400 * n, 800), n);
  for (size_t row = 0; row < 2; ++row) {
    for (size_t k = 0; k < a.histograms.size(); ++k) {
      const Histogram& h = a.histograms[k];
      const Bins& b = row == 0 ? h.raw : h.normalized;
      AppendBins(p.data, b);
      p.script += fmt::format(
          "set title \"{} {} ({} values)\"\nplot 'distributions.dat' index {} using 1:2:3 with "
          "boxes lc rgb '{}' notitle\n",
          a.features[h.feature],
          row == 0 ? (b.log10 ? fmt::format("raw, log10{}", b.zeros_left_out > 0
                                                                ? fmt::format(", {} zeros left out", b.zeros_left_out)
                                                                : "")
                              : "raw")
                   : "normalized",
          b.values,
          row * a.histograms.size() + k, row == 0 ? "#d73027" : "#4575b4");
    }
  }
  p.script += "unset multiplot\n";
  return p;
}

PlotFiles Heatmap(const EdaAnalysis& a) {
  PlotFiles p{"correlation_heatmap", "", ""};
  const size_t n = a.features.size();
  if (std::none_of(a.has_data.begin(), a.has_data.end(), [](bool d) { return d; })) return p;
  std::string tics;
  for (size_t f = 0; f < n; ++f) tics += fmt::format("{}\"{}\" {}", f == 0 ? "" : ", ", a.features[f], f);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      fmt::format_to(std::back_inserter(p.data), "{}{}", j == 0 ? "" : " ", GnuplotValue(a.correlations.at(i, j)));
    }
    p.data += "\n";
  }
  p.script = fmt::format(
      "{} 1300,1200\nset output 'correlation_heatmap.png'\nset title \"Mean cross-sectional Spearman correlation of "
      "the predictors (pairwise complete, averaged over {} days; white: no data)\"\nset palette defined (-1 '#2166ac', "
      "0 '#f7f7f7', 1 '#b2182b')\nset cbrange [-1:1]\nset xrange [-0.5:{}]\nset yrange [{}:-0.5]\nset size ratio 1\n"
      "set xtics rotate by 90 right ({}) font ',8'\nset ytics ({}) font ',8'\nunset key\n"
      "plot 'correlation_heatmap.dat' matrix with image\n",
      kTerminal, a.dates.size(), Num(n - 0.5, 1), Num(n - 0.5, 1), tics, tics);
  return p;
}

PlotFiles RollingIc(const EdaAnalysis& a, const EdaParams& params) {
  const std::vector<size_t> shown = Shown(a, params);
  std::vector<std::vector<double>> series;
  for (size_t f : shown) {
    series.push_back(TrailingMean(std::span(a.daily.rank_ic).subspan(a.daily.IcIndex(f, 0, 0), a.dates.size()),
                                  static_cast<size_t>(params.rolling_ic_days)));
  }
  if (shown.empty() || a.dates.size() < 2) return {"rolling_ic", "", ""};
  return {"rolling_ic", TimeSeriesData(a, shown, series),
          TimeSeriesScript(a, "rolling_ic",
                           fmt::format("Trailing {}-day mean rank IC (h = {}) of the top features by |ICIR|; stress "
                                       "windows shaded",
                                       params.rolling_ic_days, a.daily.horizons.front()),
                           "rank IC", RegimeShading(a), shown.size(), "0 with lines lt -1 notitle")};
}

PlotFiles Stability(const EdaAnalysis& a, const EdaParams& params) {
  const std::vector<size_t> shown = Shown(a, params);
  const size_t w = static_cast<size_t>(
      std::find(a.daily.windows.begin(), a.daily.windows.end(), params.stability_window) - a.daily.windows.begin());
  std::vector<std::vector<double>> series;
  for (size_t f : shown) {
    series.push_back(TrailingMean(std::span(a.daily.autocorr).subspan(a.daily.AutocorrIndex(f, w, 0), a.dates.size()),
                                  kStabilitySmoothingDays));
  }
  if (shown.empty() || a.dates.size() < 2) return {"stability", "", ""};
  return {"stability", TimeSeriesData(a, shown, series),
          TimeSeriesScript(a, "stability",
                           fmt::format("Cross-sectional rank autocorrelation, day t vs t-{} ({}-day trailing mean); "
                                       "stress windows shaded",
                                       params.stability_window, kStabilitySmoothingDays),
                           "rank autocorrelation", RegimeShading(a) + "set yrange [*:1.05]\n", shown.size(),
                           fmt::format("{} with lines dt 2 lw 2 lc rgb 'black' title 'threshold {}'",
                                       Num(params.stability_threshold, 3), Num(params.stability_threshold, 2)))};
}

PlotFiles Regimes(const EdaAnalysis& a, const EdaParams& params) {
  const std::vector<size_t> shown = Shown(a, params);
  // Regimes with no day in the data would only add empty bars.
  std::vector<std::string> regimes;
  for (const std::string& r : RegimeNamesWithDays(a)) regimes.push_back(r);
  PlotFiles p{"regimes", "", ""};
  if (shown.empty()) return p;
  for (int block = 0; block < 2; ++block) {
    p.data += "feature";
    for (const std::string& r : regimes) p.data += " " + r;
    p.data += "\n";
    for (size_t f : shown) {
      p.data += a.features[f];
      for (const std::string& r : regimes) {
        const StabilityRow* row = a.Stability(f, params.stability_window, r);
        fmt::format_to(std::back_inserter(p.data), " {}",
                       GnuplotValue(block == 0 ? (row != nullptr ? row->mean : kNaN) : a.RegimeRankIc(f, r)));
      }
      p.data += "\n";
    }
    p.data += "\n\n";
  }
  const std::string plot = fmt::format(
      "plot 'regimes.dat' index {{}} using 2:xtic(1) title columnheader(2), for "
      "[k=3:{}] '' index {{}} using k title columnheader(k)\n",
      regimes.size() + 1);
  p.script = fmt::format(
      "{} 1400,1000\nset output 'regimes.png'\nset datafile missing 'NaN'\nset style data histograms\n"
      "set style histogram clustered gap 1\nset style fill solid 0.8 border -1\nset key outside right\nset grid y\n"
      "set multiplot layout 2,1 title \"Top features by regime (stress windows from eda.stress_regimes; regimes "
      "without days in the data are left out)\"\nset title \"Mean rank autocorrelation, t vs t-{}\"\n{}"
      "set title \"Mean rank IC at h = {}\"\nset xzeroaxis lt -1\n{}unset multiplot\n",
      kTerminal, params.stability_window, fmt::format(fmt::runtime(plot), 0, 0), a.daily.horizons.front(),
      fmt::format(fmt::runtime(plot), 1, 1));
  return p;
}

}  // namespace

std::string GnuplotValue(double x) { return std::isfinite(x) ? fmt::format("{:.7g}", x) : "NaN"; }

std::string DatedColumnsData(std::span<const DateDays> dates, const std::vector<std::string>& labels,
                             const std::vector<std::vector<double>>& columns) {
  std::string data = "date";
  for (const std::string& label : labels) fmt::format_to(std::back_inserter(data), " {}", label);
  data += "\n";
  for (size_t d = 0; d < dates.size(); ++d) {
    data += FormatDate(dates[d]);
    for (const std::vector<double>& column : columns) fmt::format_to(std::back_inserter(data), " {}", GnuplotValue(column[d]));
    data += "\n";
  }
  return data;
}

std::vector<double> TrailingMean(std::span<const double> x, size_t window) {
  std::vector<double> out(x.size(), kNaN);
  double sum = 0;
  size_t count = 0;
  for (size_t t = 0; t < x.size(); ++t) {
    if (std::isfinite(x[t])) {
      sum += x[t];
      ++count;
    }
    if (t >= window && std::isfinite(x[t - window])) {
      sum -= x[t - window];
      --count;
    }
    if (t + 1 >= window && 2 * count >= window) out[t] = sum / static_cast<double>(count);
  }
  return out;
}

Result<std::string> FindGnuplot(const std::string& path_env) {
  size_t start = 0;
  while (start <= path_env.size()) {
    size_t end = path_env.find(':', start);
    if (end == std::string::npos) end = path_env.size();
    const std::string dir = end > start ? path_env.substr(start, end - start) : ".";
    const std::string candidate = dir + "/gnuplot";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return Status::NotFound(
      "gnuplot is not on PATH: qtp eda draws its plots with it. Install it (apt-get install gnuplot-nox; "
      "scripts/setup.sh does) or set eda.plots: false in the config");
}

Status RunProcess(const std::vector<std::string>& argv, const std::string& dir, const std::string& log_path) {
  const std::string log = std::filesystem::absolute(log_path).string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return Status::IOError(fmt::format("cannot start {}: {}", argv[0], std::strerror(rc)));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Status::IOError(fmt::format("waiting for {}: {}", argv[0], std::strerror(errno)));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return Status::OK();
  Result<std::string> text = ReadFile(log);
  const std::string tail = text.ok() ? text->substr(text->size() > 1500 ? text->size() - 1500 : 0) : "";
  return Status::IOError(fmt::format("{} failed ({} {}) in {}; its output ({}) ends:\n{}", argv[0],
                                     WIFEXITED(status) ? "exit code" : "signal",
                                     WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), dir, log, tail));
}

Result<PlotSet> DrawPlots(const EdaAnalysis& a, const EdaParams& params, const std::string& dir,
                          const std::string& gnuplot) {
  const std::vector<PlotFiles> plots = {Distributions(a), Heatmap(a), RollingIc(a, params), Stability(a, params),
                                        Regimes(a, params)};
  const std::string log = dir + "/gnuplot.log";
  QTP_RETURN_IF_ERROR(AtomicWriteFile(log, ""));
  PlotSet out;
  for (const PlotFiles& p : plots) {
    if (p.script.empty()) {
      std::error_code ec;  // an earlier run's picture would no longer describe the data
      for (const char* ext : {".png", ".dat", ".gp"}) {
        std::filesystem::remove(fmt::format("{}/{}{}", dir, p.name, ext), ec);
      }
      out.skipped.push_back(p.name + ".png");
      continue;
    }
    QTP_RETURN_IF_ERROR(AtomicWriteFile(fmt::format("{}/{}.dat", dir, p.name), p.data));
    QTP_RETURN_IF_ERROR(AtomicWriteFile(fmt::format("{}/{}.gp", dir, p.name), p.script));
    QTP_RETURN_IF_ERROR(RunProcess({gnuplot, p.name + ".gp"}, dir, log));
    out.drawn.push_back(p.name + ".png");
  }
  return out;
}

}  // namespace qtp::eda
