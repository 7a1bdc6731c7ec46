// qtp costs and qtp backtest through the binary on a small simulated market: the outputs and views
// with their public column names, the accounting read back from the files, byte-identical reruns,
// the default signal (the current model's predictions) and clear errors for bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "test_util/qtp_project.h"

namespace qtp {
namespace {

using test_util::Contains;
using test_util::QtpProject;

class BacktestCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    p_ = new QtpProject();
    p_->RunOk({"init"});
    test_util::WriteFileText(p_->root() + "/config/execution.yaml", "backtest:\n  top_n: 5\n  plots: false\n");
    p_->Simulate(30, "2021-01-01", "2022-06-30", {"--signal", "0.1"});
    p_->RunOk({"--quiet", "clean"});
    p_->RunOk({"--quiet", "features"});
    p_->RunOk({"--quiet", "select"});
    // The planted signal as a signal file: date, ticker, score.
    const test_util::ProcessResult csv = p_->RunOk(
        {"query", "--format", "csv", "SELECT date, ticker, sim_signal AS score FROM features_raw ORDER BY 1, 2"});
    test_util::WriteFileText(SignalFile(), csv.out);
  }
  static void TearDownTestSuite() { delete p_; }
  static std::string SignalFile() { return p_->root() + "/signal.csv"; }
  static double Number(const std::string& sql) { return std::stod(p_->QueryValue(sql)); }
  static QtpProject* p_;
};
QtpProject* BacktestCli::p_ = nullptr;

TEST_F(BacktestCli, CostsWritesEstimatesForEveryNameDay) {
  const test_util::ProcessResult costs = p_->RunOk({"costs"});
  EXPECT_TRUE(Contains(costs.out, "bucket 5")) << costs.out;
  EXPECT_EQ(p_->QueryValue("SELECT count(*) FROM cost_estimates"), p_->QueryValue("SELECT count(*) FROM features_raw"));
  EXPECT_EQ(p_->QueryValue("SELECT max(liquidity_bucket) FROM cost_estimates"), "5");
  // The base round trip of the $5000 reference order: 2 x 2 bps floor + 2 x max($0.35, shares x $0.0037)
  // + the sell's SEC and TAF fees + 2 x the Amihud impact, for every tradable row.
  EXPECT_EQ(p_->QueryValue("SELECT count(*) FROM cost_estimates WHERE tradable = 1 AND abs(round_trip_bps_base - "
                           "(2 * half_spread_bps + 2 * impact_bps + 2 * commission_bps + fees_bps)) > 1e-9"),
            "0");
  EXPECT_EQ(p_->QueryValue("SELECT count(*) FROM cost_estimates WHERE tradable = 1 AND abs(commission_bps - "
                           "1e4 * greatest(0.35, 5000 / close * 0.0037) / 5000) > 1e-9"),
            "0");
  EXPECT_TRUE(std::filesystem::exists(p_->DataPath("reports/costs.md")));
}

TEST_F(BacktestCli, BacktestWritesItsRunFolderAndViewsAndTheBooksBalance) {
  // A folder a crashed run left behind is removed by the next run, and no view ever reads it.
  const std::string crashed = p_->DataPath("backtests/.staging-backtest-000000000000-1");
  test_util::WriteFileText(crashed + "/runs.parquet", "half a file");
  EXPECT_EQ(p_->QueryValue("SELECT count(*) FROM backtest_runs"), "0");
  const test_util::ProcessResult run = p_->RunOk({"backtest", "--signal", SignalFile()});
  EXPECT_FALSE(std::filesystem::exists(crashed));
  for (const char* scenario : {"optimistic", "base", "pessimistic"}) {
    EXPECT_TRUE(Contains(run.out, scenario)) << run.out;
  }
  const std::string run_id = p_->QueryValue("SELECT DISTINCT run_id FROM backtest_runs");
  const std::string dir = p_->DataPath("backtests/" + run_id);
  for (const char* file : {"config.yaml", "inputs.json", "metrics.json", "report.md", "runs.parquet", "returns.parquet",
                           "trades.parquet", "positions.parquet"}) {
    EXPECT_TRUE(std::filesystem::exists(dir + "/" + file)) << file;
  }
  EXPECT_EQ(p_->QueryValue("SELECT count(*) FROM backtest_runs"), "3");
  // cash + positions = equity on every day; the trades' costs are the days' costs; gross - costs = net.
  EXPECT_LT(Number("SELECT max(abs(cash + positions_value - equity)) FROM backtest_returns"), 1e-6);
  EXPECT_LT(Number("SELECT max(abs(t.c - r.c)) FROM (SELECT scenario, sum(total_cost) c FROM trades GROUP BY 1) t "
                   "JOIN (SELECT scenario, sum(costs) c FROM backtest_returns GROUP BY 1) r USING (scenario)"),
            1e-6);
  EXPECT_LT(Number("SELECT max(abs(g - c - (last_e - first_e))) FROM (SELECT scenario, sum(gross_pnl) g, "
                   "sum(costs) c, arg_max(equity, date) last_e, arg_min(equity, date) first_e FROM backtest_returns "
                   "GROUP BY 1)"),
            1e-4);
  EXPECT_LT(Number("SELECT min(cash) FROM backtest_returns"), 1e9);
  EXPECT_GE(Number("SELECT min(cash) FROM backtest_returns"), 0.0);
  // A signal dated t is filled at t+1 or later.
  EXPECT_EQ(p_->QueryValue("SELECT count(*) FROM trades WHERE date <= signal_date"), "0");
  EXPECT_GT(Number("SELECT count(*) FROM trades"), 100.0);
  // The positions at each re-forming close add up to equity - cash.
  EXPECT_LT(Number("SELECT max(abs(p.v - (r.equity - r.cash))) FROM (SELECT scenario, date, sum(value) v FROM "
                   "backtest_positions GROUP BY 1, 2) p JOIN backtest_returns r USING (scenario, date)"),
            1e-6);
  // The costlier the scenario, the lower the final equity.
  EXPECT_GT(Number("SELECT final_equity FROM backtest_runs WHERE scenario = 'optimistic'"),
            Number("SELECT final_equity FROM backtest_runs WHERE scenario = 'pessimistic'"));
  // The planted signal (IC 0.1) shows: in the rank IC and, before costs, in the book.
  const nlohmann::json metrics_json = nlohmann::json::parse(test_util::ReadFileText(dir + "/metrics.json"));
  EXPECT_GT(metrics_json.at("pre_cost_rank_ic").get<double>(), 0.05);
  EXPECT_GT(metrics_json.at("scenarios").at("base").at("metrics").at("gross_sharpe_ratio").get<double>(), 0.3);

  // qtp metrics on the stored net returns reproduces the run's Sharpe ratio.
  const test_util::ProcessResult returns =
      p_->RunOk({"query", "--format", "csv",
                 "SELECT date, net_return AS return FROM backtest_returns WHERE scenario = 'base' AND date > (SELECT "
                 "min(date) FROM backtest_returns) ORDER BY date"});
  test_util::WriteFileText(p_->root() + "/base.csv", returns.out);
  const test_util::ProcessResult metrics = p_->RunOk({"metrics", "--returns", p_->root() + "/base.csv", "--json"});
  const double sharpe = nlohmann::json::parse(metrics.out).at("sharpe_ratio").get<double>();
  EXPECT_NEAR(sharpe, Number("SELECT sharpe_ratio FROM backtest_runs WHERE scenario = 'base'"), 1e-9);

  // The same signal, store and config again: the same run folder, byte for byte.
  const auto before = test_util::FilesUnder(dir);
  p_->RunOk({"backtest", "--signal", SignalFile()});
  EXPECT_EQ(test_util::FilesUnder(dir), before);
  // Another configuration is another run.
  p_->RunOk({"backtest", "--signal", SignalFile(), "--scenario", "base", "--set", "backtest.horizon=3"});
  EXPECT_EQ(p_->QueryValue("SELECT count(DISTINCT run_id) FROM backtest_runs"), "2");
}

// The whole chain (the loader's buckets, trailing volatility and benchmark, then the engine) uses
// nothing after a day: a run that ends there matches the full run on every day up to it, to the bit.
TEST_F(BacktestCli, NoDayDependsOnLaterData) {
  // The run ID a summary names ("  run backtest-<12 hex>: ...").
  auto run_id = [](const test_util::ProcessResult& r) {
    const size_t at = r.out.find("run backtest-");
    return at == std::string::npos ? std::string() : r.out.substr(at + 4, 21);
  };
  const std::string full = run_id(p_->RunOk({"backtest", "--signal", SignalFile(), "--scenario", "base"}));
  const std::string cut =
      run_id(p_->RunOk({"backtest", "--signal", SignalFile(), "--scenario", "base", "--end", "2022-03-31"}));
  ASSERT_FALSE(full.empty());
  ASSERT_NE(full, cut);
  const std::string pairs =
      "SELECT count(*) FROM backtest_returns a JOIN backtest_returns b USING (date) WHERE a.run_id = '" + cut +
      "' AND b.run_id = '" + full + "' AND ";
  EXPECT_EQ(p_->QueryValue(pairs + "true"),
            p_->QueryValue("SELECT count(*) FROM backtest_returns WHERE run_id = '" + cut + "'"));
  EXPECT_EQ(p_->QueryValue(pairs + "(a.equity <> b.equity OR a.costs <> b.costs OR a.cash <> b.cash OR "
                                   "a.benchmark_return IS DISTINCT FROM b.benchmark_return)"),
            "0");
  EXPECT_GT(std::stoi(p_->QueryValue(pairs + "a.traded_usd > 0")), 50);
  EXPECT_GT(std::stoi(p_->QueryValue("SELECT count(*) FROM backtest_returns WHERE run_id = '" + full +
                                     "' AND date > '2022-03-31'")),
            50);
}

TEST_F(BacktestCli, BadInputGetsAClearError) {
  struct Case {
    std::vector<std::string> args;
    const char* message;
  };
  const std::string ticker = p_->QueryValue("SELECT min(ticker) FROM features_raw");
  test_util::WriteFileText(p_->root() + "/no_score.csv", "date,ticker,value\n2021-06-01," + ticker + ",1\n");
  test_util::WriteFileText(p_->root() + "/twice.csv", "date,ticker,score\n2021-06-01," + ticker + ",1\n2021-06-01," +
                                                          ticker + ",2\n2021-06-02," + ticker + ",2\n");
  const Case cases[] = {
      {{"backtest", "--signal", SignalFile(), "--scenario", "worst"}, "expected optimistic, base, pessimistic or all"},
      {{"backtest", "--signal", SignalFile(), "--set", "backtest.top_n=0"}, "top_n"},
      {{"backtest", "--signal", SignalFile(), "--set", "backtest.nope=1"}, "nope"},
      {{"backtest", "--signal", SignalFile(), "--set", "top_n"}, "expected key=value"},
      {{"backtest", "--signal", p_->root() + "/missing.csv"}, "no such file"},
      {{"backtest", "--signal", p_->root() + "/no_score.csv"}, "columns date, ticker, score"},
      {{"backtest", "--signal", p_->root() + "/twice.csv"}, "two rows"},
      {{"backtest"}, "qtp train"},
  };
  for (const Case& c : cases) {
    const test_util::ProcessResult r = p_->Run(c.args);
    EXPECT_NE(r.exit_code, 0) << c.args.back();
    EXPECT_TRUE(Contains(r.err, c.message)) << c.args.back() << "\n" << r.err;
  }
}

}  // namespace
}  // namespace qtp
