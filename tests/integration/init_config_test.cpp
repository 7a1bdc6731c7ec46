// `qtp init` skeletons, config validation errors seen from the command line, and the enforcement of
// config/system_limits.yaml.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_util/qtp_project.h"

namespace qtp {
namespace {

using test_util::QtpProject;

// Issue #2, "Phase-1 artifacts".
const std::vector<std::string> kSkeleton = {
    "config/default.yaml",         "config/models.yaml",        "config/execution.yaml",
    "config/validation.yaml",      "config/success_metrics.yaml", "config/system_limits.yaml",
    "config/data_sources.yaml",    "config/monitoring.yaml",      "docs/project_objectives.md", "docs/constraints.md",
    "docs/architecture.md"};

TEST(Init, WritesTheSkeletonIntoTheProjectRootOnceUnlessForced) {
  QtpProject p;
  const test_util::ProcessResult first = p.RunOk({"init"});
  for (const std::string& f : kSkeleton) {
    const std::string path = p.root() + "/" + f;
    EXPECT_TRUE(std::filesystem::is_regular_file(path)) << f;
    EXPECT_GT(std::filesystem::file_size(path), 0u) << f;
    EXPECT_TRUE(test_util::Contains(first.out, f)) << "init output does not list " << f << ":\n" << first.out;
  }
  EXPECT_FALSE(std::filesystem::exists(p.data() + "/config")) << "skeleton written into the data dir";

  const std::string limits_path = p.root() + "/config/system_limits.yaml";
  const std::string original = test_util::ReadFileText(limits_path);
  test_util::WriteFileText(limits_path, original + "# edited by the user\n");

  const test_util::ProcessResult again = p.Run({"init"});
  EXPECT_NE(again.exit_code, 0);
  for (const std::string& f : kSkeleton) {
    EXPECT_TRUE(test_util::Contains(again.err, f)) << "refusal does not name " << f << ":\n" << again.err;
  }
  EXPECT_EQ(test_util::ReadFileText(limits_path), original + "# edited by the user\n") << "refused init wrote";

  p.RunOk({"init", "--force"});
  EXPECT_EQ(test_util::ReadFileText(limits_path), original);
}

// The repository's own config/ and docs/ are what `qtp init` writes, so the defaults a reader
// browses on GitHub cannot drift from the code's declarations.
TEST(Init, RepositoryCopiesMatchWhatInitWrites) {
  QtpProject p;
  p.RunOk({"init"});
  for (const std::string& f : kSkeleton) {
    const std::string in_repo = test_util::ReadFileText(std::string(QTP_SOURCE_DIR) + "/" + f);
    EXPECT_EQ(in_repo, test_util::ReadFileText(p.root() + "/" + f))
        << f << " in the repository differs from `qtp init`'s: regenerate it with `qtp --data-dir X/data init`";
  }
}

// The written default.yaml is a valid config that every command then loads.
TEST(Init, TheWrittenConfigIsLoadedByLaterCommands) {
  QtpProject p;
  p.RunOk({"init"});
  p.Simulate(2, "2022-03-01", "2022-03-15");
  p.RunOk({"--quiet", "clean"});

  // An edit to the written file takes effect: a different default seed gives a different market.
  QtpProject q;
  q.RunOk({"init"});
  const std::string config = q.root() + "/config/default.yaml";
  std::string yaml = test_util::ReadFileText(config);
  const size_t at = yaml.find("seed: 42");
  ASSERT_NE(at, std::string::npos) << "default.yaml has no 'seed: 42'";
  yaml.replace(at, 8, "seed: 43");
  test_util::WriteFileText(config, yaml);
  q.Simulate(2, "2022-03-01", "2022-03-15");
  EXPECT_NE(p.Query(test_util::BarDigestSql()), q.Query(test_util::BarDigestSql()));
}

struct BadConfig {
  std::string name;
  std::string yaml;
  std::string key;
  int line;
};

TEST(Config, InvalidValuesFailWithFileKeyAndLine) {
  const std::vector<BadConfig> cases = {
      {"unknown key", "simulate:\n  seed: 1\n  sead: 2\n", "simulate.sead", 3},
      {"wrong type", "simulate:\n  seed: 1\n  signal_ic: high\n", "simulate.signal_ic", 3},
      {"out of range", "simulate:\n  faults:\n    missing_bar: 0.9\n", "simulate.faults.missing_bar", 3},
      {"unknown section", "# comment\nsimulatte:\n  seed: 1\n", "simulatte", 2},
  };
  for (const BadConfig& c : cases) {
    SCOPED_TRACE(c.name);
    QtpProject p;
    const std::string file = p.root() + "/my.yaml";
    test_util::WriteFileText(file, c.yaml);
    const test_util::ProcessResult r =
        p.Run({"--config", file, "simulate", "--tickers", "2", "--start", "2022-03-01", "--end", "2022-03-10"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(test_util::Contains(r.err, file + ":" + std::to_string(c.line))) << r.err;
    EXPECT_TRUE(test_util::Contains(r.err, c.key)) << r.err;
    EXPECT_FALSE(std::filesystem::exists(p.data() + "/manifest.json")) << "a run started despite a bad config";
  }
}

TEST(Config, AMissingConfigFileIsAnError) {
  QtpProject p;
  const test_util::ProcessResult r =
      p.Run({"--config", p.root() + "/nope.yaml", "simulate", "--tickers", "2", "--start", "2022-03-01", "--end",
             "2022-03-10"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(test_util::Contains(r.err, "nope.yaml")) << r.err;
}

TEST(Config, AnInvalidSystemLimitsFileIsAnError) {
  QtpProject p;
  test_util::WriteFileText(p.root() + "/config/system_limits.yaml", "storage_cap_gb: 10\nstorage_cap: 5\n");
  const test_util::ProcessResult r =
      p.Run({"simulate", "--tickers", "2", "--start", "2022-03-01", "--end", "2022-03-10"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(test_util::Contains(r.err, "system_limits.yaml:2")) << r.err;
  EXPECT_TRUE(test_util::Contains(r.err, "storage_cap")) << r.err;
}

TEST(SystemLimits, StorageCapStopsSimulateAndLeavesAValidStore) {
  QtpProject p;
  test_util::WriteFileText(p.root() + "/config/system_limits.yaml", "storage_cap_gb: 0.001\n");
  const test_util::ProcessResult r =
      p.Run({"--quiet", "simulate", "--tickers", "20", "--start", "2022-01-01", "--end", "2022-06-30"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(test_util::Contains(r.err, "LimitExceeded")) << r.err;
  EXPECT_TRUE(test_util::Contains(r.err, "storage_cap_gb")) << r.err;

  const test_util::ProcessResult verify = p.Run({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  const test_util::ProcessResult status = p.RunOk({"status", "--json"});
  const auto j = nlohmann::json::parse(status.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << status.out;
  EXPECT_LE(j["total_bytes"].get<uint64_t>(), 1000000u) << "the store grew past the cap";
  // The failed run is recorded with its outcome.
  ASSERT_FALSE(j["recent_runs"].empty());
  EXPECT_TRUE(test_util::Contains(j["recent_runs"][0].value("outcome", ""), "LimitExceeded")) << j.dump(1);
}

TEST(SystemLimits, MaxTickersRefusesLargerRuns) {
  QtpProject p;
  test_util::WriteFileText(p.root() + "/config/system_limits.yaml", "max_tickers: 3\n");
  const test_util::ProcessResult r =
      p.Run({"simulate", "--tickers", "4", "--start", "2022-03-01", "--end", "2022-03-10"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(test_util::Contains(r.err, "max_tickers")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(p.data() + "/manifest.json"));
  p.Simulate(3, "2022-03-01", "2022-03-10");
}

}  // namespace
}  // namespace qtp
