#include "qtp/data/clean/run_clean.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "clean_test_util.h"
#include "qtp/core/file_util.h"
#include "qtp/data/ingest/ingestor.h"
#include "qtp/data/store/schema.h"
#include "test_util/temp_dir.h"

namespace qtp::clean {
namespace {

using testing::AppendSession;
using testing::Day;
using testing::MakeTicker;

std::unique_ptr<Store> OpenWrite(const std::string& dir, const std::string& run) {
  auto s = Store::Open({dir, run, StoreMode::kWrite, 0});
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

// AAA: 3 days of 5-minute bars, a zero print on day 1, a 2:1 split effective day 3 (raw prices halve).
// BBB: 2 clean days. DDD: daily rows only.
void Populate(Store& store) {
  Ingestor ingestor(store);
  Bars5m aaa = MakeTicker("AAA");
  AppendSession(aaa, Day(2021, 6, 1), 100, "sim");
  AppendSession(aaa, Day(2021, 6, 2), 100, "sim");
  AppendSession(aaa, Day(2021, 6, 3), 50, "sim");
  aaa.low[7] = 0;
  ASSERT_TRUE(ingestor.AddBars5m(aaa).ok());
  Bars5m bbb = MakeTicker("BBB");
  AppendSession(bbb, Day(2021, 6, 1), 20, "sim");
  AppendSession(bbb, Day(2021, 6, 2), 20, "sim");
  ASSERT_TRUE(ingestor.AddBars5m(bbb).ok());
  Bars1d ddd;
  ddd.ticker = "DDD";
  ddd.push_back({Day(2021, 6, 1), 10, 11, 9, 10, 500, kNaN, kNullInt64}, "csv");
  ddd.push_back({Day(2021, 6, 2), 10, 11, 9, 10.5, 600, kNaN, kNullInt64}, "csv");
  ASSERT_TRUE(ingestor.AddBars1d(ddd).ok());
  CorporateAction split;
  split.ticker = "AAA";
  split.ex_date = Day(2021, 6, 3);
  split.type = CorporateActionType::kSplit;
  split.split_ratio = 2.0;
  split.source = "sim";
  ASSERT_TRUE(ingestor.AddCorporateActions({split}).ok());
  ASSERT_TRUE(ingestor.Commit().ok());
}

TEST(RunClean, EndToEndThroughTheStore) {
  test_util::TempDir dir;
  auto store = OpenWrite(dir.path(), "clean-1");
  Populate(*store);
  std::vector<std::string> progressed;
  auto summary = RunClean(*store, CleanParams{}, "clean-1", [&](size_t done, size_t total, std::string_view ticker) {
    EXPECT_EQ(done, progressed.size() + 1);
    EXPECT_EQ(total, 3u);
    progressed.emplace_back(ticker);
    return Status::OK();
  });
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(progressed, (std::vector<std::string>{"AAA", "BBB", "DDD"}));
  EXPECT_EQ(summary->tickers, 3u);
  EXPECT_EQ(summary->tickers_daily_only, 1u);
  EXPECT_EQ(summary->rows_in, 5u * 78u + 2u);
  EXPECT_EQ(summary->bars_out, 5u * 78u - 1u);
  EXPECT_EQ(summary->days_out, 3u + 2u + 2u);
  EXPECT_EQ(summary->by_rule.at("non_positive_price"), 1u);
  EXPECT_EQ(summary->by_rule.at("split_adjustment"), 1u);
  EXPECT_EQ(summary->by_rule.at("gap"), 1u);
  EXPECT_EQ(summary->findings, 3u);

  auto raw = store->Read(schema::RawBars5m(), "AAA");
  auto processed = store->Read(schema::Bars5m(), "AAA");
  ASSERT_TRUE(raw.ok() && processed.ok());
  ASSERT_EQ(processed->num_rows(), 3u * 78u - 1u);
  // Stored as traded, with the factors of the split on day 3 beside the rows before it.
  EXPECT_DOUBLE_EQ(processed->Column<double>("close")[0], raw->Column<double>("close")[0]);
  EXPECT_DOUBLE_EQ(processed->Column<double>("volume")[0], raw->Column<double>("volume")[0]);
  EXPECT_DOUBLE_EQ(processed->Column<double>("adj_factor")[0], 0.5);
  EXPECT_DOUBLE_EQ(processed->Column<double>("adj_volume_factor")[0], 2.0);
  EXPECT_DOUBLE_EQ(processed->Column<double>("adj_factor").back(), 1.0);
  EXPECT_DOUBLE_EQ(processed->Column<double>("close").back(), raw->Column<double>("close").back());
  // The bars_5m view is back-adjusted: day-1 prices halved, volumes doubled.
  std::vector<std::string> first_bar;
  ASSERT_TRUE(store
                  ->Query("SELECT close, volume FROM bars_5m WHERE ticker = 'AAA' ORDER BY ts LIMIT 1",
                          [](const auto&) {}, [&](const std::vector<std::string>& row) { first_bar = row; })
                  .ok());
  ASSERT_EQ(first_bar.size(), 2u);
  EXPECT_DOUBLE_EQ(std::stod(first_bar[0]), raw->Column<double>("close")[0] / 2);
  EXPECT_DOUBLE_EQ(std::stod(first_bar[1]), raw->Column<double>("volume")[0] * 2);

  auto daily = store->Read(schema::Bars1d(), "AAA");
  ASSERT_TRUE(daily.ok());
  ASSERT_EQ(daily->num_rows(), 3u);
  EXPECT_EQ(daily->Column<int64_t>("n_bars")[0], 77);
  EXPECT_EQ(daily->Column<double>("ex_factor"), (std::vector<double>{1.0, 1.0, 0.5}));
  auto daily_only = store->Read(schema::Bars1d(), "DDD");
  ASSERT_TRUE(daily_only.ok());
  ASSERT_EQ(daily_only->num_rows(), 2u);
  EXPECT_EQ(daily_only->Column<int64_t>("n_bars")[0], kNullInt64);
  auto ddd_5m = store->Read(schema::Bars5m(), "DDD");
  ASSERT_TRUE(ddd_5m.ok());
  EXPECT_EQ(ddd_5m->num_rows(), 0u);

  auto issues = store->Read(schema::QualityIssues(), "AAA");
  ASSERT_TRUE(issues.ok());
  EXPECT_EQ(issues->num_rows(), 3u);
  EXPECT_EQ(issues->Column<std::string>("run_id")[0], "clean-1");

  auto report = ReadFile(summary->report.latest_json);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const nlohmann::json j = nlohmann::json::parse(*report);
  EXPECT_EQ(j["tickers"]["AAA"]["by_rule"]["non_positive_price"], 1);
  EXPECT_EQ(j["tickers"]["BBB"]["findings"], 0);
  EXPECT_EQ(j["tickers"]["DDD"]["daily_only"], true);
}

TEST(RunClean, SequentialAndOverlappedRunsAreIdentical) {
  test_util::TempDir dir;
  auto store = OpenWrite(dir.path(), "clean-1");
  Populate(*store);
  CleanParams two;
  two.threads = 2;
  two.commit_every_tickers = 1;
  auto first = RunClean(*store, two, "clean-1", nullptr);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  const std::string manifest = store->manifest().ToJson();
  const std::string report = *ReadFile(first->report.json);

  CleanParams one;
  one.threads = 1;
  auto second = RunClean(*store, one, "clean-1", nullptr);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(store->manifest().ToJson(), manifest);  // same content → no file rewritten
  EXPECT_EQ(*ReadFile(second->report.json), report);
}

TEST(RunClean, EmptyStore) {
  test_util::TempDir dir;
  auto store = OpenWrite(dir.path(), "clean-1");
  auto summary = RunClean(*store, CleanParams{}, "clean-1", nullptr);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->tickers, 0u);
}

}  // namespace
}  // namespace qtp::clean
