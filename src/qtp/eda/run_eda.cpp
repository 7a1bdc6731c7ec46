#include "qtp/eda/run_eda.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <tuple>

#include <fmt/format.h>

#include "qtp/config/config_io.h"
#include "qtp/core/changed_keys.h"
#include "qtp/core/file_util.h"
#include "qtp/data/store/eda_columns.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/paths.h"
#include "qtp/data/store/schema.h"
#include "qtp/eda/analysis.h"
#include "qtp/eda/metadata.h"
#include "qtp/eda/plots.h"
#include "qtp/eda/report.h"
#include "qtp/eda/stored_stats.h"

namespace qtp::eda {
namespace {

using InputKey = std::tuple<std::string, std::string, int64_t>;  // (dataset, ticker, year)
using Inputs = std::map<InputKey, std::string>;                   // -> SHA-256

// The input partitions of this run, as the manifest lists them.
Inputs CurrentInputs(const Store& store, bool next_open) {
  Inputs inputs;
  for (const auto& [path, e] : store.manifest().entries) {
    const bool input = e.dataset == schema::Features().name || e.dataset == schema::FeaturesRaw().name ||
                       e.dataset == schema::UniverseMembership().name ||
                       (next_open && e.dataset == schema::Bars1d().name);
    if (input) inputs[{e.dataset, e.ticker, e.year}] = e.sha256;
  }
  return inputs;
}

// What the stored outputs were computed from (eda_inputs).
struct Record {
  Inputs inputs;
  std::string stats_hash;
  std::string params_hash;
};

Result<Record> StoredRecord(const Store& store) {
  QTP_ASSIGN_OR_RETURN(const Table t, store.Read(schema::EdaInputs(), ""));
  Record r;
  for (size_t i = 0; i < t.num_rows(); ++i) {
    r.inputs[{t.Column<std::string>("dataset")[i], t.Column<std::string>("ticker")[i],
              t.Column<int64_t>("year")[i]}] = t.Column<std::string>("sha256")[i];
    r.stats_hash = t.Column<std::string>("stats_hash")[i];
    r.params_hash = t.Column<std::string>("params_hash")[i];
  }
  return r;
}

Table RecordTable(const Record& r) {
  Table t(schema::EdaInputs());
  for (const auto& [key, sha] : r.inputs) {
    t.Column<std::string>("dataset").push_back(std::get<0>(key));
    t.Column<std::string>("ticker").push_back(std::get<1>(key));
    t.Column<int64_t>("year").push_back(std::get<2>(key));
    t.Column<std::string>("sha256").push_back(sha);
    t.Column<std::string>("stats_hash").push_back(r.stats_hash);
    t.Column<std::string>("params_hash").push_back(r.params_hash);
  }
  return t;
}

// What the daily statistics depend on.
std::string StatsHash(const EdaParams& p, const std::vector<std::string>& features) {
  return Sha256Hex(fmt::format("v1|{}|{}|{}|{}|{}", fmt::join(p.Horizons(), ","), p.entry, p.ic_min_tickers,
                               fmt::join(p.StabilityWindows(), ","), fmt::join(features, ",")))
      .substr(0, 16);
}

// What the reports and the metadata depend on besides the daily statistics: every parameter of
// both sections as the config writes them, but eda.threads.
Result<std::string> ParamsHash(const EdaParams& params, const features::FeatureParams& feature_params) {
  EdaParams eda = params;
  eda.threads = EdaParams{}.threads;
  features::FeatureParams features = feature_params;
  QTP_ASSIGN_OR_RETURN(const std::string eda_yaml, config::ParamsYaml(eda, ""));
  QTP_ASSIGN_OR_RETURN(const std::string features_yaml, config::ParamsYaml(features, ""));
  return Sha256Hex(eda_yaml + "\n---\n" + features_yaml).substr(0, 16);
}

// Point-in-time index membership by ticker (universe_membership).
struct Membership {
  size_t intervals = 0;                                               // rows
  std::vector<std::vector<std::pair<DateDays, DateDays>>> by_ticker;  // [start, end) by ticker index

  bool Member(size_t ticker, DateDays date) const {
    return std::any_of(by_ticker[ticker].begin(), by_ticker[ticker].end(),
                       [&](const auto& iv) { return date >= iv.first && date < iv.second; });
  }
  size_t TickersKnown() const {
    return static_cast<size_t>(
        std::count_if(by_ticker.begin(), by_ticker.end(), [](const auto& list) { return !list.empty(); }));
  }
};

Result<Membership> ReadMembership(const Store& store, const std::vector<std::string>& tickers) {
  QTP_ASSIGN_OR_RETURN(const Table rows, store.Read(schema::UniverseMembership(), ""));
  Membership m;
  m.intervals = rows.num_rows();
  m.by_ticker.resize(tickers.size());
  const auto& ticker = rows.Column<std::string>("ticker");
  const auto& start = rows.Column<int32_t>("start_date");
  const auto& end = rows.Column<int32_t>("end_date");
  for (size_t i = 0; i < rows.num_rows(); ++i) {
    auto it = std::lower_bound(tickers.begin(), tickers.end(), ticker[i]);
    if (it == tickers.end() || *it != ticker[i]) continue;
    m.by_ticker[static_cast<size_t>(it - tickers.begin())].push_back(
        {start[i], end[i] == kNullDate ? INT32_MAX : end[i]});
  }
  return m;
}

// The bookkeeping of every loaded day.
DayRecord PanelDays(const Panel& panel, const Membership& membership) {
  DayRecord days;
  for (size_t day = 0; day < panel.num_days(); ++day) {
    const DateDays date = panel.dates()[day];
    const std::span<const double> close = panel.Close(day);
    int64_t tickers = 0, members = 0;
    for (size_t t = 0; t < panel.num_tickers(); ++t) {
      if (!std::isfinite(close[t])) continue;
      ++tickers;
      members += membership.Member(t, date) ? 1 : 0;
    }
    days.dates.push_back(date);
    days.tickers.push_back(tickers);
    days.members.push_back(members);
    days.digests.push_back(DayDigest(panel, day));
  }
  return days;
}

// The distributions of the top features, from every stored value (the same in a full and an
// incremental run).
Result<std::vector<Histogram>> StoredHistograms(const Store& store, const EdaAnalysis& a, const EdaParams& params) {
  std::vector<std::string> names;
  for (size_t k = 0; k < HistogramCount(a, params); ++k) names.push_back(a.features[a.top[k]]);
  std::vector<Histogram> out;
  if (names.empty()) return out;
  const TableSpec normalized_spec = Projection(schema::Features(), names);
  const TableSpec raw_spec = Projection(schema::FeaturesRaw(), names);
  QTP_ASSIGN_OR_RETURN(const Table normalized, store.Read(normalized_spec, ""));
  QTP_ASSIGN_OR_RETURN(const Table raw, store.Read(raw_spec, ""));
  auto finite = [](const std::vector<double>& column) {
    std::vector<double> values;
    std::copy_if(column.begin(), column.end(), std::back_inserter(values), [](double x) { return std::isfinite(x); });
    return values;
  };
  for (size_t k = 0; k < names.size(); ++k) {
    std::vector<double> n = finite(normalized.Column<double>(names[k]));
    std::vector<double> r = finite(raw.Column<double>(names[k]));
    out.push_back(MakeHistogram(a.top[k], n, r));
  }
  return out;
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
  return FormatTimestampUtc(NowUs() / kMicrosPerSecond * kMicrosPerSecond);
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

size_t IndexOfYear(const std::vector<DateDays>& dates, int year) {
  return static_cast<size_t>(std::lower_bound(dates.begin(), dates.end(), DaysFromCivil(year, 1, 1)) - dates.begin());
}

// Every panel day with its statistics: the stored days before the loaded years and the days of the
// panel, the stored statistics read back up to the first computed day.
struct AllDays {
  DayRecord days;
  DailyStats daily;
  std::vector<std::string> tickers;
  Membership membership;
  size_t first_computed = 0;  // index in days
};

// Loads the panel from `load_year` on (none: nothing is loaded) and computes the days from the
// first one that differs from `stored` (all of them when `full`), less the longest horizon.
Result<AllDays> GatherDays(const Store& store, const EdaParams& params, const std::vector<std::string>& features,
                           const DayRecord& stored, std::optional<int> load_year, bool full,
                           const DayProgressFn& progress) {
  const std::vector<int> horizons = params.Horizons();
  const std::vector<int> windows = params.StabilityWindows();
  AllDays all;
  const size_t prefix = !load_year ? stored.size() : *load_year == 0 ? 0 : IndexOfYear(stored.dates, *load_year);
  for (size_t i = 0; i < prefix; ++i) all.days.Append(stored, i);
  std::optional<DailyStats> computed;
  size_t first_local = 0, loaded = 0;
  if (load_year) {
    QTP_ASSIGN_OR_RETURN(const Panel panel, LoadPanel(store, params.entry == "next_open", *load_year));
    all.tickers = panel.tickers();
    QTP_ASSIGN_OR_RETURN(all.membership, ReadMembership(store, all.tickers));
    const DayRecord fresh = PanelDays(panel, all.membership);
    // D: the first loaded day that is new, changed, or in place of a stored day that is gone.
    size_t diverge = 0;
    if (!full) {
      while (diverge < fresh.size() && prefix + diverge < stored.size() &&
             fresh.dates[diverge] == stored.dates[prefix + diverge] &&
             fresh.digests[diverge] == stored.digests[prefix + diverge]) {
        ++diverge;
      }
    }
    const bool changed = full || diverge < fresh.size() || prefix + fresh.size() != stored.size();
    const size_t reach = static_cast<size_t>(horizons.back());
    first_local = !changed ? fresh.size() : diverge >= reach ? diverge - reach : 0;
    for (size_t i = 0; i < fresh.size(); ++i) all.days.Append(fresh, i);
    loaded = panel.num_days();
    if (first_local < loaded) {
      DailyStatsOptions options;
      options.horizons = horizons;
      options.windows = windows;
      options.min_tickers = static_cast<size_t>(params.ic_min_tickers);
      options.next_open = params.entry == "next_open";
      options.threads = params.threads;
      options.first_day = first_local;
      QTP_ASSIGN_OR_RETURN(computed, ComputeDailyStats(panel, options, progress));
    }
  } else {
    QTP_ASSIGN_OR_RETURN(all.tickers, StoredTickers(store));
    QTP_ASSIGN_OR_RETURN(all.membership, ReadMembership(store, all.tickers));
  }
  all.first_computed = prefix + first_local;
  if (computed && prefix == 0) {  // the computed statistics cover every day already
    all.daily = std::move(*computed);
  } else {
    all.daily = EmptyDailyStats(all.days.size(), features.size(), horizons, windows);
    if (computed) CopyDays(*computed, first_local, loaded - first_local, all.daily, all.first_computed);
  }
  QTP_RETURN_IF_ERROR(ReadStoredStats(store, all.days.dates, all.first_computed, features, all.daily));
  return all;
}

}  // namespace

Result<EdaSummary> RunEda(Store& store, const EdaParams& params, const features::FeatureParams& feature_params,
                          const std::string& run_id, const DayProgressFn& progress) {
  QTP_RETURN_IF_ERROR(params.Validate());
  const bool next_open = params.entry == "next_open";
  const std::vector<std::string> features = PredictorNames();
  const Inputs inputs = CurrentInputs(store, next_open);
  if (std::none_of(inputs.begin(), inputs.end(),
                   [](const auto& kv) { return std::get<0>(kv.first) == schema::Features().name; })) {
    return Status::NotFound("no features stored: run qtp features first");
  }
  Record record{inputs, StatsHash(params, features), ""};
  QTP_ASSIGN_OR_RETURN(record.params_hash, ParamsHash(params, feature_params));
  QTP_ASSIGN_OR_RETURN(const Record stored, StoredRecord(store));

  const std::string& data = store.data_dir();
  EdaSummary summary;
  summary.report_dir = paths::Join(data, kEdaReportDir);
  summary.summary_path = summary.report_dir + "/summary.md";
  summary.metadata_path = paths::Join(data, kFeatureMetadataFile);

  // Full recompute, or the first year with a changed input partition.
  bool full = stored.inputs.empty() || stored.stats_hash != record.stats_hash;
  std::optional<int> changed_year;
  for (const InputKey& key : ChangedKeys(stored.inputs, inputs, std::equal_to<std::string>())) {
    if (std::get<0>(key) == schema::UniverseMembership().name) full = true;
    changed_year = std::min(changed_year.value_or(INT_MAX), static_cast<int>(std::get<2>(key)));
  }
  DayRecord stored_days;
  if (!full) {
    QTP_ASSIGN_OR_RETURN(stored_days, ReadDayRecord(store));
  }
  if (!full && !changed_year && stored.params_hash == record.params_hash &&
      std::filesystem::exists(summary.summary_path)) {
    summary.up_to_date = true;
    summary.days = stored_days.size();
    if (!stored_days.dates.empty()) {
      summary.first = stored_days.dates.front();
      summary.last = stored_days.dates.back();
    }
    return summary;
  }
  std::string gnuplot;
  if (params.plots) {
    const char* path = std::getenv("PATH");
    QTP_ASSIGN_OR_RETURN(gnuplot, FindGnuplot(path == nullptr ? "" : path));
  }

  // The years to load: from the stored day whose windows and horizons reach the changed year.
  std::optional<int> load_year;
  if (full) {
    load_year = 0;
  } else if (changed_year) {
    const size_t changed = IndexOfYear(stored_days.dates, *changed_year);
    const size_t reach = static_cast<size_t>(params.Horizons().back() + params.StabilityWindows().back());
    load_year = changed >= reach ? YearOfDays(stored_days.dates[changed - reach]) : 0;
  }
  QTP_ASSIGN_OR_RETURN(AllDays all, GatherDays(store, params, features, stored_days, load_year, full, progress));
  const size_t total = all.days.size();
  const size_t first_computed = all.first_computed;
  summary.days_computed = total - first_computed;
  if (first_computed < total) summary.first_computed = all.days.dates[first_computed];

  ReportContext context;
  context.run_id = run_id;
  context.membership.intervals = all.membership.intervals;
  context.membership.tickers_known = all.membership.TickersKnown();
  EdaAnalysis analysis = Analyze(std::move(all.daily), all.days.dates, features, params);
  analysis.tickers = all.tickers.size();
  for (size_t day = 0; day < total; ++day) {
    analysis.ticker_days += static_cast<size_t>(all.days.tickers[day]);
    context.membership.ticker_days_member += static_cast<size_t>(all.days.members[day]);
  }
  QTP_ASSIGN_OR_RETURN(analysis.histograms, StoredHistograms(store, analysis, params));
  FillSummary(analysis, params, summary);

  // The daily datasets, from the year of the first day whose rows may differ (computed here, or a
  // stored day that is gone).
  std::optional<int> write_year;
  if (full) {
    write_year = 0;
  } else {
    DateDays from = INT32_MAX;
    if (first_computed < total) from = all.days.dates[first_computed];
    if (first_computed < stored_days.size()) from = std::min(from, stored_days.dates[first_computed]);
    if (from != INT32_MAX) write_year = YearOfDays(from);
  }
  if (write_year) {
    const int year = *write_year;
    const size_t from = year == 0 ? 0 : IndexOfYear(analysis.dates, year);
    const DailyStats& daily = analysis.daily;
    QTP_ASSIGN_OR_RETURN(summary.ic_rows,
                         store.Replace(schema::FeatureIc(), "", IcRows(daily, analysis.dates, features, from), year));
    QTP_RETURN_IF_ERROR(
        store.Replace(schema::FeatureAutocorr(), "", AutocorrRows(daily, analysis.dates, features, from), year)
            .status());
    QTP_RETURN_IF_ERROR(
        store.Replace(schema::FeatureCorr(), "", CorrRows(daily, analysis.dates, features, from), year).status());
    QTP_RETURN_IF_ERROR(
        store.Replace(schema::EdaMissingForward(), "", MissingForwardRows(daily, analysis.dates, from), year).status());
    QTP_RETURN_IF_ERROR(store.Replace(schema::EdaDays(), "", DayRows(all.days, from), year).status());
  }
  QTP_ASSIGN_OR_RETURN(summary.stability_rows, store.Replace(schema::FeatureStability(), "", StabilityTable(analysis)));
  QTP_RETURN_IF_ERROR(store.Replace(schema::EdaInputs(), "", RecordTable(record)).status());
  // Until summary.md is written again the reports may lag the store: its absence says so.
  std::error_code ec;
  std::filesystem::remove(summary.summary_path, ec);
  if (ec) return Status::IOError(fmt::format("cannot remove {}: {}", summary.summary_path, ec.message()));
  QTP_RETURN_IF_ERROR(store.Commit());

  const std::string plot_dir = paths::Join(data, kEdaPlotDir);
  QTP_RETURN_IF_ERROR(MakeDirs(plot_dir));
  auto write = [&](const char* name, const std::string& text) {
    return AtomicWriteFile(summary.report_dir + "/" + name, text);
  };
  QTP_RETURN_IF_ERROR(write("feature_ic_summary.csv", IcSummaryCsv(analysis)));
  QTP_RETURN_IF_ERROR(write("feature_stability.csv", StabilityCsv(analysis)));
  QTP_RETURN_IF_ERROR(write("feature_correlations.csv", CorrelationsCsv(analysis)));
  QTP_RETURN_IF_ERROR(write("redundant_pairs.csv", RedundantPairsCsv(analysis)));
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
  QTP_RETURN_IF_ERROR(write("summary.md", SummaryMarkdown(analysis, params, context)));
  QTP_RETURN_IF_ERROR(AppendJsonLines(paths::Join(data, kEdaEventsFile),
                                      EdaEvents(analysis, summary.days_computed, run_id, NowUtc())));
  return summary;
}

}  // namespace qtp::eda
