// The model evaluation report (issue #4, "Evaluation"): what the walk-forward driver hands over
// after training, and the files written from it into one directory (reports/ of the data folder):
//   model_eval.md     run metadata; a sanity section (leak flag on real data, planted-signal check
//                     on simulated data); the compare ranking; the out-of-sample metrics of every
//                     model; per model its folds and its top features by gain and by permutation
//   model_eval.json   the same content, machine-readable (key order fixed, NaN written as null)
//   model_eval_plots/ rolling_rank_ic.png (trailing `rolling_days` mean daily rank IC per model) and
//                     cumulative_rank_ic.png (running sum of the daily rank IC per model), each drawn
//                     by gnuplot from a .dat and a .gp file beside it (redraw: cd there; gnuplot X.gp)
// The text depends only on the inputs (no clock), so the same run reproduces it byte for byte.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "qtp/core/bars.h"
#include "qtp/core/status.h"
#include "qtp/core/time.h"
#include "qtp/evaluation/daily_metrics.h"
#include "qtp/evaluation/summary.h"

namespace qtp::evaluation {

inline constexpr const char* kModelEvalMarkdown = "model_eval.md";
inline constexpr const char* kModelEvalJson = "model_eval.json";
inline constexpr const char* kModelEvalPlotDir = "model_eval_plots";
// Out-of-sample daily rank IC at or above this on real data is flagged as a likely leak (the default
// of RunInfo::leak_rank_ic): published strong models on large-cap universes reach about 0.04-0.07
// (Qlib's benchmark: LightGBM ~0.047 on CSI300).
inline constexpr double kLeakRankIc = 0.1;
// With a planted signal of 0, each model's out-of-sample mean rank IC should have |t| below this.
inline constexpr double kNullSignalMaxT = 3.0;

struct FoldRow {
  int fold = 0;
  DateDays train_start = kNullDate;  // first and last day of the training labels' dates
  DateDays train_end = kNullDate;
  DateDays test_start = kNullDate;   // first and last test day
  DateDays test_end = kNullDate;
  size_t train_rows = 0;
  size_t test_days = 0;
  Summary test;  // the fold's test days
};

struct DatedMetrics {
  DateDays date = kNullDate;
  DayMetrics metrics;
};

// One feature's importance; NaN where not computed (e.g. permutation importance skipped).
struct FeatureImportance {
  std::string feature;
  double gain = kNaN;         // Learner::Importance(): total split gain (trees) or |coefficient| (linear)
  double permutation = kNaN;  // drop in mean daily rank IC when shuffled (permutation.h), out of sample
};

struct ModelReport {
  std::string name;      // as listed by `qtp train --models`, e.g. "ridge"
  std::string model_id;  // registry id
  std::string family;    // "ridge", "logistic", "xgb", "lambdamart", "ensemble", ...
  int horizon = 1;       // forward-return horizon in trading days
  std::vector<FoldRow> folds;
  Summary oos;                       // every out-of-sample day of every fold
  std::vector<DatedMetrics> daily;   // those days, dates ascending
  std::vector<FeatureImportance> importance;  // may be empty (ensembles)
};

struct RunInfo {
  std::string run_id = {};
  std::string data_hash = {};
  bool simulated = false;
  double planted_signal = kNaN;     // simulated data: the planted daily rank IC (--signal)
  double signal_tolerance = 0.01;   // simulated, signal != 0: |best OOS rank IC - signal| allowed
  double leak_rank_ic = kLeakRankIc;  // real data: flag models at or above this
  std::string universe_note = {};   // e.g. "top 500 by dollar volume, point-in-time membership"
};

struct EvalReport {
  RunInfo run;
  std::vector<ModelReport> models;
};

struct ReportOptions {
  bool plots = true;           // false: no gnuplot run, the report says the plots were skipped
  std::string path_env = {};   // PATH-style list searched for gnuplot (the caller passes getenv("PATH"))
  int rolling_days = 60;       // window of the rolling rank IC plot
  size_t top_features = 10;    // features listed per importance kind
};

// The ranking used by the report and by `qtp models compare`: indices into `oos`, best first, by
// out-of-sample mean daily rank IC (descending), then ICIR (descending), then `names` (ascending) so
// equal models keep a fixed order. A NaN metric ranks below every number. `names` has one entry per
// summary (model ids or names).
std::vector<size_t> CompareModels(std::span<const Summary> oos, std::span<const std::string> names);
// Same over reports, tie-broken by model_id.
std::vector<size_t> CompareModels(std::span<const ModelReport> models);

// Indices of the models flagged "LIKELY LEAK — audit": real data (not simulated) and an
// out-of-sample mean daily rank IC >= run.leak_rank_ic. Always empty on simulated data.
std::vector<size_t> LeakSuspects(const EvalReport& report);

// The files' contents. `plots`: PNG file names drawn in kModelEvalPlotDir (listed in the markdown);
// `plots_note` says why none are listed when empty.
std::string ReportMarkdown(const EvalReport& report, const ReportOptions& options,
                           const std::vector<std::string>& plots, const std::string& plots_note);
nlohmann::ordered_json ReportJson(const EvalReport& report, const ReportOptions& options);

struct ReportFiles {
  std::string markdown;             // paths written
  std::string json;
  std::vector<std::string> plots;   // PNG paths drawn
};

// Writes the markdown, the JSON and (options.plots) the plots into `dir`, created if missing; each
// file is replaced atomically. NotFound when plots are wanted and gnuplot is not on options.path_env.
Result<ReportFiles> WriteReport(const EvalReport& report, const std::string& dir, const ReportOptions& options);

}  // namespace qtp::evaluation
