// qtp validate on real data: the shared Alpha Vantage daily set (101 S&P 500 names, 1999-2021) with
// SPY and the sector SPDR ETFs as benchmarks and the S&P 500 change list, through import -> clean ->
// features -> select -> validate with the CLI. Whatever the verdict, the report must state it
// consistently: each gate's value is checked against grid.csv and folds.csv, the benchmarks and the
// stress windows are there, and the universe's survivorship is stated. Skipped when the shared data
// is absent (a user's fresh clone).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "test_util/qtp_project.h"
#include "test_util/shared_data.h"

namespace qtp {
namespace {

namespace fs = std::filesystem;

using test_util::kShared;
const std::string& kDaily = test_util::kSharedAvDaily;
const std::string& kSpy = test_util::kSharedSpy;
const std::string kSectorEtfs = kShared + "/sector_etfs_daily_1998_2022";
const std::string kMembership = kShared + "/sp500_constituents_sectors";  // change list + constituents

TEST(ValidateOnSharedData, TheVerdictAndEveryGateAreStatedConsistently) {
  for (const std::string& path : {kDaily, kSpy, kSectorEtfs, kMembership, test_util::kSharedSectors}) {
    if (!fs::exists(path)) GTEST_SKIP() << "shared data " << path << " is absent";
  }
  test_util::QtpProject p;
  p.RunOk({"init"});
  test_util::WriteFileText(p.DataPath("universe/sp500_constituents.csv"), test_util::SharedUniverseCsv());
  // The S&P 500 change list makes the top-K point in time (members only, from 1996 on).
  for (const std::string& path : {kDaily, kSpy, kSectorEtfs, kMembership}) {
    p.RunOk({"--quiet", "import", "--path", path});
  }
  for (const char* stage : {"clean", "features", "select"}) p.RunOk({"--quiet", stage});
  // Ridge alone keeps the test short (it also runs under the sanitizers); the grid is the default one.
  const test_util::ProcessResult r = p.Run({"validate", "--models", "ridge"});
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 3) << r.out << r.err;
  const size_t at = r.out.find("report: ");
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string dir = r.out.substr(at + 8, r.out.find("/report.md", at) - at - 8);
  const nlohmann::json s = nlohmann::json::parse(test_util::ReadFileText(dir + "/summary.json"), nullptr, false);
  ASSERT_FALSE(s.is_discarded()) << dir;
  EXPECT_EQ(s["passed"].get<bool>(), r.exit_code == 0);
  const std::string report = test_util::ReadFileText(dir + "/report.md");
  EXPECT_TRUE(test_util::Contains(report, r.exit_code == 0 ? "**Verdict: PASS**" : "**Verdict: FAIL**"));

  // The gates against the files: the chosen row of grid.csv, the lowest IC of folds.csv.
  const auto grid = test_util::ParseCsv(test_util::ReadFileText(dir + "/grid.csv"));
  const auto chosen = std::find_if(grid.begin(), grid.end(), [](const auto& row) { return row.back() == "1"; });
  ASSERT_NE(chosen, grid.end());
  EXPECT_EQ((*chosen)[4], "base");
  double lowest_ic = 1;
  for (const auto& row : test_util::ParseCsv(test_util::ReadFileText(dir + "/folds.csv"))) {
    if (row[0] != "fold") lowest_ic = std::min(lowest_ic, std::stod(row[4]));
  }
  const nlohmann::json& gates = s["gates"];
  ASSERT_EQ(gates.size(), 4u);
  EXPECT_NEAR(gates[0]["value"].get<double>(), std::stod((*chosen)[9]), 1e-12) << "held-out Sharpe";
  EXPECT_NEAR(gates[1]["value"].get<double>(), lowest_ic, 1e-12) << "lowest fold IC";
  EXPECT_NEAR(gates[2]["value"].get<double>(), -std::stod((*chosen)[11]), 1e-12) << "held-out drawdown";
  EXPECT_EQ(gates[3]["value"].get<double>(),
            s["overfitting"]["deflated_sharpe_active"]["deflated_sharpe"].get<double>());
  bool all_pass = true;
  for (const auto& g : gates) all_pass = all_pass && g["pass"].get<bool>();
  EXPECT_EQ(all_pass, s["passed"].get<bool>());

  // The benchmarks and the regimes: SPY and the sector ETFs (price returns), the equal-weight
  // universe, and the two stress windows the data covers.
  std::map<std::string, nlohmann::json> regimes;
  for (const auto& row : s["regimes"]) regimes[row["regime"].get<std::string>()] = row;
  ASSERT_TRUE(regimes.count("gfc_2008") && regimes.count("covid_2020") && regimes.count("calm")) << s["regimes"];
  EXPECT_GT(regimes["gfc_2008"]["days"].get<int>(), 100);
  for (const char* b : {"SPY (price return)", "XLK (price return)", "XLF (price return)", "equal-weight universe"}) {
    EXPECT_TRUE(regimes["held out"]["benchmarks"].contains(b)) << b;
  }
  // The held-out year is the last of the universe's data, not of SPY's longer history.
  EXPECT_LT(s["selected"]["holdout"]["last"].get<std::string>(), "2021-12-31");
  EXPECT_GT(s["selected"]["holdout"]["days"].get<int>(), 200);
  EXPECT_GT(s["selected"]["holdout"]["first"].get<std::string>(),
            s["selected"]["development"]["last"].get<std::string>());
  EXPECT_TRUE(test_util::Contains(report, "point-in-time top-K")) << "the report names the universe";
  EXPECT_TRUE(test_util::Contains(report, "index membership is known from 1996"))
      << "and how far survivorship is controlled";
}

}  // namespace
}  // namespace qtp
