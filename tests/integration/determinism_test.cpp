// Determinism of `qtp simulate` end to end, and the simulator's prefix stability (no look-ahead:
// simulating further leaves earlier data unchanged).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_util/qtp_project.h"
#include "test_util/text.h"

namespace qtp {
namespace {

using test_util::QtpProject;

TEST(Determinism, SameArgumentsGiveByteIdenticalStores) {
  QtpProject a;
  QtpProject b;
  a.Simulate(6, "2022-02-01", "2022-04-30", {"--seed", "11"});
  b.Simulate(6, "2022-02-01", "2022-04-30", {"--seed", "11"});
  ASSERT_FALSE(a.Manifest().empty());
  EXPECT_TRUE(test_util::SameManifest(a.Manifest(), b.Manifest()));

  // Every file but the wall-clock history of each run: parquet parts, universe, run records.
  auto files_a = test_util::FilesUnder(a.data(), {".staging"});
  auto files_b = test_util::FilesUnder(b.data(), {".staging"});
  for (auto* files : {&files_a, &files_b}) {
    std::erase_if(*files, [](const auto& kv) { return kv.first.ends_with("history.jsonl"); });
  }
  const std::vector<std::string> parts = test_util::FilesWithExtension(files_a, ".parquet");
  EXPECT_GE(parts.size(), 12u) << "6 tickers: bars and signal at least";
  EXPECT_EQ(parts, test_util::FilesWithExtension(files_b, ".parquet"));
  std::vector<std::string> keys_a;
  std::vector<std::string> keys_b;
  for (const auto& [path, bytes] : files_a) keys_a.push_back(path);
  for (const auto& [path, bytes] : files_b) keys_b.push_back(path);
  ASSERT_EQ(keys_a, keys_b);
  for (const auto& [path, bytes] : files_a) EXPECT_TRUE(bytes == files_b[path]) << path << " differs";
}

TEST(Determinism, ADifferentSeedGivesADifferentMarket) {
  QtpProject a;
  QtpProject b;
  a.Simulate(3, "2022-02-01", "2022-02-28", {"--seed", "11"});
  b.Simulate(3, "2022-02-01", "2022-02-28", {"--seed", "12"});
  EXPECT_NE(a.Manifest(), b.Manifest());
  EXPECT_NE(a.Query(test_util::BarDigestSql()), b.Query(test_util::BarDigestSql()));
}

// Simulating to a later end date must leave every earlier bar, corporate action and signal value
// identical: the generator draws day by day and never looks ahead.
TEST(Determinism, ExtendingTheEndDateLeavesEarlierDataIdentical) {
  QtpProject shorter;
  QtpProject longer;
  shorter.Simulate(8, "2022-01-01", "2022-03-31", {"--seed", "5"});
  longer.Simulate(8, "2022-01-01", "2022-06-30", {"--seed", "5"});
  const std::string common = "ts < TIMESTAMPTZ '2022-04-01 00:00:00+00'";
  const auto short_bars = shorter.Query(test_util::BarDigestSql());
  ASSERT_EQ(short_bars.size(), 9u);
  EXPECT_EQ(longer.Query(test_util::BarDigestSql("bars_5m_raw", common)), short_bars);
  EXPECT_NE(longer.Query(test_util::BarDigestSql()), short_bars) << "the longer run must hold more";

  const std::string signal =
      "SELECT ticker, count(*), sum(hash(date, signal)) FROM sim_signal WHERE date < DATE '2022-04-01' "
      "GROUP BY ticker ORDER BY ticker";
  EXPECT_EQ(longer.Query(signal), shorter.Query(signal));
  const std::string actions =
      "SELECT ticker, ex_date, action, split_ratio, dividend FROM corporate_actions WHERE ex_date < DATE '2022-04-01' "
      "ORDER BY ALL";
  EXPECT_EQ(longer.Query(actions), shorter.Query(actions));
}

// A regime shift changes only the days after it: the bars and signal rows of every day up to it are
// those of the run without it (same seed). The shift is in the run's recorded arguments, which is
// how qtp daily extends such a market (tests/integration/daily_cli_test.cpp).
TEST(Determinism, ARegimeShiftLeavesTheDaysUpToItIdentical) {
  QtpProject plain;
  QtpProject shifted;
  const std::vector<std::string> args = {"--seed", "5", "--signal", "0.1"};
  std::vector<std::string> shift_args = args;
  shift_args.insert(shift_args.end(), {"--regime-shift", "2022-03-15"});
  plain.Simulate(6, "2022-02-01", "2022-04-30", args);
  const test_util::ProcessResult run = shifted.Simulate(6, "2022-02-01", "2022-04-30", shift_args);
  const std::string up_to_shift = "ts < TIMESTAMPTZ '2022-03-16 00:00:00+00'";
  const auto before = plain.Query(test_util::BarDigestSql("bars_5m_raw", up_to_shift));
  ASSERT_EQ(before.size(), 7u);
  EXPECT_EQ(shifted.Query(test_util::BarDigestSql("bars_5m_raw", up_to_shift)), before);
  const std::string after_shift = "ts >= TIMESTAMPTZ '2022-03-16 00:00:00+00'";
  EXPECT_NE(shifted.Query(test_util::BarDigestSql("bars_5m_raw", after_shift)),
            plain.Query(test_util::BarDigestSql("bars_5m_raw", after_shift)));
  const std::string signal =
      "SELECT ticker, count(*), sum(hash(date, signal)) FROM sim_signal GROUP BY ticker ORDER BY ticker";
  EXPECT_EQ(shifted.Query(signal), plain.Query(signal)) << "the signal series is the same; only its effect decays";

  const auto record = nlohmann::json::parse(
      test_util::ReadFileText(shifted.DataPath("runs/" + test_util::RunIdOf(run) + "/run.json")), nullptr, false);
  ASSERT_FALSE(record.is_discarded());
  EXPECT_EQ(record["args"]["regime_shift"], "2022-03-15");

  const test_util::ProcessResult bad = shifted.Run(
      {"simulate", "--tickers", "2", "--start", "2022-02-01", "--end", "2022-02-28", "--regime-shift", "2022-3-15"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_TRUE(test_util::Contains(bad.err, "--regime-shift: invalid date '2022-3-15' (expected YYYY-MM-DD)"))
      << bad.err;
}

}  // namespace
}  // namespace qtp
