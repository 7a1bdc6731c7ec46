// The feature stage end to end on a small simulated market: incremental runs equal a full run,
// nothing new writes nothing, and changing the future leaves the past bit-identical.
#include "qtp/features/run_features.h"

#include <gtest/gtest.h>

#include <functional>

#include "qtp/core/table_ops.h"
#include "qtp/data/clean/run_clean.h"
#include "qtp/data/ingest/ingestor.h"
#include "qtp/data/simulate/run_simulate.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/schema.h"
#include "test_util/temp_dir.h"

namespace qtp::features {
namespace {

constexpr int kTickers = 8;
const DateDays kStart = DaysFromCivil(2021, 1, 4);
const DateDays kEnd = DaysFromCivil(2022, 6, 30);

std::unique_ptr<Store> OpenWrite(const std::string& dir) {
  auto s = Store::Open({dir, "test", StoreMode::kWrite, 0});
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

// The same simulated, cleaned market in every store made with the same arguments.
std::unique_ptr<Store> MakeMarket(const std::string& dir) {
  auto store = OpenWrite(dir);
  Ingestor ingestor(*store);
  sim::SimulateRequest request;
  request.tickers = kTickers;
  request.start = kStart;
  request.end = kEnd;
  request.seed = 7;
  auto simulated = sim::RunSimulate(ingestor, sim::SimulatorParams{}, request, dir + "/universe.csv", {});
  EXPECT_TRUE(simulated.ok()) << simulated.status().ToString();
  auto cleaned = clean::RunClean(*store, clean::CleanParams{}, "test", {});
  EXPECT_TRUE(cleaned.ok()) << cleaned.status().ToString();
  return store;
}

FeaturesSummary RunStage(Store& store, const FeaturesRequest& request = {}, const FeatureParams& params = {}) {
  auto summary = RunFeatures(store, params, request, {});
  EXPECT_TRUE(summary.ok()) << summary.status().ToString();
  return summary.ok() ? *summary : FeaturesSummary{};
}

Table ReadAll(const Store& store, const TableSpec& spec) {
  auto t = store.Read(spec, "");
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return std::move(t).value();
}

Table ReadTicker(const Store& store, const TableSpec& spec, const std::string& ticker) {
  auto t = store.Read(spec, ticker);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return std::move(t).value();
}

// The rows of clean bars `t` (dates[i] the row's date) that `keep` accepts, those after
// `change_after` with prices x 1.3 and volumes x 2. The adjustment factors stay as they are.
Table Rewrite(const Table& t, const std::vector<DateDays>& dates, const std::function<bool(DateDays)>& keep,
              DateDays change_after) {
  std::vector<size_t> kept;
  for (size_t i = 0; i < dates.size(); ++i) {
    if (keep(dates[i])) kept.push_back(i);
  }
  Table out = TakeRows(t, kept);
  for (size_t r = 0; r < kept.size(); ++r) {
    if (dates[kept[r]] <= change_after) continue;
    for (const char* price : {"open", "high", "low", "close"}) out.Column<double>(price)[r] *= 1.3;
    out.Column<double>("volume")[r] *= 2;
  }
  return out;
}

// Rewrites every ticker's clean bars through Rewrite.
void RewriteCleanBars(Store& store, const std::function<bool(DateDays)>& keep, DateDays change_after) {
  for (const std::string& ticker : store.Tickers(schema::Bars1d())) {
    const Table bars = ReadTicker(store, schema::Bars5m(), ticker);
    const Table days = ReadTicker(store, schema::Bars1d(), ticker);
    std::vector<DateDays> bar_dates;
    for (TimestampUs ts : bars.Column<int64_t>("ts")) bar_dates.push_back(DateOfTimestampUtc(ts));
    ASSERT_TRUE(store.Replace(schema::Bars5m(), ticker, Rewrite(bars, bar_dates, keep, change_after)).ok());
    Table kept_days = Rewrite(days, days.Column<int32_t>("date"), keep, change_after);
    ASSERT_TRUE(store.Replace(schema::Bars1d(), ticker, std::move(kept_days)).ok());
  }
  ASSERT_TRUE(store.Commit().ok());
}

// Rows of `a` and `b` with date <= until (all when until is kNullDate) are identical, NaN == NaN.
void ExpectSameRows(const Table& a, const Table& b, DateDays until = kNullDate) {
  auto count_until = [&](const Table& t) {
    const auto& dates = t.Column<int32_t>("date");
    if (until == kNullDate) return dates.size();
    return static_cast<size_t>(std::upper_bound(dates.begin(), dates.end(), until) - dates.begin());
  };
  const size_t n = count_until(a);
  ASSERT_EQ(n, count_until(b));
  ASSERT_GT(n, 0u);
  for (size_t i = 0; i < n; ++i) {
    if (!RowsEqual(a, i, b, i)) {
      for (size_t c = 0; c < a.spec().columns.size(); ++c) {
        ASSERT_EQ(CompareRows(a, i, b, i, {static_cast<int>(c)}), 0)
            << "row " << i << " (" << FormatDate(a.Column<int32_t>("date")[i]) << " "
            << a.Column<std::string>("ticker")[i] << ") column " << a.spec().columns[c].name;
      }
    }
  }
}

TEST(RunFeatures, FullRunFillsEveryTickerDayAndASecondRunDoesNothing) {
  test_util::TempDir dir;
  auto store = MakeMarket(dir.path());
  const FeaturesSummary first = RunStage(*store);
  EXPECT_EQ(first.tickers, static_cast<size_t>(kTickers));
  EXPECT_EQ(first.tickers_computed, static_cast<size_t>(kTickers));
  const Table raw = ReadAll(*store, schema::FeaturesRaw());
  EXPECT_EQ(raw.num_rows(), first.ticker_days);
  EXPECT_EQ(raw.num_rows(), ReadAll(*store, schema::Features()).num_rows());
  size_t clean_days = 0;
  for (const std::string& t : store->Tickers(schema::Bars1d())) clean_days += ReadTicker(*store, schema::Bars1d(), t).num_rows();
  EXPECT_EQ(raw.num_rows(), clean_days);  // one row per ticker and clean day

  const auto manifest_before = store->manifest().ToJson();
  const FeaturesSummary second = RunStage(*store);
  EXPECT_EQ(second.tickers_computed, 0u);
  EXPECT_EQ(second.ticker_days, 0u);
  EXPECT_EQ(store->manifest().ToJson(), manifest_before) << "a run with nothing new must write nothing";
}

// Days arrive after a first run: the incremental run computes only the new days, per ticker and
// across tickers, and its result equals a from-scratch run on all the data, row for row and bit
// for bit. The per-stock z-score is on, so its look-back into stored rows is covered too. Days
// arriving early in January need the previous year's bars for their 20-day windows.
class IncrementalRun : public ::testing::TestWithParam<DateDays> {};

TEST_P(IncrementalRun, EqualsAFullRun) {
  const DateDays cut = GetParam();
  FeatureParams params;
  params.stock_zscore_window = 20;
  test_util::TempDir full_dir, inc_dir;
  auto full = MakeMarket(full_dir.path());
  RunStage(*full, {}, params);

  auto inc = MakeMarket(inc_dir.path());
  std::map<std::string, std::pair<Table, Table>> all_bars;
  for (const std::string& t : inc->Tickers(schema::Bars1d())) {
    all_bars.emplace(t, std::make_pair(ReadTicker(*inc, schema::Bars5m(), t), ReadTicker(*inc, schema::Bars1d(), t)));
  }
  RewriteCleanBars(*inc, [&](DateDays d) { return d <= cut; }, kEnd);  // the market as it was on `cut`
  RunStage(*inc, {}, params);
  for (auto& [ticker, bars] : all_bars) {  // the new days arrive
    ASSERT_TRUE(inc->Replace(schema::Bars5m(), ticker, std::move(bars.first)).ok());
    ASSERT_TRUE(inc->Replace(schema::Bars1d(), ticker, std::move(bars.second)).ok());
  }
  ASSERT_TRUE(inc->Commit().ok());
  const FeaturesSummary update = RunStage(*inc, {}, params);
  EXPECT_EQ(update.tickers_computed, static_cast<size_t>(kTickers));
  size_t new_days = 0;
  DateDays first_new = kNullDate;
  const Table full_raw = ReadAll(*full, schema::FeaturesRaw());
  for (int32_t d : full_raw.Column<int32_t>("date")) {
    new_days += d > cut;
    if (d > cut && first_new == kNullDate) first_new = d;
  }
  EXPECT_EQ(update.ticker_days, new_days) << "only the appended days are computed per ticker";
  EXPECT_EQ(update.from, first_new) << "and only they across tickers";

  ExpectSameRows(ReadAll(*inc, schema::FeaturesRaw()), full_raw);
  ExpectSameRows(ReadAll(*inc, schema::Features()), ReadAll(*full, schema::Features()));
}

INSTANTIATE_TEST_SUITE_P(RunFeatures, IncrementalRun,
                         ::testing::Values(DaysFromCivil(2022, 3, 15), DaysFromCivil(2022, 1, 4)));

// A revised past bar is not an appended day: its ticker is recomputed from January 1 of that year,
// the other tickers not at all, and the result equals a from-scratch run on the revised data.
TEST(RunFeatures, RevisedPastBarRecomputesItsTickersYear) {
  const DateDays revised_day = DaysFromCivil(2022, 2, 1);
  auto revise = [&](Store& store) {
    const std::string ticker = store.Tickers(schema::Bars1d()).front();
    Table days = ReadTicker(store, schema::Bars1d(), ticker);
    for (size_t i = 0; i < days.num_rows(); ++i) {
      if (days.Column<int32_t>("date")[i] == revised_day) days.Column<double>("close")[i] *= 1.01;
    }
    ASSERT_TRUE(store.Replace(schema::Bars1d(), ticker, std::move(days)).ok());
    ASSERT_TRUE(store.Commit().ok());
  };
  test_util::TempDir inc_dir, full_dir;
  auto inc = MakeMarket(inc_dir.path());
  RunStage(*inc);
  revise(*inc);
  const FeaturesSummary update = RunStage(*inc);
  EXPECT_EQ(update.tickers_computed, 1u);
  EXPECT_EQ(update.from, DaysFromCivil(2022, 1, 3));  // the first trading day of the revised year
  auto full = MakeMarket(full_dir.path());
  revise(*full);
  RunStage(*full);
  const Table full_raw = ReadAll(*full, schema::FeaturesRaw());
  size_t ticker_days_2022 = 0;
  const std::string revised_ticker = full->Tickers(schema::Bars1d()).front();
  for (size_t i = 0; i < full_raw.num_rows(); ++i) {
    ticker_days_2022 += full_raw.Column<std::string>("ticker")[i] == revised_ticker &&
                        full_raw.Column<int32_t>("date")[i] >= DaysFromCivil(2022, 1, 1);
  }
  EXPECT_EQ(update.ticker_days, ticker_days_2022);
  ExpectSameRows(ReadAll(*inc, schema::FeaturesRaw()), full_raw);
  ExpectSameRows(ReadAll(*inc, schema::Features()), ReadAll(*full, schema::Features()));
}

// A corporate action recorded later changes only the back-adjustment factors of a ticker's earlier
// clean bars, which the features do not read: no day is recomputed, nothing derived changes.
TEST(RunFeatures, NewAdjustmentFactorsOfPastBarsRecomputeNothing) {
  test_util::TempDir dir;
  auto store = MakeMarket(dir.path());
  RunStage(*store);
  const Table raw_before = ReadAll(*store, schema::FeaturesRaw());
  const std::string ticker = store->Tickers(schema::Bars1d()).front();
  for (const TableSpec* spec : {&schema::Bars5m(), &schema::Bars1d()}) {
    Table bars = ReadTicker(*store, *spec, ticker);
    for (double& f : bars.Column<double>("adj_factor")) f *= 0.97;  // a dividend after the last day
    ASSERT_TRUE(store->Replace(*spec, ticker, std::move(bars)).ok());
  }
  ASSERT_TRUE(store->Commit().ok());
  const FeaturesSummary update = RunStage(*store);
  EXPECT_EQ(update.ticker_days, 0u);
  ExpectSameRows(ReadAll(*store, schema::FeaturesRaw()), raw_before);
  EXPECT_EQ(RunStage(*store).tickers_computed, 0u) << "the new factors are recorded as seen";
}

// Change every bar after D (prices and volumes): every feature of every day up to D, raw and
// normalized, is bit-identical; some later one is not.
TEST(RunFeatures, ChangingTheFutureLeavesThePastIdentical) {
  const DateDays d = DaysFromCivil(2022, 2, 10);
  test_util::TempDir a_dir, b_dir;
  auto a = MakeMarket(a_dir.path());
  auto b = MakeMarket(b_dir.path());
  RewriteCleanBars(*b, [](DateDays) { return true; }, d);
  RunStage(*a);
  RunStage(*b);
  const Table raw_a = ReadAll(*a, schema::FeaturesRaw()), raw_b = ReadAll(*b, schema::FeaturesRaw());
  ExpectSameRows(raw_a, raw_b, d);
  ExpectSameRows(ReadAll(*a, schema::Features()), ReadAll(*b, schema::Features()), d);
  bool later_differs = false;
  for (size_t i = 0; i < raw_a.num_rows() && !later_differs; ++i) {
    later_differs = raw_a.Column<int32_t>("date")[i] > d && !RowsEqual(raw_a, i, raw_b, i);
  }
  EXPECT_TRUE(later_differs) << "the perturbation must reach the features after D";
}

}  // namespace
}  // namespace qtp::features
