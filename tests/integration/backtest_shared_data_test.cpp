// A backtest on real data that covers two of the default stress windows: the shared Alpha Vantage
// daily set (101 S&P 500 names, 1999-2021, splits and dividends) with SPY from Yahoo as the
// benchmark and the GICS sectors of the same source, through import -> clean -> features ->
// select -> backtest with the CLI. The signal is 12-1 month momentum from features_raw, rebalanced
// monthly. Skipped when the shared data is absent (a user's fresh clone).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "test_util/qtp_project.h"
#include "test_util/shared_data.h"

namespace qtp {
namespace {

namespace fs = std::filesystem;

const std::string& kDaily = test_util::kSharedAvDaily;
const std::string& kSpy = test_util::kSharedSpy;
const std::string kSectors = test_util::kSharedSectors;

TEST(BacktestOnSharedData, MomentumThroughTheCrisesWithSpyAsBenchmark) {
  for (const std::string& path : {kDaily, kSpy, kSectors}) {
    if (!fs::exists(path)) GTEST_SKIP() << "shared data " << path << " is absent";
  }
  test_util::QtpProject p;
  p.RunOk({"init"});
  test_util::WriteFileText(p.DataPath("universe/sp500_constituents.csv"), test_util::SharedUniverseCsv());
  p.RunOk({"--quiet", "import", "--path", kDaily});
  p.RunOk({"--quiet", "import", "--path", kSpy});
  p.RunOk({"--quiet", "clean"});
  p.RunOk({"--quiet", "features"});
  p.RunOk({"--quiet", "select"});
  const test_util::ProcessResult signal = p.RunOk(
      {"query", "--format", "csv",
       "SELECT date, ticker, mom_12_1 AS score FROM features_raw WHERE ticker <> 'SPY' AND mom_12_1 IS NOT NULL"});
  test_util::WriteFileText(p.root() + "/momentum.csv", signal.out);
  const test_util::ProcessResult run =
      p.RunOk({"backtest", "--signal", p.root() + "/momentum.csv", "--set", "backtest.horizon=21", "--set",
               "backtest.horizon_mode=every_h", "--set", "backtest.plots=false"});
  EXPECT_TRUE(test_util::Contains(run.out, "benchmark SPY")) << run.out;

  const std::string run_id = p.QueryValue("SELECT DISTINCT run_id FROM backtest_runs");
  const nlohmann::json metrics =
      nlohmann::json::parse(test_util::ReadFileText(p.DataPath("backtests/" + run_id + "/metrics.json")));
  const nlohmann::json& base = metrics.at("scenarios").at("base");
  std::map<std::string, nlohmann::json> windows;
  for (const auto& w : base.at("stress_windows")) windows[w.at("name").get<std::string>()] = w;
  EXPECT_EQ(windows.at("gfc_2008").at("coverage"), "full");
  EXPECT_EQ(windows.at("covid_2020").at("coverage"), "full");
  EXPECT_EQ(windows.at("bear_2022").at("coverage"), "none");
  EXPECT_EQ(windows.at("gfc_2008").at("days"), 146);  // NYSE sessions from 2008-09-02 to 2009-03-31
  // The benchmark's return over a window, computed separately from SPY's stored closes (the Yahoo
  // file holds no dividends, so the total return is the price return).
  const double spy = std::stod(p.QueryValue(
      "SELECT arg_max(close, date) / (SELECT arg_max(close, date) FROM bars_1d WHERE ticker = 'SPY' AND date < "
      "'2008-09-01') - 1 FROM bars_1d WHERE ticker = 'SPY' AND date <= '2009-03-31'"));
  EXPECT_NEAR(windows.at("gfc_2008").at("benchmark_return").get<double>(), spy, 1e-9);
  // Sectors come from the universe file, and the sector cap holds at every re-forming close (a day's
  // moves after the fills allowed for).
  EXPECT_GE(base.at("mean_sector_exposure").size(), 9u);
  EXPECT_LT(std::stod(p.QueryValue("SELECT max(w) FROM (SELECT b.date, u.sector, sum(b.weight) w FROM "
                                   "backtest_positions b JOIN universe u USING (ticker) WHERE b.scenario = 'base' "
                                   "GROUP BY ALL)")),
            0.30 * 1.15);
  // The books balance on real data too (the run checks it; the files say the same).
  EXPECT_LT(std::stod(p.QueryValue("SELECT max(abs(cash + positions_value - equity)) FROM backtest_returns")), 1e-6);
  EXPECT_GT(base.at("metrics").at("fills").get<double>(), 1000);
  EXPECT_GT(base.at("metrics").at("vwap_fallbacks").get<double>(), 0) << "daily-only data fills at the open";
}

}  // namespace
}  // namespace qtp
