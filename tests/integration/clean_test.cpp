// `qtp clean` end to end on a simulated market with injected faults.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "test_util/qtp_project.h"

namespace qtp {
namespace {

using test_util::QtpProject;

// Ten times the default fault rates, so every kind shows up in a small market.
constexpr const char* kFaultyYaml =
    "simulate:\n"
    "  faults:\n"
    "    missing_bar: 0.002\n"
    "    duplicate: 0.001\n"
    "    out_of_order: 0.0005\n"
    "    bad_print: 0.0005\n"
    "    spike: 0.0005\n";

class CleanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    p_.WriteDefaultConfig(kFaultyYaml);
    p_.Simulate(5, "2022-01-01", "2022-03-31");
    p_.RunOk({"--quiet", "clean"});
  }
  QtpProject p_;
};

// Jan–Mar 2022: 62 NYSE sessions (Jan 17 and Feb 21 closed), no early close.
TEST_F(CleanTest, DailyBarsHaveOneRowPerTickerPerSession) {
  const auto rows = p_.Query(
      "SELECT ticker, count(*), count(DISTINCT date), min(date), max(date) FROM bars_1d "
      "GROUP BY ticker ORDER BY ticker");
  ASSERT_EQ(rows.size(), 6u);
  for (size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][1], "62") << rows[i][0];
    EXPECT_EQ(rows[i][2], "62") << rows[i][0];
    EXPECT_EQ(rows[i][3], "2022-01-03") << rows[i][0];
    EXPECT_EQ(rows[i][4], "2022-03-31") << rows[i][0];
  }
  EXPECT_EQ(p_.QueryValue("SELECT count(*) FROM bars_1d WHERE date IN ('2022-01-17', '2022-02-21')"), "0");
}

// Daily bars aggregate the clean 5-minute bars of their session.
TEST_F(CleanTest, DailyBarsAggregateTheCleanFiveMinuteBars) {
  EXPECT_EQ(p_.QueryValue(
                "WITH agg AS (SELECT ticker, CAST(timezone('America/New_York', ts) AS DATE) AS date, count(*) AS n, "
                "max(high) AS high, min(low) AS low, sum(volume) AS volume, arg_min(open, ts) AS open, "
                "arg_max(close, ts) AS close FROM bars_5m GROUP BY ALL) "
                "SELECT count(*) FROM bars_1d d FULL JOIN agg a USING (ticker, date) "
                "WHERE a.n IS NULL OR d.n_bars IS DISTINCT FROM a.n OR d.high <> a.high OR d.low <> a.low "
                "OR abs(d.volume - a.volume) > 1e-6 * a.volume OR d.open <> a.open OR d.close <> a.close"),
            "0");
}

TEST_F(CleanTest, CleanBarsObeyTheBarRules) {
  EXPECT_NE(p_.QueryValue("SELECT count(*) FROM bars_5m"), "0");
  EXPECT_EQ(p_.QueryValue("SELECT count(*) FROM bars_5m WHERE open <= 0 OR high <= 0 OR low <= 0 OR close <= 0 "
                          "OR high < low OR open < low OR open > high OR close < low OR close > high OR volume < 0"),
            "0");
  EXPECT_EQ(p_.QueryValue("SELECT count(*) - count(DISTINCT (ticker, ts)) FROM bars_5m"), "0");
  // RTH only: at most 78 bars per session, each on the 5-minute grid.
  EXPECT_EQ(p_.QueryValue("SELECT count(*) FROM (SELECT ticker, CAST(timezone('America/New_York', ts) AS DATE), "
                          "count(*) AS n FROM bars_5m GROUP BY ALL) WHERE n > 78"),
            "0");
  // The raw data did hold broken prints (the simulator injected them), so the rules had work to do.
  EXPECT_NE(p_.QueryValue("SELECT count(*) FROM bars_5m_raw WHERE least(open, high, low, close) <= 0"), "0");
}

TEST_F(CleanTest, QualityIssuesAndReportsExist) {
  EXPECT_NE(p_.QueryValue("SELECT count(*) FROM quality_issues WHERE stage = 'clean'"), "0");
  EXPECT_EQ(p_.QueryValue("SELECT count(*) FROM quality_issues WHERE ticker IS NULL OR rule IS NULL"), "0");
  const std::string json_path = p_.DataPath("reports/quality/latest.json");
  const std::string md_path = p_.DataPath("reports/quality/latest.md");
  ASSERT_TRUE(std::filesystem::is_regular_file(json_path));
  ASSERT_TRUE(std::filesystem::is_regular_file(md_path));
  EXPECT_GT(std::filesystem::file_size(md_path), 0u);
  const auto report = nlohmann::json::parse(test_util::ReadFileText(json_path), nullptr, false);
  EXPECT_FALSE(report.is_discarded()) << "latest.json is not JSON";
}

TEST_F(CleanTest, CleaningAgainChangesNothing) {
  const std::string manifest = p_.Manifest();
  p_.RunOk({"--quiet", "clean"});
  EXPECT_TRUE(test_util::SameManifest(p_.Manifest(), manifest));
  const test_util::ProcessResult verify = p_.Run({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

}  // namespace
}  // namespace qtp
