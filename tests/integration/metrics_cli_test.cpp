// `qtp metrics` end to end: the JSON keys are empyrical's names in order, the numbers are the
// ones empyrical's own test suite publishes for the same series (the benchmark aligned on dates),
// the options reach the metrics, and malformed input is a clear error.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util/qtp_project.h"
#include "test_util/run_qtp.h"
#include "test_util/temp_dir.h"

namespace qtp {
namespace {

// empyrical's mixed_returns (daily from 2000-01-30; the first is missing) and negative_returns[1:]
// (from 2000-01-31).
constexpr const char* kMixedCsv =
    "date,return\n2000-01-30,\n2000-01-31,0.01\n2000-02-01,0.1\n2000-02-02,-0.04\n2000-02-03,0.02\n"
    "2000-02-04,0.03\n2000-02-05,0.02\n2000-02-06,0.01\n2000-02-07,-0.1\n";
constexpr const char* kNegativeTailCsv =
    "date,return\n2000-01-31,-0.06\n2000-02-01,-0.07\n2000-02-02,-0.01\n2000-02-03,-0.09\n2000-02-04,-0.02\n"
    "2000-02-05,-0.06\n2000-02-06,-0.08\n2000-02-07,-0.05\n";

class MetricsCli : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_.path() + "/" + name;
    test_util::WriteFileText(path, text);
    return path;
  }
  test_util::TempDir dir_;
};

TEST_F(MetricsCli, JsonHasEmpyricalsNamesAndNumbers) {
  const std::string returns = Write("mixed.csv", kMixedCsv);
  const std::string benchmark = Write("negative.csv", kNegativeTailCsv);
  const test_util::ProcessResult r =
      test_util::RunQtp({"metrics", "--returns", returns, "--benchmark", benchmark, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(r.out);
  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"cum_returns_final", "annual_return", "cagr", "annual_volatility",
                                            "sharpe_ratio", "sortino_ratio", "downside_risk", "max_drawdown",
                                            "calmar_ratio", "omega_ratio", "stability_of_timeseries", "tail_ratio",
                                            "value_at_risk", "alpha", "beta", "excess_sharpe"}));
  EXPECT_NEAR(j["annual_return"].get<double>(), 1.9135925373194231, 1e-8);
  EXPECT_NEAR(j["sharpe_ratio"].get<double>(), 1.7238613961706866, 1e-8);
  EXPECT_NEAR(j["sortino_ratio"].get<double>(), 2.605531251673693, 1e-8);
  EXPECT_NEAR(j["max_drawdown"].get<double>(), -0.1, 1e-12);
  EXPECT_NEAR(j["calmar_ratio"].get<double>(), 19.135925373194233, 1e-8);
  EXPECT_NEAR(j["stability_of_timeseries"].get<double>(), 0.1529973665111273, 1e-8);
  EXPECT_NEAR(j["alpha"].get<double>(), -0.9997853834885004, 1e-8);
  EXPECT_NEAR(j["beta"].get<double>(), -0.71296296296296313, 1e-8);

  const test_util::ProcessResult text = test_util::RunQtp({"metrics", "--returns", returns});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(test_util::Contains(text.out, "9 returns (1 missing), 2000-01-30 to 2000-02-07")) << text.out;
  EXPECT_TRUE(test_util::Contains(text.out, "sharpe_ratio")) << text.out;
  EXPECT_FALSE(test_util::Contains(text.out, "alpha")) << "no benchmark, no relative metrics";
}

TEST_F(MetricsCli, OptionsReachTheMetrics) {
  const std::string positive = Write(
      "positive.csv",
      "date,return\n2000-01-30,0.01\n2000-01-31,0.02\n2000-02-01,0.01\n2000-02-02,0.01\n2000-02-03,0.01\n"
      "2000-02-04,0.01\n2000-02-05,0.01\n2000-02-06,0.01\n2000-02-07,0.01\n");
  const test_util::ProcessResult r =
      test_util::RunQtp({"metrics", "--returns", positive, "--json", "--risk-free", "0.011"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_NEAR(j["omega_ratio"].get<double>(), 1.125, 1e-8);  // empyrical's published value
  EXPECT_EQ(j["sortino_ratio"], "inf");                      // no downside at all
  const test_util::ProcessResult monthly =
      test_util::RunQtp({"metrics", "--returns", positive, "--json", "--annualization", "12"});
  ASSERT_EQ(monthly.exit_code, 0) << monthly.err;
  EXPECT_LT(nlohmann::json::parse(monthly.out)["annual_return"].get<double>(), j["annual_return"].get<double>());
}

TEST_F(MetricsCli, BadInputIsAClearError) {
  const std::string bad = Write("bad.csv", "date,return\n2000-01-30,0.01\n2000-01-29,0.02\n");
  const test_util::ProcessResult r = test_util::RunQtp({"metrics", "--returns", bad});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(test_util::Contains(r.err, "bad.csv:3: date 2000-01-29 is not after")) << r.err;
  const test_util::ProcessResult absent = test_util::RunQtp({"metrics", "--returns", dir_.path() + "/none.csv"});
  EXPECT_NE(absent.exit_code, 0);
  EXPECT_TRUE(test_util::Contains(absent.err, "none.csv")) << absent.err;
  const std::string good = Write("good.csv", kMixedCsv);
  const test_util::ProcessResult zero = test_util::RunQtp({"metrics", "--returns", good, "--annualization", "0"});
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_TRUE(test_util::Contains(zero.err, "--annualization")) << zero.err;
}

}  // namespace
}  // namespace qtp
