// qtp validate through the binary on simulated markets (docs/validation.md): with no planted signal
// the gates fail and the deflated Sharpe ratio says so although the best configuration of the grid
// looks good in sample; with a strong planted signal every gate passes, reruns are byte-identical,
// and changing the held-out period's data changes no development number and not the choice; with --end before
// the change, nothing at all.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "test_util/qtp_project.h"

namespace qtp {
namespace {

using test_util::Contains;
using test_util::QtpProject;

// The null market needs five years for its best configuration to look good in sample; the strong
// signal shows in a smaller one (each store is built twice in its test, also under the sanitizers).
struct MarketSize {
  int tickers;
  const char* start;
};
constexpr MarketSize kNullMarket{60, "2015-01-01"};
constexpr MarketSize kStrongMarket{40, "2016-01-01"};
constexpr const char* kEnd = "2019-12-31";
// Three families keep the test quick; the ensembles combine ridge and xgb.
const std::vector<std::string> kValidate = {"--quiet", "validate", "--models", "ridge,xgb,ensemble"};

// turnover divides split-adjusted volume by the universe file's current share count, so a split in
// a re-simulated future changes its low bits on earlier days (a data-layer effect, docs/validation.md);
// the models leave it out so the held-out test below sees only what validation itself could leak.
void PrepareStore(const QtpProject& p, const std::string& signal, MarketSize size) {
  p.RunOk({"init"});
  test_util::WriteFileText(p.root() + "/config/models.yaml", "exclude_features: [turnover]\n");
  p.Simulate(size.tickers, size.start, kEnd, {"--signal", signal});
}

void DeriveStages(const QtpProject& p) {
  for (const char* stage : {"clean", "features", "select"}) p.RunOk({"--quiet", stage});
}

// The run folder the summary names ("report: <dir>/report.md").
std::string RunDir(const test_util::ProcessResult& r) {
  const size_t at = r.out.find("report: ");
  if (at == std::string::npos) return "";
  const size_t end = r.out.find("/report.md", at);
  return r.out.substr(at + 8, end - at - 8);
}

std::string File(const test_util::ProcessResult& r, const std::string& name) {
  return test_util::ReadFileText(RunDir(r) + "/" + name);
}

nlohmann::json Summary(const test_util::ProcessResult& r) {
  return nlohmann::json::parse(File(r, "summary.json"), nullptr, false);
}

// The columns of grid.csv: development ones (model .. development_turnover_annual, selected) or held-out ones.
std::string GridColumns(const std::string& csv, bool development) {
  std::string out;
  for (const auto& row : test_util::ParseCsv(csv)) {
    for (size_t c = 0; c < row.size(); ++c) {
      const bool dev_column = c < 9 || c == 13;
      if (dev_column == development) out += row[c] + ",";
    }
    out += "\n";
  }
  return out;
}

std::unique_ptr<QtpProject> Store(const std::string& signal, MarketSize size) {
  auto p = std::make_unique<QtpProject>();
  PrepareStore(*p, signal, size);
  DeriveStages(*p);
  return p;
}

TEST(ValidateCli, WithoutASignalTheGatesFailAndTheDeflatedSharpeSaysSo) {
  const auto store = Store("0", kNullMarket);
  const QtpProject& null = *store;
  test_util::WriteFileText(null.root() + "/config/validation.yaml", "plots: false\n");
  const test_util::ProcessResult r = null.Run(kValidate);
  ASSERT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_TRUE(Contains(r.out, "validate: FAIL (exit code 3)")) << r.out;
  const nlohmann::json s = Summary(r);
  ASSERT_FALSE(s.is_discarded()) << r.out;
  EXPECT_FALSE(s["passed"].get<bool>());
  // The best of 144 configurations looks good on its own development days...
  const nlohmann::json& total = s["overfitting"]["deflated_sharpe_total"];
  EXPECT_GT(s["selected"]["development"]["sharpe_ratio"].get<double>(), 0.3);
  EXPECT_GT(total["probabilistic_sharpe"].get<double>(), 0.8) << "alone it would claim a positive Sharpe ratio";
  // ...but not against the best that luck gives among that many tries, and it has no skill over
  // the benchmark at all.
  EXPECT_LT(total["deflated_sharpe"].get<double>(), 0.5);
  EXPECT_LT(s["overfitting"]["deflated_sharpe_active"]["deflated_sharpe"].get<double>(), 0.05);
  bool deflated_gate_failed = false;
  for (const auto& gate : s["gates"]) {
    if (Contains(gate["gate"].get<std::string>(), "deflated Sharpe")) deflated_gate_failed = !gate["pass"].get<bool>();
  }
  EXPECT_TRUE(deflated_gate_failed);
  EXPECT_EQ(s["configurations_tried"].get<int>(), 4 * 4 * 3 * 3);
  const std::string report = File(r, "report.md");
  EXPECT_TRUE(Contains(report, "**Verdict: FAIL** (exit code 3)")) << report.substr(0, 400);
}

// One test, one store build (a process of its own under ctest, also under the sanitizers).
TEST(ValidateCli, AStrongPlantedSignalPassesAndTheHeldOutPeriodTakesNoPartInAnyChoice) {
  const auto store = Store("0.3", kStrongMarket);
  const QtpProject& strong = *store;
  const test_util::ProcessResult r = strong.Run(kValidate);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string dir = RunDir(r);
  const nlohmann::json s = Summary(r);
  ASSERT_FALSE(s.is_discarded()) << r.out;
  EXPECT_TRUE(s["passed"].get<bool>());
  for (const auto& gate : s["gates"]) EXPECT_TRUE(gate["pass"].get<bool>()) << gate.dump();
  EXPECT_GT(s["selected"]["holdout"]["sharpe_ratio"].get<double>(), 1.0);
  // The planted IC of 0.3 is what the folds measure, and it lives one day: lag 1 only.
  for (const auto& fold : s["folds"]) {
    EXPECT_GT(fold["mean_rank_ic"].get<double>(), 0.2) << fold.dump();
    EXPECT_LT(fold["mean_rank_ic"].get<double>(), 0.4) << fold.dump();
  }
  const nlohmann::json& ridge = s["decay"]["models"]["ridge"];
  EXPECT_GT(ridge["lag_rank_ic"]["1"].get<double>(), 0.2);
  EXPECT_LT(std::fabs(ridge["lag_rank_ic"]["2"].get<double>()), 0.03);
  EXPECT_LT(ridge["half_life_days"].get<double>(), 2.0);

  const std::string& root = dir;
  for (const char* file : {"report.md", "summary.json", "grid.csv", "folds.csv", "decay.csv", "config.yaml",
                           "inputs.json", "plots/equity.png", "plots/fold_ic.png", "plots/sweep_rebalance_top_n.png",
                           "plots/sweep_model_rebalance.png", "plots/sweep_weighting_scenario.png", "plots/decay.png",
                           "plots/rolling_ic.png", "plots/rolling_ic_features.png"}) {
    EXPECT_TRUE(std::filesystem::is_regular_file(root + "/" + file)) << file;
  }
  // 4 models x 4 rebalance periods x 3 top-N x 3 weightings x 3 cost scenarios, and the header.
  EXPECT_EQ(test_util::ParseCsv(test_util::ReadFileText(root + "/grid.csv")).size(), 1u + 4 * 4 * 3 * 3 * 3);

  const auto before = test_util::FilesUnder(root);
  const test_util::ProcessResult again = strong.Run(kValidate);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(RunDir(again), dir) << "same inputs, same run ID";
  EXPECT_TRUE(before == test_util::FilesUnder(root)) << "a rerun must rewrite the same bytes";

  // The held-out period takes no part in any choice: the same market, then its last six months
  // (inside the held-out year) replaced by a different path without any signal, gives the same
  // development numbers, choice and folds. The re-simulation rewrites the universe file; the
  // original is put back.
  QtpProject changed;
  PrepareStore(changed, "0.3", kStrongMarket);
  const std::string universe = "data/universe/sp500_constituents.csv";
  const std::string original = test_util::ReadFileText(changed.root() + "/" + universe);
  changed.Simulate(kStrongMarket.tickers, "2019-07-01", kEnd, {"--signal", "0"});
  test_util::WriteFileText(changed.root() + "/" + universe, original);
  DeriveStages(changed);
  const test_util::ProcessResult other = changed.Run(kValidate);
  ASSERT_TRUE(other.exit_code == 0 || other.exit_code == 3) << other.err;
  const std::string grid = File(other, "grid.csv");
  const std::string base_grid = File(r, "grid.csv");
  EXPECT_EQ(GridColumns(grid, true), GridColumns(base_grid, true))
      << "a development number or the choice moved with the held-out data";
  EXPECT_EQ(File(other, "folds.csv"), File(r, "folds.csv"));
  EXPECT_NE(GridColumns(grid, false), GridColumns(base_grid, false)) << "the held-out data did change";

  // With a cut-off before the change (qtp retrain validates its challenger so), the two markets are one: every
  // table of the two runs is the same to the last digit, the decay's forward returns included.
  std::vector<std::string> cut = kValidate;
  cut.insert(cut.end(), {"--end", "2019-06-28"});
  const test_util::ProcessResult cut_base = strong.Run(cut);
  const test_util::ProcessResult cut_changed = changed.Run(cut);
  ASSERT_TRUE(cut_base.exit_code == 0 || cut_base.exit_code == 3) << cut_base.err;
  ASSERT_TRUE(cut_changed.exit_code == 0 || cut_changed.exit_code == 3) << cut_changed.err;
  EXPECT_EQ(Summary(cut_base)["selected"]["holdout"]["last"], "2019-06-28");
  for (const char* file : {"grid.csv", "folds.csv", "decay.csv"}) {
    EXPECT_EQ(File(cut_changed, file), File(cut_base, file)) << file << " read data after the cut-off";
  }
}

TEST(ValidateCli, ABadConfigIsAClearError) {
  QtpProject p;  // the configuration is checked before anything is read
  p.RunOk({"init"});
  const std::string config = p.root() + "/bad_validation.yaml";
  test_util::WriteFileText(config, "sweep:\n  scenarios: [optimistic, pessimistic]\n");
  const test_util::ProcessResult r = p.Run({"validate", "--config", config});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(Contains(r.err, "scenarios")) << r.err;
  test_util::WriteFileText(config, "holdout_days: 3\n");
  const test_util::ProcessResult small = p.Run({"validate", "--config", config});
  EXPECT_EQ(small.exit_code, 2) << small.err;
  EXPECT_TRUE(Contains(small.err, "holdout_days")) << small.err;
}

}  // namespace
}  // namespace qtp
