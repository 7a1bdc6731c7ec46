// The report's two time-series plots, in eda/plots.h's way: a data file and a gnuplot script per
// plot in the plot folder, gnuplot run there as a child process.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <iterator>
#include <map>

#include <fmt/format.h>

#include "qtp/core/file_util.h"
#include "qtp/eda/plots.h"
#include "qtp/evaluation/report_internal.h"

namespace qtp::evaluation::internal {
namespace {

constexpr const char* kTerminal = "set terminal pngcairo noenhanced font 'Sans,10' size 1400,700";

// Running sum of the finite values (a NaN day adds nothing).
std::vector<double> Cumulative(const std::vector<double>& x) {
  std::vector<double> out(x.size());
  double sum = 0;
  for (size_t t = 0; t < x.size(); ++t) {
    if (std::isfinite(x[t])) sum += x[t];
    out[t] = sum;
  }
  return out;
}

// gnuplot's columnhead splits on whitespace.
std::string ColumnName(const std::string& name) {
  std::string out = name.empty() ? "model" : name;
  std::replace_if(out.begin(), out.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); }, '_');
  return out;
}

struct Plot {
  std::string name;
  std::string data;
  std::string script;
};

// One column per model over the union of the models' days; a model's series is computed over its own
// days (`transform`) and left blank (NaN) on the days it has none.
template <typename Transform>
Plot TimeSeries(const EvalReport& r, const std::string& name, const std::string& title, const std::string& ylabel,
                Transform transform) {
  std::map<DateDays, std::vector<double>> rows;
  const size_t n = r.models.size();
  for (size_t i = 0; i < n; ++i) {
    const ModelReport& m = r.models[i];
    std::vector<double> rank_ic;
    for (const DatedMetrics& d : m.daily) rank_ic.push_back(d.metrics.rank_ic);
    const std::vector<double> series = transform(rank_ic);
    for (size_t t = 0; t < m.daily.size(); ++t) {
      auto [it, inserted] = rows.try_emplace(m.daily[t].date, n, kNaN);
      it->second[i] = series[t];
    }
  }
  if (rows.size() < 2) return {name, "", ""};
  Plot p{name, "date", ""};
  for (const ModelReport& m : r.models) {
    p.data += ' ';
    p.data += ColumnName(m.name);
  }
  p.data += "\n";
  for (const auto& [date, values] : rows) {
    p.data += FormatDate(date);
    for (double v : values) fmt::format_to(std::back_inserter(p.data), " {}", eda::GnuplotValue(v));
    p.data += "\n";
  }
  // A fixed x range and an always-drawn zero line: a model without a single value leaves a gap,
  // not a gnuplot error.
  p.script = fmt::format(
      "{}\nset output '{}.png'\nset title \"{}\"\nset ylabel \"{}\"\nset xdata time\nset timefmt '%Y-%m-%d'\n"
      "set format x '%Y-%m'\nset xrange ['{}':'{}']\nset datafile missing 'NaN'\n"
      "set key outside right autotitle columnhead\nset grid\n"
      "plot 0 with lines lt -1 notitle, for [k=2:{}] '{}.dat' using 1:k with lines lw 2\n",
      kTerminal, name, title, ylabel, FormatDate(rows.begin()->first), FormatDate(rows.rbegin()->first), n + 1,
      name);
  return p;
}

}  // namespace

Result<std::vector<std::string>> DrawPlots(const EvalReport& report, const ReportOptions& options,
                                           const std::string& dir, const std::string& gnuplot) {
  const size_t window = static_cast<size_t>(std::max(options.rolling_days, 1));
  const std::vector<Plot> plots = {
      TimeSeries(report, "rolling_rank_ic",
                 fmt::format("Out-of-sample daily rank IC, trailing {}-day mean", window), "rank IC",
                 [&](const std::vector<double>& x) { return eda::TrailingMean(x, window); }),
      TimeSeries(report, "cumulative_rank_ic", "Out-of-sample cumulative daily rank IC", "sum of daily rank IC",
                 [](const std::vector<double>& x) { return Cumulative(x); }),
  };
  const std::string log = dir + "/gnuplot.log";
  QTP_RETURN_IF_ERROR(AtomicWriteFile(log, ""));
  std::vector<std::string> drawn;
  for (const Plot& p : plots) {
    if (p.script.empty()) {
      std::error_code ec;  // an earlier run's picture would no longer describe the data
      for (const char* ext : {".png", ".dat", ".gp"}) {
        std::filesystem::remove(fmt::format("{}/{}{}", dir, p.name, ext), ec);
      }
      continue;
    }
    QTP_RETURN_IF_ERROR(AtomicWriteFile(fmt::format("{}/{}.dat", dir, p.name), p.data));
    QTP_RETURN_IF_ERROR(AtomicWriteFile(fmt::format("{}/{}.gp", dir, p.name), p.script));
    QTP_RETURN_IF_ERROR(eda::RunProcess({gnuplot, p.name + ".gp"}, dir, log));
    drawn.push_back(p.name + ".png");
  }
  return drawn;
}

}  // namespace qtp::evaluation::internal
