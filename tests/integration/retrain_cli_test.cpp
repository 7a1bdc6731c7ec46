// qtp retrain / models promote / models rollback through the binary on a small simulated market: nothing due
// is a logged skip; a forced retrain registers a challenger without touching the champion and logs both model
// ids; promote makes it what `qtp predict` uses; rollback restores the champion before it; with the model
// gates passed, qtp validate's gates on the data to the as-of (retrain.strategy_gates) reject or pass it.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "test_util/qtp_project.h"

namespace qtp {
namespace {

using test_util::Contains;
using test_util::QtpProject;
using test_util::ReadFileText;

// Two cheap families and their ensemble; a 120-day first window and monthly folds.
constexpr const char* kRetrainModelsYaml =
    "families: [ridge, logistic, ensemble]\n"
    "ensemble_members: [ridge, logistic]\n"
    "walk_forward:\n  min_train_days: 120\n"
    "permutation_folds: 1\n"
    "plots: false\n";
// Only --force makes a retrain due; a challenger waits for `qtp models promote`.
constexpr const char* kRetrainMonitoringYaml = "retrain:\n  schedule: never\n  auto_promote: false\n";

TEST(RetrainCli, SkipChallengerPromoteAndRollback) {
  QtpProject p;
  p.RunOk({"init"});
  test_util::WriteFileText(p.root() + "/config/models.yaml", kRetrainModelsYaml);
  test_util::WriteFileText(p.root() + "/config/monitoring.yaml", kRetrainMonitoringYaml);
  p.Simulate(30, "2020-07-01", "2022-06-30", {"--signal", "0.1"});
  p.RunOk({"--quiet", "clean"});
  p.RunOk({"--quiet", "features"});
  p.RunOk({"--quiet", "select"});
  p.RunOk({"--quiet", "train", "--end", "2022-03-31"});
  const std::string current_path = p.DataPath("models/current.json");
  const std::string champion = ReadFileText(current_path);
  const std::string champion_ridge = p.QueryValue("SELECT DISTINCT model_id FROM model_metrics WHERE model = 'ridge'");
  ASSERT_TRUE(Contains(champion, champion_ridge)) << champion;

  // Nothing due: a skip, logged, exit 0.
  const test_util::ProcessResult skip = p.RunOk({"retrain"});
  EXPECT_TRUE(Contains(skip.out, "decision skip (as-of 2022-06-30)")) << skip.out;
  EXPECT_EQ(p.QueryValue("SELECT count(*) FROM model_decisions WHERE decision = 'skip' AND schedule = 'never' "
                         "AND forced = 0 AND schedule_due = 0"),
            "1");
  EXPECT_EQ(ReadFileText(current_path), champion);

  // Forced: a challenger on the data to the as-of, compared with the champion, the champion unchanged.
  const test_util::ProcessResult forced = p.RunOk({"retrain", "--force"});
  EXPECT_TRUE(Contains(forced.out, "decision challenger")) << forced.out;
  EXPECT_EQ(ReadFileText(current_path), champion) << "auto_promote is off";
  const auto verdict = p.Query(
      "SELECT decision, champion_id, challenger_id, compare_days, champion_rank_ic IS NOT NULL, "
      "strftime(compare_first, '%Y-%m-%d') > '2022-03-31', failed_gate, min_fold_ic FROM model_decisions "
      "WHERE decision IN ('hold', 'reject', 'promote')");
  ASSERT_EQ(verdict.size(), 2u) << forced.out;
  const std::vector<std::string>& row = verdict[1];
  EXPECT_TRUE(row[0] == "hold" || row[0] == "reject") << row[0];
  // The champion's primary (production.model auto: its best) against the challenger's model of that name.
  const std::string compared = row[1];
  ASSERT_TRUE(Contains(champion, "\"" + compared + "\"")) << compared << " is not a champion model: " << champion;
  const std::string challenger = row[2];
  const std::string family = compared.substr(0, compared.find("-h1-") + 4);
  EXPECT_EQ(challenger.rfind(family, 0), 0u) << challenger << " vs " << compared;
  EXPECT_NE(challenger, compared);
  EXPECT_GE(std::stoi(row[3]), 20) << "about three months of common out-of-sample days";
  EXPECT_EQ(row[4], "true");
  EXPECT_EQ(row[5], "true") << "only days after the champion's data are compared";
  EXPECT_EQ(row[0] == "hold", row[6].empty()) << row[6];
  EXPECT_EQ(row[7], "0.02");
  const std::string listed =
      "SELECT count(*) FROM model_decisions WHERE decision = 'challenger' AND forced = 1 AND "
      "challenger_models LIKE '%" +
      challenger + "%'";
  EXPECT_EQ(p.QueryValue(listed), "1");
  EXPECT_TRUE(std::filesystem::exists(p.DataPath("models/" + challenger + "/model.json")));
  EXPECT_TRUE(Contains(p.RunOk({"models", "list"}).out, challenger));

  // Promote: the challenger set is the champion, and predict uses it.
  const test_util::ProcessResult promoted = p.RunOk({"models", "promote", challenger});
  EXPECT_TRUE(Contains(promoted.out, "decision manual_promote")) << promoted.out;
  const std::string after = ReadFileText(current_path);
  EXPECT_TRUE(Contains(after, challenger)) << after;
  EXPECT_FALSE(Contains(after, champion_ridge)) << after;
  EXPECT_TRUE(Contains(p.RunOk({"predict"}).out, challenger));

  // Rollback: the champion before it, once; then nothing is left to roll back.
  const test_util::ProcessResult rolled = p.RunOk({"models", "rollback"});
  EXPECT_TRUE(Contains(rolled.out, "decision rollback")) << rolled.out;
  EXPECT_EQ(ReadFileText(current_path), champion);
  EXPECT_TRUE(Contains(p.RunOk({"predict"}).out, champion_ridge));
  const test_util::ProcessResult nothing = p.Run({"models", "rollback"});
  EXPECT_NE(nothing.exit_code, 0);
  EXPECT_TRUE(Contains(nothing.err, "nothing to roll back")) << nothing.err;
  const test_util::ProcessResult unknown = p.Run({"models", "promote", "nope"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_TRUE(Contains(unknown.err, "nope")) << unknown.err;
  EXPECT_EQ(p.QueryValue("SELECT count(*) FROM model_decisions"), "5")
      << "skip, challenger, its verdict, the promotion and the rollback";

  // The strategy gates: with the model gates made lenient, qtp validate's gates on the data to the as-of
  // decide. A held-out drawdown of at most 0% is out of reach: rejected at gate strategy, the champion unchanged.
  test_util::WriteFileText(p.root() + "/config/monitoring.yaml",
                           std::string(kRetrainMonitoringYaml) + "  min_rank_ic_improvement: -1.0\n");
  const std::string validation_yaml =
      "holdout_days: 20\nfold_days: 40\nplots: false\npbo_blocks: 4\n"
      "sweep:\n  rebalance_days: [\"1\"]\n  top_n: [\"10\"]\n  weighting: [equal]\n  scenarios: [base]\n"
      "gates:\n  min_fold_ic: -1.0\n  min_holdout_sharpe: -10.0\n  min_deflated_sharpe: 0.0\n";
  test_util::WriteFileText(p.root() + "/config/validation.yaml", validation_yaml + "  max_drawdown: 0.0\n");
  const std::string strategy_sql =
      "SELECT decision, failed_gate, run_id, reason FROM model_decisions WHERE decision IN ('hold', 'reject') "
      "ORDER BY decided_at DESC LIMIT 1";
  p.RunOk({"--quiet", "retrain", "--force"});
  const auto rejected = p.Query(strategy_sql);
  ASSERT_EQ(rejected.size(), 2u);
  EXPECT_EQ(rejected[1][0], "reject");
  EXPECT_EQ(rejected[1][1], "strategy") << rejected[1][3];
  EXPECT_TRUE(Contains(rejected[1][3], "failed held-out max drawdown after base costs")) << rejected[1][3];
  EXPECT_TRUE(std::filesystem::exists(p.DataPath("reports/validation/" + rejected[1][2] + "/report.md")));
  EXPECT_EQ(ReadFileText(current_path), champion);
  // Reachable gates: every gate passes and the challenger waits for a promotion (auto_promote is off). The
  // validation saw no day after the as-of: its held-out period ends on it.
  test_util::WriteFileText(p.root() + "/config/validation.yaml", validation_yaml + "  max_drawdown: 1.0\n");
  p.RunOk({"--quiet", "retrain", "--force", "--as-of", "2022-05-31"});
  const auto held = p.Query(strategy_sql);
  ASSERT_EQ(held.size(), 2u);
  EXPECT_EQ(held[1][0], "hold") << held[1][3];
  EXPECT_TRUE(Contains(held[1][3], "qtp validate's gates on the data to 2022-05-31: all passed")) << held[1][3];
  const std::string summary = ReadFileText(p.DataPath("reports/validation/" + held[1][2] + "/summary.json"));
  EXPECT_TRUE(Contains(summary, "\"last\": \"2022-05-31\"")) << summary.substr(0, 600);
  EXPECT_EQ(ReadFileText(current_path), champion);
  // The same as-of again, due by the schedule but not forced (a retried daily job's retrain): its verdict for
  // this champion stands, nothing is trained or recorded.
  test_util::WriteFileText(p.root() + "/config/monitoring.yaml",
                           "retrain:\n  schedule: monthly\n  auto_promote: false\n  min_rank_ic_improvement: -1.0\n");
  const std::string decisions_before = p.QueryValue("SELECT count(*) FROM model_decisions");
  const test_util::ProcessResult again = p.RunOk({"retrain", "--as-of", "2022-05-31"});
  EXPECT_TRUE(Contains(again.out, "already has a verdict for the champion (hold)")) << again.out;
  EXPECT_EQ(p.QueryValue("SELECT count(*) FROM model_decisions"), decisions_before);
  // With retrain.auto_promote on, the same passing challenger becomes the champion at once.
  test_util::WriteFileText(p.root() + "/config/monitoring.yaml",
                           "retrain:\n  schedule: never\n  min_rank_ic_improvement: -1.0\n");
  p.RunOk({"--quiet", "retrain", "--force", "--as-of", "2022-05-31"});
  const auto promoted_row =
      p.Query("SELECT decision, failed_gate, challenger_models FROM model_decisions ORDER BY decided_at DESC LIMIT 1");
  ASSERT_EQ(promoted_row.size(), 2u);
  EXPECT_EQ(promoted_row[1][0], "promote");
  EXPECT_EQ(promoted_row[1][1], "");
  const std::string now_current = ReadFileText(current_path);
  EXPECT_NE(now_current, champion);
  std::stringstream challengers(promoted_row[1][2]);
  for (std::string id; std::getline(challengers, id, ',');) EXPECT_TRUE(Contains(now_current, id)) << id;
}

}  // namespace
}  // namespace qtp
