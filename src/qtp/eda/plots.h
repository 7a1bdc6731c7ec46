// The EDA plots, drawn by Debian's gnuplot (package gnuplot-nox, installed by scripts/setup.sh):
// for each plot a data file and a gnuplot script are written into the plot folder and gnuplot runs
// on the script as a child process in that folder, so every PNG can be redrawn by hand with
// `cd reports/eda/plots && gnuplot <name>.gp`.
//   distributions.png        histograms of the normalized values of the top features
//   correlation_heatmap.png  the date-averaged Spearman matrix of every predictor
//   rolling_ic.png           trailing eda.rolling_ic_days mean rank IC (first horizon) of the top features
//   stability.png            trailing 20-day mean rank autocorrelation (eda.stability_window) of the top
//                            features, stress windows shaded
//   regimes.png              per regime: mean rank autocorrelation and mean rank IC of the top features
#pragma once

#include <span>
#include <string>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/eda/analysis.h"
#include "qtp/eda/eda_params.h"

namespace qtp::eda {

// The gnuplot executable found on `path_env` (a PATH-style list). NotFound naming the package to
// install (or eda.plots: false to skip the plots) when it is absent.
Result<std::string> FindGnuplot(const std::string& path_env);

// A data value for gnuplot: 7 significant digits (raw features span 1e-6 .. 1e9), "NaN" for a
// missing one (the scripts say `set datafile missing "NaN"`).
std::string GnuplotValue(double x);
// Trailing mean over the last `window` entries of a daily series; NaN until the window is full or
// while fewer than half of its values are finite.
std::vector<double> TrailingMean(std::span<const double> x, size_t window);
// A gnuplot data file of dated series: the header "date <label> ..." (labels without spaces), then
// one row per date with each column's GnuplotValue. Every column has one value per date.
std::string DatedColumnsData(std::span<const DateDays> dates, const std::vector<std::string>& labels,
                             const std::vector<std::vector<double>>& columns);

// Runs `argv` (argv[0] an executable path) with working directory `dir`, its stdout and stderr
// appended to `log_path`, and waits. An error quoting the log's end when it exits non-zero.
Status RunProcess(const std::vector<std::string>& argv, const std::string& dir, const std::string& log_path);

struct PlotSet {
  std::vector<std::string> drawn;    // PNG file names, in the order listed above
  std::vector<std::string> skipped;  // plots with nothing to show (e.g. no feature had an IC); stale files removed
};

// Writes every plot's data and script into `dir` (which must exist) and runs `gnuplot` on each.
Result<PlotSet> DrawPlots(const EdaAnalysis& analysis, const EdaParams& params, const std::string& dir,
                          const std::string& gnuplot);

}  // namespace qtp::eda
