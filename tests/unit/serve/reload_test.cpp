// The server follows the store: a commit made while it runs is served without a restart, and an
// empty store answers with empty lists.
#include <thread>

#include "unit/serve/serve_fixture.h"

namespace qtp::serve::testing {
namespace {

// Polls `target` until `done` holds for its answer (the watcher polls every 20 ms here).
bool Eventually(const ServerFixture& f, const std::string& target, const std::function<bool(const Answer&)>& done) {
  for (int i = 0; i < 250; ++i) {
    if (done(Get(f, target))) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

TEST(ServeReload, EmptyStoreAnswersEmptyLists) {
  test_util::TempDir dir;
  ServerFixture f(dir.path());
  const Answer rankings = Get(f, "/api/rankings");
  ASSERT_EQ(rankings.status, 200) << rankings.body;
  EXPECT_TRUE(rankings.json["as_of"].is_null());
  EXPECT_EQ(rankings.json["total"], 0);
  EXPECT_TRUE(rankings.json["items"].empty());
  EXPECT_EQ(Get(f, "/api/rankings?date=2024-01-05").status, 404);
  EXPECT_TRUE(Get(f, "/healthz").json["latest_as_of"].is_null());
  for (const char* list : {"/api/rankings/dates", "/api/tickers", "/api/backtests", "/api/models", "/api/runs"}) {
    const Answer a = Get(f, list);
    ASSERT_EQ(a.status, 200) << list << ": " << a.body;
    EXPECT_EQ(a.json["total"], 0) << list;
    EXPECT_TRUE(a.json["items"].empty()) << list;
  }
  const Answer monitor = Get(f, "/api/monitor");
  ASSERT_EQ(monitor.status, 200) << monitor.body;
  EXPECT_EQ(monitor.json["status"], "no_data");
  EXPECT_TRUE(monitor.json["as_of"].is_null());
  for (const char* list : {"checks", "drift", "decay", "alerts"}) EXPECT_TRUE(monitor.json[list].empty()) << list;
  const Answer history = Get(f, "/api/monitor/history");
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_TRUE(history.json["items"].empty());
}

TEST(ServeReload, CommitsWhileRunningAreServed) {
  test_util::TempDir dir;
  {
    auto store = Store::Open({dir.path(), "test", StoreMode::kWrite, 0});
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Merge(schema::Rankings(), "", RankingRows(Day(2024, 1, 4), {{"AAA"}, {"BBB"}})).ok());
    ASSERT_TRUE((*store)->Commit().ok());
  }
  ServerFixture f(dir.path());
  EXPECT_EQ(Get(f, "/api/rankings").json["as_of"], "2024-01-04");
  const uint64_t generation = f.server().store().Current()->generation;

  // The daily job publishes the next day while the server runs; readers keep being answered.
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::thread reader([&] {
    while (!stop) {
      if (Get(f, "/api/rankings").status != 200) ++failures;
      if (Get(f, "/api/tickers").status != 200) ++failures;
    }
  });
  {
    auto store = Store::Open({dir.path(), "test", StoreMode::kWrite, 0});
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Merge(schema::Rankings(), "", RankingRows(Day(2024, 1, 5), {{"CCC"}, {"AAA", "BBB"}})).ok());
    ASSERT_TRUE((*store)->Commit().ok());
  }
  EXPECT_TRUE(Eventually(f, "/api/rankings", [](const Answer& a) { return a.json["as_of"] == "2024-01-05"; }));
  // Rewriting the 2024 partition superseded (and deleted) the file the first snapshot listed.
  {
    auto store = Store::Open({dir.path(), "test", StoreMode::kWrite, 0});
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Merge(schema::Rankings(), "", RankingRows(Day(2024, 1, 8), {{"BBB"}, {"CCC"}})).ok());
    ASSERT_TRUE((*store)->Commit().ok());
  }
  EXPECT_TRUE(Eventually(f, "/api/rankings/dates", [](const Answer& a) { return a.json["total"] == 3; }));
  stop = true;
  reader.join();
  EXPECT_EQ(failures, 0);
  const Answer latest = Get(f, "/api/rankings");
  EXPECT_EQ(latest.json["as_of"], "2024-01-08");
  EXPECT_EQ(latest.json["previous_as_of"], "2024-01-05");
  EXPECT_EQ(latest.json["items"][0]["ticker"], "CCC");
  EXPECT_GE(f.server().store().Current()->generation, generation + 2);
}

// Backtest run folders are outside the manifest: a finished run shows without any commit.
TEST(ServeReload, BacktestRunsShowWithoutACommit) {
  test_util::TempDir dir;
  ServerFixture f(dir.path());
  EXPECT_EQ(Get(f, "/api/backtests").json["total"], 0);
  EXPECT_EQ(Get(f, "/api/backtests/bt-new").status, 404);
  const std::string run_dir = dir.path() + "/" + schema::kBacktestsDir + "/bt-new";
  std::filesystem::create_directories(run_dir);
  WriteParquet(Fill(schema::BacktestRuns(), 1,
                    [](const std::string& c, size_t) -> std::optional<Cell> {
                      if (c == "run_id") return std::string("bt-new");
                      if (c == "scenario" || c == "signal" || c == "benchmark") return std::string("base");
                      if (c == "first_date" || c == "last_date") return int64_t{Day(2024, 1, 2)};
                      return std::nullopt;
                    }),
               run_dir + "/runs.parquet");
  EXPECT_EQ(Get(f, "/api/backtests").json["total"], 1);
  const Answer run = Get(f, "/api/backtests/bt-new");
  EXPECT_EQ(run.status, 200) << run.body;
  EXPECT_TRUE(run.json["returns"].empty());
  EXPECT_TRUE(run.json["stress"].empty()) << "no metrics.json: no stress windows";
  EXPECT_EQ(f.server().store().Current()->generation, 1u);
}

TEST(ServeReload, QueriesOnAStaleSnapshotRetryOnTheNewOne) {
  test_util::TempDir dir;
  BuildStore(dir.path());
  // No watcher reload during the test: the retry path alone has to notice the commit.
  auto access = StoreAccess::Open({dir.path(), std::chrono::hours(1)});
  ASSERT_TRUE(access.ok()) << access.status().ToString();
  std::shared_ptr<const Snapshot> old = (*access)->Current();
  // Rewrite every daily-bar partition: the commit deletes the files the old snapshot lists.
  {
    auto store = Store::Open({dir.path(), "test", StoreMode::kWrite, 0});
    ASSERT_TRUE(store.ok());
    for (const std::string& ticker : Tickers()) {
      auto rows = (*store)->Read(schema::Bars1d(), ticker);
      ASSERT_TRUE(rows.ok());
      for (double& v : rows->Column<double>("volume")) v *= 2;
      ASSERT_TRUE((*store)->Replace(schema::Bars1d(), ticker, std::move(*rows)).ok());
    }
    ASSERT_TRUE((*store)->Commit().ok());
  }
  EXPECT_FALSE(old->Query("SELECT count(*) FROM bars_1d", {}).ok()) << "the old snapshot's files are gone";
  auto rows = (*access)->Query("SELECT max(volume) FROM bars_1d", {});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->rows[0][0], "2000.0");
  EXPECT_EQ((*access)->Current()->generation, old->generation + 1);
}

}  // namespace
}  // namespace qtp::serve::testing
