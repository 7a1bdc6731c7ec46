#include "qtp/eda/run_eda.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <numeric>

#include <fmt/format.h>

#include "qtp/core/file_util.h"
#include "qtp/data/store/eda_columns.h"
#include "qtp/data/store/paths.h"
#include "qtp/data/store/schema.h"
#include "qtp/eda/analysis.h"
#include "qtp/eda/metadata.h"
#include "qtp/eda/plots.h"
#include "qtp/eda/report.h"

namespace qtp::eda {
namespace {

Result<MembershipCoverage> Coverage(const Store& store, const Panel& panel) {
  QTP_ASSIGN_OR_RETURN(Table rows, store.Read(schema::UniverseMembership(), ""));
  MembershipCoverage c;
  c.intervals = rows.num_rows();
  const auto& ticker = rows.Column<std::string>("ticker");
  const auto& start = rows.Column<int32_t>("start_date");
  const auto& end = rows.Column<int32_t>("end_date");
  std::vector<std::vector<std::pair<DateDays, DateDays>>> intervals(panel.num_tickers());
  for (size_t i = 0; i < rows.num_rows(); ++i) {
    const int t = panel.TickerIndex(ticker[i]);
    if (t >= 0) intervals[static_cast<size_t>(t)].push_back({start[i], end[i] == kNullDate ? INT32_MAX : end[i]});
  }
  for (const auto& list : intervals) c.tickers_known += list.empty() ? 0 : 1;
  for (size_t day = 0; day < panel.num_days(); ++day) {
    const DateDays date = panel.dates()[day];
    const std::span<const double> close = panel.Close(day);
    for (size_t t = 0; t < panel.num_tickers(); ++t) {
      if (!std::isfinite(close[t])) continue;
      const bool member = std::any_of(intervals[t].begin(), intervals[t].end(),
                                      [&](const auto& iv) { return date >= iv.first && date < iv.second; });
      c.ticker_days_member += member ? 1 : 0;
    }
  }
  return c;
}

// feature_ic rows in key order: date, feature name, horizon.
Table IcTable(const EdaAnalysis& a) {
  Table t(schema::FeatureIc());
  std::vector<size_t> by_name(a.features.size());
  std::iota(by_name.begin(), by_name.end(), size_t{0});
  std::sort(by_name.begin(), by_name.end(), [&](size_t x, size_t y) { return a.features[x] < a.features[y]; });
  auto& date = t.Column<int32_t>("date");
  auto& feature = t.Column<std::string>("feature");
  auto& horizon = t.Column<int64_t>("horizon");
  auto& ic = t.Column<double>("ic");
  auto& rank_ic = t.Column<double>("rank_ic");
  auto& n = t.Column<int64_t>("n");
  for (size_t day = 0; day < a.dates.size(); ++day) {
    for (size_t f : by_name) {
      for (size_t h = 0; h < a.daily.horizons.size(); ++h) {
        const size_t k = a.daily.IcIndex(f, h, day);
        if (a.daily.ic_n[k] == 0) continue;
        date.push_back(a.dates[day]);
        feature.push_back(a.features[f]);
        horizon.push_back(a.daily.horizons[h]);
        ic.push_back(a.daily.ic[k]);
        rank_ic.push_back(a.daily.rank_ic[k]);
        n.push_back(a.daily.ic_n[k]);
      }
    }
  }
  return t;
}

Table StabilityTable(const EdaAnalysis& a) {
  Table t(schema::FeatureStability());
  for (const StabilityRow& r : a.stability) {
    t.Column<std::string>("feature").push_back(a.features[r.feature]);
    t.Column<int64_t>("window_days").push_back(r.window);
    t.Column<std::string>("regime").push_back(r.regime);
    t.Column<double>("mean_autocorr").push_back(r.mean);
    t.Column<int64_t>("n_days").push_back(static_cast<int64_t>(r.days));
    t.Column<int64_t>("stable").push_back(r.stable ? 1 : 0);
  }
  return t;
}

std::string NowUtc() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return FormatTimestampUtc(std::chrono::duration_cast<std::chrono::seconds>(now).count() * kMicrosPerSecond);
}

void FillSummary(const EdaAnalysis& a, const EdaParams& params, EdaSummary& s) {
  s.tickers = a.tickers;
  s.days = a.dates.size();
  if (!a.dates.empty()) {
    s.first = a.dates.front();
    s.last = a.dates.back();
  }
  s.features = a.features.size();
  for (size_t f = 0; f < a.features.size(); ++f) {
    if (!a.has_data[f]) continue;
    ++s.features_with_data;
    const StabilityRow* row = a.Stability(f, params.stability_window, kAllRegimes);
    if (row == nullptr || !row->stable) ++s.unstable;
    if (a.redundancy.dropped[f]) ++s.dropped;
  }
  s.pairs_listed = a.redundancy.pairs.size();
  for (size_t k = 0; k < std::min(a.top.size(), static_cast<size_t>(params.plot_features)); ++k) {
    s.top.push_back(a.features[a.top[k]]);
    s.top_icir.push_back(a.scores[a.top[k]].icir);
  }
}

}  // namespace

Result<EdaSummary> RunEda(Store& store, const EdaParams& params, const features::FeatureParams& feature_params,
                          const std::string& run_id, const DayProgressFn& progress) {
  QTP_RETURN_IF_ERROR(params.Validate());
  std::string gnuplot;
  if (params.plots) {
    const char* path = std::getenv("PATH");
    QTP_ASSIGN_OR_RETURN(gnuplot, FindGnuplot(path == nullptr ? "" : path));
  }
  EdaAnalysis analysis;
  ReportContext context;
  context.run_id = run_id;
  {
    QTP_ASSIGN_OR_RETURN(const Panel panel, LoadPanel(store, params.entry == "next_open"));
    QTP_ASSIGN_OR_RETURN(context.membership, Coverage(store, panel));
    QTP_ASSIGN_OR_RETURN(analysis, Analyze(panel, params, progress));
  }
  EdaSummary summary;
  FillSummary(analysis, params, summary);
  QTP_ASSIGN_OR_RETURN(summary.ic_rows, store.Replace(schema::FeatureIc(), "", IcTable(analysis)));
  QTP_ASSIGN_OR_RETURN(summary.stability_rows, store.Replace(schema::FeatureStability(), "", StabilityTable(analysis)));
  QTP_RETURN_IF_ERROR(store.Commit());

  const std::string& data = store.data_dir();
  summary.report_dir = paths::Join(data, kEdaReportDir);
  const std::string plot_dir = paths::Join(data, kEdaPlotDir);
  QTP_RETURN_IF_ERROR(MakeDirs(plot_dir));
  auto write = [&](const char* name, const std::string& text) {
    return AtomicWriteFile(summary.report_dir + "/" + name, text);
  };
  QTP_RETURN_IF_ERROR(write("feature_ic_summary.csv", IcSummaryCsv(analysis)));
  QTP_RETURN_IF_ERROR(write("feature_stability.csv", StabilityCsv(analysis)));
  QTP_RETURN_IF_ERROR(write("feature_correlations.csv", CorrelationsCsv(analysis)));
  QTP_RETURN_IF_ERROR(write("redundant_pairs.csv", RedundantPairsCsv(analysis)));
  summary.metadata_path = paths::Join(data, kFeatureMetadataFile);
  QTP_ASSIGN_OR_RETURN(std::string metadata, FeatureMetadataYaml(analysis, params, feature_params, run_id));
  QTP_RETURN_IF_ERROR(MakeDirs(paths::Join(data, "processed/features")));
  QTP_RETURN_IF_ERROR(AtomicWriteFile(summary.metadata_path, metadata));
  context.plots_enabled = params.plots;
  if (params.plots) {
    QTP_ASSIGN_OR_RETURN(const PlotSet drawn, DrawPlots(analysis, params, plot_dir, gnuplot));
    context.plots = drawn.drawn;
    context.plots_skipped = drawn.skipped;
    for (const std::string& p : context.plots) summary.plots.push_back(plot_dir + "/" + p);
  }
  summary.summary_path = summary.report_dir + "/summary.md";
  QTP_RETURN_IF_ERROR(write("summary.md", SummaryMarkdown(analysis, params, context)));
  QTP_RETURN_IF_ERROR(AppendJsonLines(paths::Join(data, kEdaEventsFile), EdaEvents(analysis, run_id, NowUtc())));
  return summary;
}

}  // namespace qtp::eda
