// Strategies on real data, one store for both (it takes a while under the sanitizers): the shared
// Alpha Vantage daily set (101 S&P 500 names, 1999-2021, splits and dividends), SPY from Yahoo and
// the 11 sector SPDRs as benchmarks, the GICS sectors and the S&P 500 change list of the same
// source, through import -> clean -> features -> select with the CLI. Then:
//   - qtp backtest of 12-1 month momentum from features_raw, rebalanced monthly, through the 2008
//     and 2020 stress windows with SPY as the benchmark;
//   - qtp validate of the models: whatever the verdict, the report must state it consistently:
//     each gate's value is checked against grid.csv and folds.csv, the benchmarks and the stress
//     windows are there, and the universe's survivorship is stated;
//   - the same selection over an expanded universe (data/universe/expansion_candidates.csv), then train,
//     predict and the daily job (publish, monitor) on it.
// Skipped when the shared data is absent (a user's fresh clone).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
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

TEST(StrategyOnSharedData, MomentumThroughTheCrisesAndTheModelsValidationVerdict) {
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

  // The momentum backtest.
  const test_util::ProcessResult signal = p.RunOk(
      {"query", "--format", "csv",
       "SELECT date, ticker, mom_12_1 AS score FROM features_raw WHERE ticker <> 'SPY' AND ticker NOT LIKE 'XL%' AND "
       "mom_12_1 IS NOT NULL"});
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

  // An expanded universe: the sector SPDRs listed in data/universe/expansion_candidates.csv become eligible
  // beside the index members, and the same `qtp select` picks the liquid ones from their added day on.
  EXPECT_EQ(p.QueryValue("SELECT count(*) FROM topk_history WHERE ticker LIKE 'XL%'"), "0");
  test_util::WriteFileText(p.DataPath("universe/expansion_candidates.csv"),
                           "ticker,added\nXLB,2010-01-04\nXLE,2010-01-04\nXLF,2010-01-04\nXLI,2010-01-04\n"
                           "XLK,2010-01-04\nXLP,2010-01-04\nXLU,2010-01-04\nXLV,2010-01-04\nXLY,2010-01-04\n");
  p.RunOk({"--quiet", "select"});
  EXPECT_GE(std::stoi(p.QueryValue("SELECT count(DISTINCT ticker) FROM topk_history WHERE ticker LIKE 'XL%'")), 3);
  EXPECT_EQ(p.QueryValue("SELECT count(*) FROM topk_history WHERE ticker LIKE 'XL%' AND date < '2010-01-04'"), "0");

  // The models' validation.
  // Ridge alone and a small grid keep the test short (it also runs under the sanitizers); the
  // default configuration's run on the same data is in docs/validation.md.
  const std::string config = p.root() + "/validation_small.yaml";
  test_util::WriteFileText(config,
                           "plots: false\nsweep:\n  rebalance_days: [\"5\", \"10\"]\n  top_n: [\"10\", \"20\"]\n"
                           "  weighting: [equal]\n  scenarios: [base, pessimistic]\n");
  const test_util::ProcessResult r = p.Run({"validate", "--models", "ridge", "--config", config});
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

  // The pipeline runs unchanged on the expanded universe: a model trained to 2019 and scored since, then
  // the daily job on the data's last day (the bars are imported files: production.source files) through
  // publish and monitor.
  const std::string last_day = p.QueryValue("SELECT max(date) FROM features_raw WHERE ticker = 'AAPL'");
  ASSERT_EQ(last_day, "2021-04-21");
  test_util::WriteFileText(p.root() + "/config/models.yaml", "plots: false\n");
  p.RunOk({"--quiet", "train", "--models", "ridge", "--end", "2019-12-31"});
  p.RunOk({"--quiet", "predict", "--start", "2020-01-02", "--end", "2021-04-20"});
  const std::string default_yaml = p.root() + "/config/default.yaml";
  std::string yaml = test_util::ReadFileText(default_yaml);
  const size_t source = yaml.find("source: auto ");
  ASSERT_NE(source, std::string::npos);
  yaml.replace(source, 13, "source: files");
  test_util::WriteFileText(default_yaml, yaml);
  p.RunOk({"--quiet", "daily", "--as-of", last_day});
  const std::string on_last_day = " WHERE as_of = '" + last_day + "'";
  EXPECT_EQ(p.QueryValue("SELECT count(*) FROM runs" + on_last_day + " AND status = 'succeeded'"), "8");
  EXPECT_GE(std::stoi(p.QueryValue("SELECT count(*) FROM rankings" + on_last_day + " AND ticker LIKE 'XL%'")), 1)
      << "the listed ETFs are ranked beside the index members";
  EXPECT_GE(std::stoi(p.QueryValue("SELECT n_days FROM monitor_decay" + on_last_day)), 60)
      << "the realized rank IC of the live scores, ETFs included";
  EXPECT_GT(std::stoi(p.QueryValue("SELECT count(*) FROM monitor_drift" + on_last_day + " AND kind = 'feature'")), 20);
  EXPECT_EQ(p.QueryValue("SELECT status FROM monitor_checks" + on_last_day + " AND name = 'missing_bar_rate'"), "n/a")
      << "daily-only data has no 5-minute bars to miss";
  EXPECT_EQ(p.QueryValue("SELECT count(*) FROM monitor_checks" + on_last_day + " AND status IN ('warn', 'fail')"), "0");
}

}  // namespace
}  // namespace qtp
