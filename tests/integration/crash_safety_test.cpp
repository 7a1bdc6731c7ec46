// Crash safety of the store through the real CLI: `qtp simulate` killed with SIGKILL at several
// points, then `verify` must pass, the committed part must be whole tickers identical to an
// uninterrupted run, and a re-run must complete to exactly the uninterrupted result.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_util/qtp_project.h"

namespace qtp {
namespace {

using test_util::QtpProcess;
using test_util::QtpProject;
using Rows = std::vector<std::vector<std::string>>;

// 60 tickers × half a year: the simulator commits every 20 tickers, so three commits, over a
// couple of seconds (most of it fsync), which leaves room to land kills before, between and after.
const std::vector<std::string> kSimulate = {"--quiet", "simulate", "--tickers", "60", "--start", "2022-01-01",
                                            "--end", "2022-06-30", "--seed", "7"};

const std::string kSignalDigest =
    "SELECT ticker, count(*) AS n, sum(hash(date, signal)) AS h FROM sim_signal GROUP BY ticker ORDER BY ticker";
const std::string kActionsDigest =
    "SELECT ticker, count(*) AS n, sum(hash(ex_date, action, split_ratio, dividend, source)) AS h "
    "FROM corporate_actions GROUP BY ticker ORDER BY ticker";

struct Digests {
  Rows bars;
  Rows signal;
  Rows actions;
};

Digests DigestsOf(const QtpProject& p) {
  return {p.Query(test_util::BarDigestSql()), p.Query(kSignalDigest), p.Query(kActionsDigest)};
}

// Each data row of `partial` (ticker first) must equal the row of the same ticker in `full`.
void ExpectWholeTickers(const Rows& partial, const Rows& full, const std::string& what) {
  std::map<std::string, std::vector<std::string>> by_ticker;
  for (size_t i = 1; i < full.size(); ++i) by_ticker[full[i][0]] = full[i];
  for (size_t i = 1; i < partial.size(); ++i) {
    auto it = by_ticker.find(partial[i][0]);
    ASSERT_NE(it, by_ticker.end()) << what << ": ticker " << partial[i][0] << " not in the uninterrupted run";
    EXPECT_EQ(partial[i], it->second) << what << ": ticker " << partial[i][0]
                                      << " is stored partially or with different content";
  }
}

std::vector<std::string> TickersOf(const Rows& rows) {
  std::vector<std::string> out;
  for (size_t i = 1; i < rows.size(); ++i) out.push_back(rows[i][0]);
  return out;
}

std::string WithoutRunIds(const std::string& manifest) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(manifest);
  for (auto& f : j["files"]) f["run_id"] = "";
  return j.dump(1);
}

enum class KillWhen { kAfterDelay, kAfterFirstCommit, kAfterSecondCommit };

struct KillPoint {
  std::string name;
  KillWhen when;
  std::chrono::milliseconds delay{0};
};

// Kills `child` at `point`; returns its exit code (0 if it finished before the kill landed).
int KillAt(QtpProcess& child, const KillPoint& point, const std::string& manifest_path) {
  const auto start = std::chrono::steady_clock::now();
  std::string first_manifest;
  while (!child.Finished()) {
    if (point.when == KillWhen::kAfterDelay) {
      if (std::chrono::steady_clock::now() - start >= point.delay) break;
    } else {
      const std::string m = test_util::ReadFileText(manifest_path);
      if (!m.empty()) {
        if (point.when == KillWhen::kAfterFirstCommit) break;
        if (first_manifest.empty()) first_manifest = m;
        if (m != first_manifest) break;
      }
    }
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  return child.Kill();
}

TEST(CrashSafety, SimulateKilledAtAnyPointLeavesAValidStoreAndReRunsToTheSameResult) {
  QtpProject reference;
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(reference.RunOk(kSimulate).exit_code, 0);
  const auto reference_time =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  const Digests expected = DigestsOf(reference);
  ASSERT_EQ(expected.bars.size(), 61u) << "reference run must hold 60 tickers";
  ASSERT_EQ(expected.signal.size(), 61u);
  const std::string reference_manifest = reference.Manifest();
  const std::string reference_universe = test_util::ReadFileText(reference.DataPath("universe/sp500_constituents.csv"));
  ASSERT_FALSE(reference_manifest.empty());

  const std::vector<KillPoint> points = {
      {"immediately", KillWhen::kAfterDelay, std::chrono::milliseconds(0)},
      {"after 250 ms", KillWhen::kAfterDelay, std::chrono::milliseconds(250)},
      {"right after the first commit", KillWhen::kAfterFirstCommit},
      {"right after the second commit", KillWhen::kAfterSecondCommit},
      {"at 80% of the reference run time", KillWhen::kAfterDelay, reference_time * 8 / 10},
  };
  for (const KillPoint& point : points) {
    SCOPED_TRACE("kill " + point.name);
    QtpProject p;
    int killed_exit = 0;
    {
      QtpProcess child(kSimulate, p.data());
      ASSERT_TRUE(child.started());
      killed_exit = KillAt(child, point, p.DataPath("manifest.json"));
    }
    const bool committed_before_kill = !p.Manifest().empty();
    // Not an assertion (timing decides where the kill lands); says which case this run covered.
    std::cout << "[ kill " << point.name << " ] exit " << killed_exit << ", manifest "
              << (committed_before_kill ? "present" : "absent") << "\n";

    // 1. The store is valid as left by the crash (a kill before the data dir exists leaves no store).
    if (std::filesystem::exists(p.data())) {
      const test_util::ProcessResult verify = p.Run({"verify", "--json"});
      EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
      const auto report = nlohmann::json::parse(verify.out, nullptr, false);
      ASSERT_FALSE(report.is_discarded()) << verify.out;
      EXPECT_TRUE(report["ok"].get<bool>()) << verify.out;

      // 2. What is visible is whole tickers, identical to the uninterrupted run, in every dataset.
      const Digests partial = DigestsOf(p);
      ExpectWholeTickers(partial.bars, expected.bars, "bars_5m_raw");
      ExpectWholeTickers(partial.signal, expected.signal, "sim_signal");
      ExpectWholeTickers(partial.actions, expected.actions, "corporate_actions");
      EXPECT_EQ(TickersOf(partial.bars), TickersOf(partial.signal)) << "bars and signal published separately";
    }

    // 3. The same command completes, with no bar lost or duplicated.
    ASSERT_EQ(p.RunOk(kSimulate).exit_code, 0);
    const Digests resumed = DigestsOf(p);
    EXPECT_EQ(resumed.bars, expected.bars);
    EXPECT_EQ(resumed.signal, expected.signal);
    EXPECT_EQ(resumed.actions, expected.actions);
    EXPECT_EQ(test_util::ReadFileText(p.DataPath("universe/sp500_constituents.csv")), reference_universe);

    // 4. The manifest: byte-identical when the killed run published nothing (the re-run then has the
    // same inputs, hence the same run ID); otherwise files the re-run wrote carry its own run ID,
    // and everything else is identical.
    const std::string manifest = p.Manifest();
    if (committed_before_kill) {
      EXPECT_TRUE(test_util::SameManifest(WithoutRunIds(manifest), WithoutRunIds(reference_manifest)));
    } else {
      EXPECT_TRUE(test_util::SameManifest(manifest, reference_manifest));
    }

    // 5. The re-run swept the crash's leftovers: nothing unlisted, nothing staged.
    const test_util::ProcessResult after = p.Run({"verify", "--json"});
    EXPECT_EQ(after.exit_code, 0) << after.out << after.err;
    const auto after_report = nlohmann::json::parse(after.out, nullptr, false);
    ASSERT_FALSE(after_report.is_discarded()) << after.out;
    EXPECT_TRUE(after_report["ok"].get<bool>());
    EXPECT_TRUE(after_report["unlisted_files"].empty()) << after.out;
    EXPECT_EQ(after_report["files_checked"].get<size_t>(),
              nlohmann::json::parse(manifest)["files"].size());
    if (std::filesystem::exists(p.DataPath(".staging"))) {
      EXPECT_TRUE(std::filesystem::is_empty(p.DataPath(".staging"))) << "staging files left after a completed run";
    }
  }
}

// A kill while an existing store is being extended: every ticker's stored partition is replaced by
// a new content-addressed file, so each ticker must be visible either wholly old or wholly new.
TEST(CrashSafety, KilledWhileReplacingPartitionsEachTickerIsOldOrNew) {
  const std::vector<std::string> base_args = {"--quiet", "simulate", "--tickers", "40", "--start", "2022-01-01",
                                              "--end", "2022-03-31", "--seed", "9"};
  const std::vector<std::string> extend_args = {"--quiet", "simulate", "--tickers", "40", "--start", "2022-01-01",
                                                "--end", "2022-06-30", "--seed", "9"};
  QtpProject base;
  ASSERT_EQ(base.RunOk(base_args).exit_code, 0);
  const Rows old_bars = base.Query(test_util::BarDigestSql());
  ASSERT_EQ(old_bars.size(), 41u);

  QtpProject reference;
  std::filesystem::copy(base.data(), reference.data(), std::filesystem::copy_options::recursive);
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(reference.RunOk(extend_args).exit_code, 0);
  const auto extend_time =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  const Rows new_bars = reference.Query(test_util::BarDigestSql());
  ASSERT_EQ(new_bars.size(), 41u);
  ASSERT_NE(new_bars[1], old_bars[1]);

  const std::vector<KillPoint> points = {
      {"at 30% of the extension", KillWhen::kAfterDelay, extend_time * 3 / 10},
      {"right after the first commit of the extension", KillWhen::kAfterSecondCommit},
      {"at 70% of the extension", KillWhen::kAfterDelay, extend_time * 7 / 10},
  };
  for (const KillPoint& point : points) {
    SCOPED_TRACE("kill " + point.name);
    QtpProject p;
    std::filesystem::copy(base.data(), p.data(), std::filesystem::copy_options::recursive);
    {
      QtpProcess child(extend_args, p.data());
      ASSERT_TRUE(child.started());
      // The base store already has a manifest: "second commit" here means its first change.
      std::cout << "[ kill " << point.name << " ] exit " << KillAt(child, point, p.DataPath("manifest.json")) << "\n";
    }
    const test_util::ProcessResult verify = p.Run({"verify"});
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
    const Rows partial = p.Query(test_util::BarDigestSql());
    ASSERT_EQ(partial.size(), 41u) << "a ticker vanished";
    size_t replaced = 0;
    for (size_t i = 1; i < partial.size(); ++i) {
      EXPECT_TRUE(partial[i] == old_bars[i] || partial[i] == new_bars[i]) << partial[i][0] << " is neither old nor new";
      replaced += partial[i] == new_bars[i];
    }
    std::cout << "[ kill " << point.name << " ] " << replaced << " of 40 tickers already extended\n";

    ASSERT_EQ(p.RunOk(extend_args).exit_code, 0);
    EXPECT_EQ(p.Query(test_util::BarDigestSql()), new_bars);
    const test_util::ProcessResult after = p.Run({"verify", "--json"});
    EXPECT_EQ(after.exit_code, 0) << after.out;
    const auto report = nlohmann::json::parse(after.out, nullptr, false);
    ASSERT_FALSE(report.is_discarded()) << after.out;
    EXPECT_TRUE(report["unlisted_files"].empty()) << after.out;
  }
}

}  // namespace
}  // namespace qtp
