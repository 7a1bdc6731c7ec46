// qtp train / predict / models through the binary on a small simulated market: the registry, the
// views with their public column names, the report, live predictions of days added after training
// (idempotent), and clear errors for a bad config or family.
#include <gtest/gtest.h>

#include <filesystem>

#include "test_util/qtp_project.h"

namespace qtp {
namespace {

using test_util::Contains;
using test_util::QtpProject;

// A small, fast configuration: a 120-day first window, monthly folds, small boosters.
constexpr const char* kModelsYaml =
    "walk_forward:\n  min_train_days: 120\n"
    "xgb:\n  rounds: 20\n"
    "lambdamart:\n  rounds: 20\n"
    "permutation_folds: 1\n"
    "plots: false\n";

class ModelsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    p_.RunOk({"init"});
    test_util::WriteFileText(p_.root() + "/config/models.yaml", kModelsYaml);
    p_.Simulate(30, "2021-01-01", "2022-03-31", {"--signal", "0.1"});
    p_.RunOk({"--quiet", "clean"});
    p_.RunOk({"--quiet", "features"});
  }
  QtpProject p_;
};

TEST_F(ModelsCli, TrainPredictAndTheRegistry) {
  const test_util::ProcessResult train = p_.RunOk({"train"});
  EXPECT_TRUE(Contains(train.out, "models by out-of-sample mean daily rank IC")) << train.out;
  EXPECT_TRUE(Contains(train.out, "report: ")) << train.out;
  EXPECT_TRUE(std::filesystem::exists(p_.DataPath("reports/model_eval.md")));
  EXPECT_TRUE(std::filesystem::exists(p_.DataPath("reports/model_eval.json")));

  // The public views and their columns.
  EXPECT_EQ(p_.QueryValue("SELECT count(DISTINCT model_id) FROM predictions"), "6");
  EXPECT_EQ(p_.QueryValue("SELECT count(*) FROM predictions WHERE rank < 1 OR split <> 'walk_forward'"), "0");
  EXPECT_EQ(p_.QueryValue("SELECT count(DISTINCT ticker) FROM predictions"), "30");
  const auto metrics = p_.Query(
      "SELECT model_id, model, fold, split, start, \"end\", ic, rank_ic, n_days FROM model_metrics "
      "WHERE model = 'ridge' AND fold = 0 ORDER BY split");
  ASSERT_EQ(metrics.size(), 3u) << "a train and a test row";
  EXPECT_EQ(metrics[1][3], "test");
  EXPECT_EQ(metrics[2][3], "train");
  // Each day's ranks of a model are DuckDB's rank() of the scores (1 = highest; ties share the best).
  EXPECT_EQ(p_.QueryValue("SELECT count(*) FROM (SELECT \"rank\", rank() OVER (PARTITION BY date, model_id "
                          "ORDER BY score DESC) AS r FROM predictions) WHERE \"rank\" <> r"),
            "0");

  // The registry: list, show, compare.
  const test_util::ProcessResult list = p_.RunOk({"models", "list"});
  for (const char* m : {"ridge", "logistic", "xgb", "lambdamart", "ensemble_rank", "ensemble_ic"}) {
    EXPECT_TRUE(Contains(list.out, std::string(m) + "-h1-")) << m << "\n" << list.out;
  }
  const std::string ridge = p_.QueryValue("SELECT DISTINCT model_id FROM model_metrics WHERE model = 'ridge'");
  const std::string xgb = p_.QueryValue("SELECT DISTINCT model_id FROM model_metrics WHERE model = 'xgb'");
  const test_util::ProcessResult show = p_.RunOk({"models", "show", ridge});
  for (const char* key : {"\"feature_set_hash\"", "\"data_hash\"", "\"code_version\"", "\"penalty\""}) {
    EXPECT_TRUE(Contains(show.out, key)) << key << "\n" << show.out;
  }
  for (const char* file : {"model.json", "config.yaml", "artifact.json", "folds.json"}) {
    EXPECT_TRUE(std::filesystem::exists(p_.DataPath("models/" + ridge + "/" + file))) << file;
  }
  const test_util::ProcessResult compare = p_.RunOk({"models", "compare", ridge, xgb});
  EXPECT_TRUE(Contains(compare.out, "1. ")) << compare.out;
  EXPECT_NE(p_.Run({"models", "show", "nope"}).exit_code, 0);

  // The latest feature day was seen by training: predict reports its walk-forward scores.
  const test_util::ProcessResult latest = p_.RunOk({"predict"});
  EXPECT_TRUE(Contains(latest.out, "0 scored now, 1 walk-forward")) << latest.out;

  // New days after training are scored live, once.
  p_.Simulate(30, "2022-04-01", "2022-04-30", {"--signal", "0.1"});
  p_.RunOk({"--quiet", "clean"});
  p_.RunOk({"--quiet", "features"});
  const test_util::ProcessResult live = p_.RunOk({"predict", "--start", "2022-04-01", "--end", "2022-04-29"});
  EXPECT_TRUE(Contains(live.out, "20 scored now, 0 walk-forward")) << live.out;
  EXPECT_EQ(p_.QueryValue("SELECT count(DISTINCT date) FROM predictions WHERE split = 'live'"), "20");
  EXPECT_EQ(p_.QueryValue("SELECT count(DISTINCT model_id) FROM predictions WHERE split = 'live'"), "6");
  const std::string rows = p_.QueryValue("SELECT count(*) FROM predictions");
  p_.RunOk({"predict", "--start", "2022-04-01", "--end", "2022-04-29"});
  EXPECT_EQ(p_.QueryValue("SELECT count(*) FROM predictions"), rows) << "predicting a day again adds nothing";
}

TEST_F(ModelsCli, BadConfigAndFamilyAreClearErrors) {
  test_util::WriteFileText(p_.root() + "/config/models.yaml", "horizon: 2\n");
  const test_util::ProcessResult bad = p_.Run({"train"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_TRUE(Contains(bad.err, "models.yaml")) << bad.err;
  EXPECT_TRUE(Contains(bad.err, "horizon")) << bad.err;
  test_util::WriteFileText(p_.root() + "/config/models.yaml", kModelsYaml);
  const test_util::ProcessResult family = p_.Run({"train", "--models", "ridge,svm"});
  EXPECT_NE(family.exit_code, 0);
  EXPECT_TRUE(Contains(family.err, "svm")) << family.err;
  const test_util::ProcessResult lonely = p_.Run({"train", "--models", "ridge,ensemble"});
  EXPECT_NE(lonely.exit_code, 0);
  EXPECT_TRUE(Contains(lonely.err, "at least two")) << lonely.err;
  EXPECT_NE(p_.Run({"predict"}).exit_code, 0) << "nothing trained yet";
}

}  // namespace
}  // namespace qtp
