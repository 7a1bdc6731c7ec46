// Incremental, idempotent ingest through `qtp simulate`: the same range twice changes nothing, an
// extended range adds only the missing bars, and an overlapping range whose bars differ replaces
// them and logs the old ones in bar_revisions.
#include <gtest/gtest.h>

#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_util/qtp_project.h"

namespace qtp {
namespace {

using test_util::QtpProject;
using Rows = std::vector<std::vector<std::string>>;

// The run ID a store-changing command prints last: "  run <id>: <dir>/".
using test_util::RunIdOf;

nlohmann::json MetricsOf(const QtpProject& p, const std::string& run_id) {
  const std::string text = test_util::ReadFileText(p.DataPath("runs/" + run_id + "/metrics.json"));
  auto j = nlohmann::json::parse(text, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "runs/" << run_id << "/metrics.json: " << text;
  return j;
}

nlohmann::json DatasetsOf(const QtpProject& p) {
  const test_util::ProcessResult r = p.RunOk({"status", "--json"});
  return nlohmann::json::parse(r.out, nullptr, true)["datasets"];
}

TEST(Reingest, TheSameRangeTwiceChangesNothing) {
  QtpProject p;
  const test_util::ProcessResult first = p.Simulate(5, "2022-01-01", "2022-03-31");
  const std::string manifest = p.Manifest();
  const nlohmann::json datasets = DatasetsOf(p);
  const Rows digest = p.Query(test_util::BarDigestSql());
  ASSERT_FALSE(manifest.empty());

  const test_util::ProcessResult second = p.Simulate(5, "2022-01-01", "2022-03-31");
  EXPECT_TRUE(test_util::SameManifest(p.Manifest(), manifest));
  EXPECT_EQ(DatasetsOf(p), datasets);
  EXPECT_EQ(p.Query(test_util::BarDigestSql()), digest);
  EXPECT_EQ(p.QueryValue("SELECT count(*) FROM bar_revisions"), "0");

  const nlohmann::json m1 = MetricsOf(p, RunIdOf(first))["ingest"];
  const nlohmann::json m2 = MetricsOf(p, RunIdOf(second))["ingest"];
  EXPECT_EQ(m2["rows_added"], 0);
  EXPECT_EQ(m2["rows_revised"], 0);
  EXPECT_EQ(m2["files_written"], 0);
  EXPECT_EQ(m2["rows_unchanged"], m1["rows_added"]);
}

// Without faults every session slot has exactly one bar: Jan–Mar 2022 has 62 NYSE sessions (Jan 17
// and Feb 21 closed), April 20 (Good Friday closed), none of them early closes.
constexpr int kBarsJanMar = 62 * 78;
constexpr int kBarsJanApr = 82 * 78;

TEST(Reingest, ExtendingTheRangeAddsOnlyTheMissingBars) {
  QtpProject p;
  QtpProject fresh;
  p.WriteDefaultConfig(test_util::kNoFaultsYaml);
  fresh.WriteDefaultConfig(test_util::kNoFaultsYaml);
  p.Simulate(4, "2022-01-01", "2022-03-31");
  EXPECT_EQ(p.QueryValue("SELECT count(*) FROM bars_5m_raw"), std::to_string(4 * kBarsJanMar));
  const test_util::ProcessResult second = p.Simulate(4, "2022-01-01", "2022-04-30");
  fresh.Simulate(4, "2022-01-01", "2022-04-30");

  const Rows digest = p.Query(test_util::BarDigestSql());
  ASSERT_EQ(digest.size(), 5u);
  for (size_t i = 1; i < digest.size(); ++i) {
    EXPECT_EQ(digest[i][1], std::to_string(kBarsJanApr)) << digest[i][0];
    EXPECT_EQ(digest[i][2], std::to_string(kBarsJanApr)) << digest[i][0] << ": duplicate timestamps";
  }
  EXPECT_EQ(digest, fresh.Query(test_util::BarDigestSql()));
  EXPECT_EQ(p.QueryValue("SELECT count(*) FROM bar_revisions"), "0");
  const nlohmann::json m = MetricsOf(p, RunIdOf(second))["ingest"];
  EXPECT_EQ(m["rows_added"], 4 * (kBarsJanApr - kBarsJanMar));
  EXPECT_EQ(m["rows_unchanged"], 4 * kBarsJanMar);
  EXPECT_EQ(m["rows_revised"], 0);
}

// Jan–Mar, then Feb–Apr with the same seed. Whether the simulator gives the same bars for Feb–Mar
// in both runs is its own business (its paths start at --start); the store's contract is: the
// union of sessions is stored once, the newer run's values win, and every bar it changed is logged
// in bar_revisions with its old values.
TEST(Reingest, AnOverlappingRangeReplacesChangedBarsAndLogsRevisions) {
  QtpProject p;
  QtpProject jan_mar;
  QtpProject feb_apr;
  for (const QtpProject* q : {&p, &jan_mar, &feb_apr}) q->WriteDefaultConfig(test_util::kNoFaultsYaml);
  p.Simulate(3, "2022-01-01", "2022-03-31");
  const test_util::ProcessResult second = p.Simulate(3, "2022-02-01", "2022-04-30");
  jan_mar.Simulate(3, "2022-01-01", "2022-03-31");
  feb_apr.Simulate(3, "2022-02-01", "2022-04-30");
  const std::string run_id = RunIdOf(second);
  ASSERT_FALSE(run_id.empty()) << second.out;

  const Rows digest = p.Query(test_util::BarDigestSql());
  ASSERT_EQ(digest.size(), 4u);
  for (size_t i = 1; i < digest.size(); ++i) {
    EXPECT_EQ(digest[i][1], std::to_string(kBarsJanApr)) << digest[i][0];
    EXPECT_EQ(digest[i][2], std::to_string(kBarsJanApr)) << digest[i][0];
  }
  const std::string before_feb = "ts < TIMESTAMPTZ '2022-02-01 00:00:00+00'";
  const std::string from_feb = "ts >= TIMESTAMPTZ '2022-02-01 00:00:00+00'";
  EXPECT_EQ(p.Query(test_util::BarDigestSql("bars_5m_raw", before_feb)),
            jan_mar.Query(test_util::BarDigestSql("bars_5m_raw", before_feb)));
  EXPECT_EQ(p.Query(test_util::BarDigestSql("bars_5m_raw", from_feb)), feb_apr.Query(test_util::BarDigestSql()));

  // The revisions are exactly the Feb–Mar bars on which the two runs disagree, with the old values.
  const std::string cols = "ticker, epoch_us(ts), open, high, low, close, volume, vwap, trade_count, source";
  const std::string overlap = "WHERE ts >= TIMESTAMPTZ '2022-02-01 00:00:00+00' AND ts < TIMESTAMPTZ "
                              "'2022-04-01 00:00:00+00' ORDER BY ticker, ts";
  const Rows old_rows = jan_mar.Query("SELECT " + cols + " FROM bars_5m_raw " + overlap);
  const Rows new_rows = feb_apr.Query("SELECT " + cols + " FROM bars_5m_raw " + overlap);
  ASSERT_EQ(old_rows.size(), new_rows.size());
  ASSERT_EQ(old_rows.size(), 1u + 3u * 42u * 78u);  // Feb 19 + Mar 23 sessions
  Rows expected = {old_rows[0]};
  for (size_t i = 1; i < old_rows.size(); ++i) {
    ASSERT_EQ(old_rows[i][1], new_rows[i][1]);
    if (old_rows[i] != new_rows[i]) expected.push_back(old_rows[i]);
  }
  std::cout << "[ overlap ] " << expected.size() - 1 << " of " << old_rows.size() - 1
            << " overlapping bars differ between the Jan-Mar and Feb-Apr runs\n";
  EXPECT_EQ(p.Query("SELECT " + cols + " FROM bar_revisions ORDER BY ticker, ts"), expected);
  if (expected.size() > 1) {
    EXPECT_EQ(p.Query("SELECT DISTINCT revised_by_run FROM bar_revisions"), (Rows{{"revised_by_run"}, {run_id}}));
  }
  const nlohmann::json m = MetricsOf(p, run_id)["ingest"];
  EXPECT_EQ(m["rows_revised"], expected.size() - 1);
  EXPECT_EQ(m["rows_added"], 3 * 20 * 78);  // April
}

}  // namespace
}  // namespace qtp
