// The metadata's parameter map against the registry's definitions, the append-only log, and the
// gnuplot plumbing (finding it, running a child process, reporting its failure).
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <regex>

#include "qtp/config/config_io.h"
#include "qtp/core/file_util.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/eda/analysis.h"
#include "qtp/eda/metadata.h"
#include "qtp/eda/plots.h"
#include "test_util/temp_dir.h"
#include "test_util/text.h"

namespace qtp::eda {
namespace {

using test_util::Contains;

// Every `features.<key>` a definition mentions is among the parameters the metadata lists for that
// feature, and every listed key is a real parameter of config section `features`.
TEST(FeatureParamKeys, CoverEveryParameterTheDefinitionsName) {
  features::FeatureParams defaults;
  Result<std::string> yaml = config::ParamsYaml(defaults, "");
  ASSERT_TRUE(yaml.ok());
  const std::regex reference(R"(features\.([a-z_]+))");
  size_t checked = 0;
  for (const schema::FeatureColumn& c : schema::FeatureColumns()) {
    const std::vector<std::string> keys = FeatureParamKeys(c.name);
    for (std::sregex_iterator it(c.definition.begin(), c.definition.end(), reference), end; it != end; ++it) {
      const std::string key = (*it)[1];
      EXPECT_NE(std::find(keys.begin(), keys.end(), key), keys.end()) << c.name << " names features." << key;
      ++checked;
    }
    for (const std::string& key : keys) {
      EXPECT_TRUE(Contains(*yaml, "\n" + key + ":") || yaml->rfind(key + ":", 0) == 0) << key;
    }
  }
  EXPECT_GE(checked, 8u);
  EXPECT_EQ(FeatureParamKeys("trend_5m_long_r2"), std::vector<std::string>{"intraday_trend_long_days"});
  EXPECT_TRUE(FeatureParamKeys("ret_1d").empty());
}

// Raw values spread evenly in log10 over [0, 4): 99% quantile / median ≈ 10^1.96 > 20, so they
// are binned in log10; a few exact zeros (a zero-return day's Amihud) are left out and counted,
// too many zeros or any negative value keep linear bins.
TEST(MakeHistogram, LogBinsForSkewedNonNegativeValuesWithFewZeros) {
  auto skewed = [](size_t n, size_t zeros) {
    std::vector<double> v;
    for (size_t i = 0; i < n; ++i) v.push_back(std::pow(10.0, 4.0 * static_cast<double>(i) / static_cast<double>(n)));
    v.insert(v.end(), zeros, 0.0);
    return v;
  };
  std::vector<double> normalized = {-1, 0, 1};
  std::vector<double> raw = skewed(970, 30);
  Histogram h = MakeHistogram(0, normalized, raw);
  EXPECT_TRUE(h.raw.log10);
  EXPECT_EQ(h.raw.zeros_left_out, 30u);
  EXPECT_EQ(h.raw.values, 970u);
  EXPECT_NEAR(h.raw.low, 4.0 * 9.0 / 970.0, 1e-12);  // the 1% quantile of the logs: value 9 of 0..969

  raw = skewed(900, 100);  // 10% zeros
  h = MakeHistogram(0, normalized, raw);
  EXPECT_FALSE(h.raw.log10);
  EXPECT_EQ(h.raw.values, 1000u);

  raw = skewed(1000, 0);
  raw.push_back(-1e-9);
  EXPECT_FALSE(MakeHistogram(0, normalized, raw).raw.log10);

  raw = skewed(1000, 0);
  h = MakeHistogram(0, normalized, raw);
  EXPECT_TRUE(h.raw.log10);
  EXPECT_EQ(h.raw.zeros_left_out, 0u);
}

TEST(AppendJsonLines, AppendsWithoutRewriting) {
  test_util::TempDir dir;
  const std::string path = dir.path() + "/events.jsonl";
  nlohmann::ordered_json a = {{"event", "computed"}}, b = {{"event", "pruned"}, {"feature", "x"}};
  ASSERT_TRUE(AppendJsonLines(path, {a}).ok());
  ASSERT_TRUE(AppendJsonLines(path, {b, a}).ok());
  EXPECT_EQ(*ReadFile(path),
            "{\"event\":\"computed\"}\n{\"event\":\"pruned\",\"feature\":\"x\"}\n{\"event\":\"computed\"}\n");
  EXPECT_FALSE(AppendJsonLines(dir.path() + "/missing/events.jsonl", {a}).ok());
}

TEST(FindGnuplot, AbsentIsAClearError) {
  test_util::TempDir dir;
  const Result<std::string> r = FindGnuplot(dir.path());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(Contains(r.status().message(), "apt-get install gnuplot-nox")) << r.status().ToString();
  EXPECT_TRUE(Contains(r.status().message(), "eda.plots: false"));
}

TEST(FindGnuplot, TakesTheFirstExecutableOnThePath) {
  test_util::TempDir a, b;
  const std::string exe = b.path() + "/gnuplot";
  std::ofstream(exe) << "#!/bin/sh\n";
  ::chmod(exe.c_str(), 0755);
  std::ofstream(a.path() + "/gnuplot") << "not executable\n";
  const Result<std::string> r = FindGnuplot(a.path() + ":" + b.path());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, exe);
}

TEST(RunProcess, RunsInTheFolderAndReportsAFailureWithItsOutput) {
  test_util::TempDir dir;
  const std::string log = dir.path() + "/run.log";
  ASSERT_TRUE(RunProcess({"/bin/sh", "-c", "pwd > where.txt; echo fine"}, dir.path(), log).ok());
  EXPECT_EQ(*ReadFile(dir.path() + "/where.txt"), dir.path() + "\n");
  const Status failed = RunProcess({"/bin/sh", "-c", "echo 'line 3: no such column' >&2; exit 3"}, dir.path(), log);
  ASSERT_FALSE(failed.ok());
  EXPECT_TRUE(Contains(failed.message(), "exit code 3")) << failed.ToString();
  EXPECT_TRUE(Contains(failed.message(), "line 3: no such column")) << failed.ToString();
  EXPECT_EQ(*ReadFile(log), "fine\nline 3: no such column\n") << "stdout and stderr appended to the log";
  EXPECT_FALSE(RunProcess({dir.path() + "/nothing-here"}, dir.path(), log).ok());
}

}  // namespace
}  // namespace qtp::eda
