// Incremental `qtp eda` (run_eda.h): after days are appended, a past value revised, a day removed
// or a parameter changed, a re-run computes only the days that can have changed (from the first
// changed day less the longest horizon) and reads the others back, and everything it leaves in the
// store and the report folder equals what a from-scratch run on the final data writes. A re-run
// with nothing new reads no panel and writes nothing.
//
// The EDA reads only the stored features, so each scenario writes its feature rows straight into
// fresh stores (a slice of the planted-signal market, with a few ticker-days missing so that some
// forward returns are left out) instead of re-running simulate, clean and features.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "eda_test_util.h"
#include "qtp/core/file_util.h"
#include "qtp/core/table_ops.h"
#include "qtp/data/store/eda_columns.h"
#include "qtp/eda/report.h"
#include "qtp/eda/run_eda.h"

namespace qtp::eda {
namespace {

namespace fs = std::filesystem;
using testing::FeatureStore;
using testing::FeatureTables;
using testing::ReportFiles;
using testing::Text;

constexpr size_t kLongestHorizon = 10;  // EdaParams{}.horizons = 1, 3, 5, 10

using RowFilter = std::function<bool(DateDays, const std::string&)>;

// Rows of `t` (with a date and, unless a ticker's bars, a ticker column) that `keep` accepts.
Table Filter(const Table& t, const RowFilter& keep) {
  std::vector<size_t> rows;
  const auto& dates = t.Column<int32_t>("date");
  const bool has_ticker = t.spec().ColumnIndex("ticker") >= 0;
  for (size_t i = 0; i < t.num_rows(); ++i) {
    if (keep(dates[i], has_ticker ? t.Column<std::string>("ticker")[i] : "")) rows.push_back(i);
  }
  return TakeRows(t, rows);
}

FeatureTables Filter(const FeatureTables& t, const RowFilter& keep) {
  return {Filter(t.normalized, keep), Filter(t.raw, keep)};
}

// The market of these tests: 25 tickers of the planted-signal market from 2021-09-01 on, its dates
// moved 91 days later so that its 16 months span three calendar years (2021-12-01 to 2023-03-31)
// and an incremental run can leave whole stored years unread. (Some days fall on weekends: the EDA
// does not care.) The second ticker has no row on kGapDay nor from kGapFirst to kGapLast.
constexpr DateDays kShift = 91;
const DateDays kMarketStart = DaysFromCivil(2021, 9, 1) + kShift;
const DateDays kGapDay = DaysFromCivil(2021, 12, 15);
const DateDays kGapFirst = DaysFromCivil(2022, 8, 1), kGapLast = DaysFromCivil(2022, 8, 5);

const std::vector<std::string>& Tickers() {
  static const std::vector<std::string> tickers = [] {
    std::vector<std::string> all = testing::SignalMarket().store->Tickers(schema::Bars1d());
    all.resize(25);
    return all;
  }();
  return tickers;
}

// Whether the market has a row of `ticker` on (moved) date `d`.
bool InMarket(DateDays d, const std::string& ticker) {
  const std::vector<std::string>& chosen = Tickers();
  if (d < kMarketStart || !std::binary_search(chosen.begin(), chosen.end(), ticker)) return false;
  return ticker != chosen[1] || (d != kGapDay && (d < kGapFirst || d > kGapLast));
}

Table Moved(Table t) {
  for (int32_t& d : t.Column<int32_t>("date")) d += kShift;
  return t;
}

// The market's features.
const FeatureTables& Market() {
  static const FeatureTables market = [] {
    FeatureTables all = testing::ReadFeatures(*testing::SignalMarket().store);
    return Filter(FeatureTables{Moved(std::move(all.normalized)), Moved(std::move(all.raw))}, InMarket);
  }();
  return market;
}

// Adds the market's clean daily bars, with `revise` applied (entry = next_open reads them).
void AddDailyBars(Store& store, const std::function<void(const std::string&, Table&)>& revise = {}) {
  for (const std::string& ticker : Tickers()) {
    auto bars = testing::SignalMarket().store->Read(schema::Bars1d(), ticker);
    ASSERT_TRUE(bars.ok());
    Table kept =
        Filter(Moved(std::move(bars).value()), [&](DateDays d, const std::string&) { return InMarket(d, ticker); });
    if (revise) revise(ticker, kept);
    ASSERT_TRUE(store.Replace(schema::Bars1d(), ticker, std::move(kept)).ok());
  }
  ASSERT_TRUE(store.Commit().ok());
}

// The distinct dates of a features table: the panel's days.
std::vector<DateDays> Days(const FeatureTables& t) {
  const std::set<DateDays> days(t.normalized.Column<int32_t>("date").begin(),
                                t.normalized.Column<int32_t>("date").end());
  return {days.begin(), days.end()};
}

size_t IndexOf(const std::vector<DateDays>& days, DateDays d) {
  return static_cast<size_t>(std::lower_bound(days.begin(), days.end(), d) - days.begin());
}

EdaParams Params() {
  EdaParams p;
  p.plots = false;
  return p;
}

EdaSummary RunStage(Store& store, const EdaParams& params = Params()) {
  auto s = RunEda(store, params, features::FeatureParams{}, "eda-incremental", {});
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : EdaSummary{};
}

// Names the files that differ (the texts are too long to print).
void ExpectSameFiles(const std::map<std::string, std::string>& a, const std::map<std::string, std::string>& b) {
  std::vector<std::string> names_a, names_b;
  for (const auto& [name, text] : a) names_a.push_back(name);
  for (const auto& [name, text] : b) names_b.push_back(name);
  ASSERT_EQ(names_a, names_b);
  for (const auto& [name, text] : a) EXPECT_TRUE(text == b.at(name)) << name << " differs";
}

// Every dataset the EDA writes and every report file are the same in `a` and `b`.
void ExpectSameOutputs(const Store& a, const Store& b) {
  for (const TableSpec* spec : {&schema::FeatureIc(), &schema::FeatureAutocorr(), &schema::FeatureCorr(),
                                &schema::EdaMissingForward(), &schema::EdaDays(), &schema::FeatureStability(),
                                &schema::EdaInputs()}) {
    auto ta = a.Read(*spec, "");
    auto tb = b.Read(*spec, "");
    ASSERT_TRUE(ta.ok() && tb.ok()) << spec->name;
    ASSERT_EQ(ta->num_rows(), tb->num_rows()) << spec->name;
    EXPECT_GT(ta->num_rows(), 0u) << spec->name;
    for (size_t i = 0; i < ta->num_rows(); ++i) {
      ASSERT_TRUE(RowsEqual(*ta, i, *tb, i)) << spec->name << " row " << i;
    }
  }
  ExpectSameFiles(ReportFiles(a.data_dir()), ReportFiles(b.data_dir()));
}

// A from-scratch run on `tables` (and what `add` stores besides), on one thread (the incremental
// runs use two).
struct FullRun {
  explicit FullRun(const FeatureTables& tables, EdaParams params = Params(),
                   const std::function<void(Store&)>& add = {}) {
    store = FeatureStore(dir.path() + "/data", tables);
    if (add) add(*store);
    params.threads = 1;
    summary = RunStage(*store, params);
  }
  test_util::TempDir dir;
  std::unique_ptr<Store> store;
  EdaSummary summary;
};

// A full run on the market with the default parameters, made once; tests compare with it and
// start from copies of it.
const Store& Computed() {
  static const FullRun computed(Market());
  return *computed.store;
}

std::unique_ptr<Store> CopyOfComputed(const std::string& dir) {
  fs::copy(Computed().data_dir(), dir + "/data", fs::copy_options::recursive);
  return testing::OpenWriteStore(dir + "/data");
}

// New days arrive after a first run: only they and the max(horizon) days before them are
// computed. Cut right after New Year (2021 is not read, 2022 only for the look-back, and the first
// computed day lies in 2022), at the year end (the new days open a partition year of their own),
// and early in the first full year (every year is read).
class AppendedDays : public ::testing::TestWithParam<DateDays> {};

TEST_P(AppendedDays, ComputeFromTheFirstNewDayLessTheLongestHorizonAndEqualAFullRun) {
  const DateDays cut = GetParam();
  const std::vector<DateDays> days = Days(Market());
  test_util::TempDir dir;
  auto store = FeatureStore(dir.path() + "/data", Filter(Market(), [&](DateDays d, const auto&) { return d <= cut; }));
  const EdaSummary first = RunStage(*store);
  const size_t first_new = IndexOf(days, cut + 1);
  ASSERT_GT(first_new, kLongestHorizon);
  ASSERT_LT(first_new, days.size());
  EXPECT_EQ(first.days, first_new);
  EXPECT_EQ(first.days_computed, first.days) << "nothing stored: every day";

  ASSERT_TRUE(store->Replace(schema::Features(), "", Market().normalized).ok());
  ASSERT_TRUE(store->Replace(schema::FeaturesRaw(), "", Market().raw).ok());
  ASSERT_TRUE(store->Commit().ok());
  const EdaSummary update = RunStage(*store);
  EXPECT_FALSE(update.up_to_date);
  EXPECT_EQ(update.days, days.size());
  EXPECT_EQ(update.first_computed, days[first_new - kLongestHorizon]);
  EXPECT_EQ(update.days_computed, days.size() - (first_new - kLongestHorizon));

  ExpectSameOutputs(*store, Computed());
}

INSTANTIATE_TEST_SUITE_P(IncrementalEda, AppendedDays,
                         ::testing::Values(DaysFromCivil(2023, 1, 4), DaysFromCivil(2022, 12, 31),
                                           DaysFromCivil(2022, 1, 5)));

// With a horizon and a window of 300 trading days together, the days a recomputed day reads reach
// back more than a year: the panel is loaded from further back.
TEST(IncrementalEda, LongHorizonsAndWindowsLoadFurtherBack) {
  const DateDays cut = DaysFromCivil(2023, 2, 15);
  EdaParams params = Params();
  params.horizons = {"1", "200"};
  params.stability_windows = {"100"};
  params.stability_window = 100;
  test_util::TempDir dir;
  auto store = FeatureStore(dir.path() + "/data", Filter(Market(), [&](DateDays d, const auto&) { return d <= cut; }));
  RunStage(*store, params);
  ASSERT_TRUE(store->Replace(schema::Features(), "", Market().normalized).ok());
  ASSERT_TRUE(store->Replace(schema::FeaturesRaw(), "", Market().raw).ok());
  ASSERT_TRUE(store->Commit().ok());
  const std::vector<DateDays> days = Days(Market());
  EXPECT_EQ(RunStage(*store, params).first_computed, days[IndexOf(days, cut + 1) - 200]);
  ExpectSameOutputs(*store, *FullRun(Market(), params).store);
}

TEST(IncrementalEda, NothingNewDoesNothing) {
  test_util::TempDir dir;
  auto store = CopyOfComputed(dir.path());
  const std::string data = store->data_dir();
  const std::string manifest = store->manifest().ToJson();
  const std::string manifest_file = Text(data + "/manifest.json");
  const std::string events = Text(data + "/" + kEdaEventsFile);
  const auto reports = ReportFiles(data);

  EdaParams other_threads = Params();
  other_threads.threads = 1;  // not a parameter of the output
  const EdaSummary again = RunStage(*store, other_threads);
  const std::vector<DateDays> days = Days(Market());
  EXPECT_TRUE(again.up_to_date);
  EXPECT_EQ(again.days_computed, 0u);
  EXPECT_EQ(again.days, days.size());
  EXPECT_EQ(again.first, days.front());
  EXPECT_EQ(again.last, days.back());
  EXPECT_TRUE(store->manifest().ToJson() == manifest) << "nothing staged";
  EXPECT_TRUE(Text(data + "/manifest.json") == manifest_file) << "nothing committed";
  EXPECT_TRUE(Text(data + "/" + kEdaEventsFile) == events) << "no event logged";
  ExpectSameFiles(ReportFiles(data), reports);

  // Without summary.md the reports are rebuilt from the stored days, with no day pass.
  fs::remove(data + "/" + kEdaReportDir + "/summary.md");
  const EdaSummary rebuilt = RunStage(*store);
  EXPECT_FALSE(rebuilt.up_to_date);
  EXPECT_EQ(rebuilt.days_computed, 0u);
  ExpectSameFiles(ReportFiles(data), reports);
  EXPECT_TRUE(store->manifest().ToJson() == manifest) << "the stored days are read back unchanged";
}

// A past day changes (a predictor value of one ticker and the close of another, or the day
// disappears): the days from it less the longest horizon are recomputed (the close is the exit of
// the earlier days' forward returns), and the result equals a full run on the changed data.
enum class Change { kValues, kRemovedDay };

class PastChange : public ::testing::TestWithParam<Change> {};

TEST_P(PastChange, RecomputesFromTheChangedDayLessTheLongestHorizon) {
  const DateDays day = DaysFromCivil(2023, 2, 10);
  const std::vector<DateDays> days = Days(Market());
  FeatureTables changed = Market();
  const auto& dates = changed.normalized.Column<int32_t>("date");
  const auto& tickers = changed.normalized.Column<std::string>("ticker");
  for (size_t i = 0; i < changed.normalized.num_rows() && GetParam() == Change::kValues; ++i) {
    if (dates[i] != day) continue;
    if (tickers[i] == Tickers()[5]) changed.normalized.Column<double>("ret_5d")[i] += 0.5;
    if (tickers[i] == Tickers()[6]) changed.raw.Column<double>("close")[i] *= 1.05;
  }
  if (GetParam() == Change::kRemovedDay) changed = Filter(changed, [&](DateDays d, const auto&) { return d != day; });

  test_util::TempDir dir;
  auto store = CopyOfComputed(dir.path());
  ASSERT_TRUE(store->Replace(schema::Features(), "", changed.normalized).ok());
  ASSERT_TRUE(store->Replace(schema::FeaturesRaw(), "", changed.raw).ok());
  ASSERT_TRUE(store->Commit().ok());
  const EdaSummary update = RunStage(*store);
  const size_t first = IndexOf(days, day) - kLongestHorizon;
  EXPECT_EQ(update.first_computed, days[first]);
  EXPECT_EQ(update.days_computed, update.days - first);

  const FullRun full(changed);
  ExpectSameOutputs(*store, *full.store);
}

INSTANTIATE_TEST_SUITE_P(IncrementalEda, PastChange,
                         ::testing::Values(Change::kValues, Change::kRemovedDay));

// With next-open entry the forward returns read the daily bars: a revised open recomputes from
// its day less the longest horizon, like a revised close.
TEST(IncrementalEda, NextOpenEntryFollowsRevisedBars) {
  const DateDays day = DaysFromCivil(2022, 8, 16);
  const std::vector<DateDays> days = Days(Market());
  EdaParams params = Params();
  params.entry = "next_open";
  auto revise = [&](const std::string& ticker, Table& bars) {
    if (ticker != Tickers()[3]) return;
    for (size_t i = 0; i < bars.num_rows(); ++i) {
      if (bars.Column<int32_t>("date")[i] == day) bars.Column<double>("open")[i] *= 0.97;
    }
  };
  test_util::TempDir dir;
  auto store = FeatureStore(dir.path() + "/data", Market());
  AddDailyBars(*store);
  EXPECT_EQ(RunStage(*store, params).days_computed, days.size());
  auto bars = store->Read(schema::Bars1d(), Tickers()[3]);
  ASSERT_TRUE(bars.ok());
  revise(Tickers()[3], *bars);
  ASSERT_TRUE(store->Replace(schema::Bars1d(), Tickers()[3], std::move(bars).value()).ok());
  ASSERT_TRUE(store->Commit().ok());
  const EdaSummary update = RunStage(*store, params);
  EXPECT_EQ(update.first_computed, days[IndexOf(days, day) - kLongestHorizon]);

  const FullRun full(Market(), params, [&](Store& s) { AddDailyBars(s, revise); });
  ExpectSameOutputs(*store, *full.store);
}

// A parameter of the daily statistics, or a new membership history, recomputes every day; a
// parameter of the summaries only (a threshold) none: the stored days are summarized again.
TEST(IncrementalEda, ParameterAndMembershipChanges) {
  const size_t days = Days(Market()).size();
  test_util::TempDir dir;
  auto store = CopyOfComputed(dir.path());
  EdaParams threshold = Params();
  threshold.stability_threshold = 0.5;
  const EdaSummary summarized = RunStage(*store, threshold);
  EXPECT_FALSE(summarized.up_to_date);
  EXPECT_EQ(summarized.days_computed, 0u);
  ExpectSameOutputs(*store, *FullRun(Market(), threshold).store);

  EdaParams horizons = threshold;
  horizons.horizons = {"1", "2", "20"};
  const EdaSummary recomputed = RunStage(*store, horizons);
  EXPECT_EQ(recomputed.days_computed, days);
  ExpectSameOutputs(*store, *FullRun(Market(), horizons).store);

  auto add_membership = [](Store& s) {
    Table t(schema::UniverseMembership());
    for (size_t k = 0; k < 10; ++k) {
      t.Column<std::string>("ticker").push_back(Tickers()[k]);
      t.Column<int32_t>("start_date").push_back(DaysFromCivil(2022, 3, 1) + static_cast<DateDays>(k));
      t.Column<int32_t>("end_date").push_back(k % 2 == 0 ? kNullDate : DaysFromCivil(2022, 9, 1));
      t.Column<std::string>("source").push_back("test");
    }
    ASSERT_TRUE(s.Replace(schema::UniverseMembership(), "", std::move(t)).ok());
    ASSERT_TRUE(s.Commit().ok());
  };
  add_membership(*store);
  const EdaSummary members = RunStage(*store, horizons);
  EXPECT_EQ(members.days_computed, days);
  const std::string summary = Text(members.summary_path);
  EXPECT_NE(summary.find("10 of 25 tickers have membership intervals"), std::string::npos) << summary;
  ExpectSameOutputs(*store, *FullRun(Market(), horizons, add_membership).store);
}

}  // namespace
}  // namespace qtp::eda
