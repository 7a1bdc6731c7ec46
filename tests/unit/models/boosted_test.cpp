// XGBoost and LambdaMART through the C API: a planted signal is learned out of sample, fits are
// bit-reproducible, the first fit's histogram bins serve later fits, a warm-started fit adds a
// stage on top of the model, ranking labels are checked, and the artifact round trip predicts the
// same bits.
#include "qtp/models/boosted.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "learner_test_util.h"

namespace qtp::models {
namespace {

using testing::Panel;

// 40 days x 100 rows x 5 features; label = x0 + N(0, 1).
const Panel& Market() {
  static const Panel panel = testing::SimulatedPanel(40, 100, 5, 1.0, 2024);
  return panel;
}

// Each day's labels replaced by their quintile within the day (0..4): ranking relevance grades.
Panel Graded(const Panel& p) {
  Panel g = p;
  size_t begin = 0;
  for (const uint32_t size : g.group_sizes) {
    const std::vector<double> day(p.label.begin() + static_cast<long>(begin),
                                  p.label.begin() + static_cast<long>(begin + size));
    const std::vector<double> ranks = test_util::AverageRanks(day);
    for (size_t i = 0; i < size; ++i) g.label[begin + i] = std::floor(5 * (ranks[i] - 1) / size);
    begin += size;
  }
  return g;
}

BoostSettings Small(const std::string& objective) {
  return BoostSettings{.objective = objective,
                       .rounds = 40,
                       .max_depth = 3,
                       .learning_rate = 0.1,
                       .min_child_weight = objective == "reg:squarederror" ? 5.0 : 0.01};
}

std::vector<double> Predictions(const Learner& learner, const DesignView& rows) {
  std::vector<double> scores(rows.rows());
  const Status predicted = learner.Predict(rows, scores);
  EXPECT_TRUE(predicted.ok()) << predicted.ToString();
  return scores;
}

// With label = x0 + N(0, 1), the best score (x0) has a daily Spearman IC of (6/pi) asin(1/(2 sqrt 2))
// ~= 0.68; its standard error over 10 days of 100 rows is ~0.02. A tree ensemble approximates x0
// by steps, so the bar is set well below the ideal yet far (> 15 standard errors) above 0.
constexpr double kLearnedIc = 0.4;

// One thread keeps the suite fast on a loaded machine (OpenMP barriers spin when cores are
// shared); the determinism test uses two, the production setting.
constexpr int kThreads = 1;

TEST(BoostedTest, XgbLearnsAPlantedSignalOutOfSample) {
  BoostedLearner learner(Family::kXgb, Small("reg:squarederror"), 42, kThreads);
  const Status fitted = learner.Fit(Market().Days(0, 30), DesignView{});
  ASSERT_TRUE(fitted.ok()) << fitted.ToString();
  const DesignView test = Market().Days(30, 40);
  EXPECT_GT(testing::PlainMeanDailyRankIc(test, Predictions(learner, test)), kLearnedIc);

  const std::vector<double> importance = learner.Importance();
  ASSERT_EQ(importance.size(), 5u);
  EXPECT_EQ(std::max_element(importance.begin(), importance.end()) - importance.begin(), 0);
  for (const double v : importance) EXPECT_GE(v, 0);
  EXPECT_EQ(learner.Describe()["boosted_rounds"], 40);
}

TEST(BoostedTest, LambdaMartLearnsFromDailyGroups) {
  const Panel graded = Graded(Market());
  for (const char* objective : {"rank:ndcg", "rank:pairwise"}) {
    BoostedLearner learner(Family::kLambdaMart, Small(objective), 42, kThreads);
    const Status fitted = learner.Fit(graded.Days(0, 30), DesignView{});
    ASSERT_TRUE(fitted.ok()) << objective << ": " << fitted.ToString();
    // Scored against the raw labels of the held-out days, as the walk-forward does.
    const DesignView test = Market().Days(30, 40);
    EXPECT_GT(testing::PlainMeanDailyRankIc(test, Predictions(learner, test)), kLearnedIc) << objective;
    const std::vector<double> importance = learner.Importance();
    EXPECT_EQ(std::max_element(importance.begin(), importance.end()) - importance.begin(), 0) << objective;
  }
}

TEST(BoostedTest, RankingLabelsMustBeNonNegativeIntegers) {
  for (const double bad : {1.5, -1.0, std::nan("")}) {
    Panel graded = Graded(Market());
    graded.label[7] = bad;
    BoostedLearner learner(Family::kLambdaMart, Small("rank:ndcg"), 42, kThreads);
    EXPECT_EQ(learner.Fit(graded.Days(0, 5), DesignView{}).code(), StatusCode::kInvalidArgument) << bad;
  }
  BoostedLearner wrong_objective(Family::kLambdaMart, Small("reg:squarederror"), 42, kThreads);
  EXPECT_FALSE(wrong_objective.Fit(Graded(Market()).Days(0, 5), DesignView{}).ok());
}

TEST(BoostedTest, SameSeedAndThreadsGiveTheSameBits) {
  // Two learners through the same two folds (the second bins against the first's cuts), on two
  // threads. The default subsample and colsample_bytree (0.8) make the seed matter. Few rounds:
  // two-thread XGBoost is slow on a loaded machine and determinism needs no more.
  const BoostSettings settings{.rounds = 8, .max_depth = 3, .min_child_weight = 5};
  const DesignView test = Market().Days(30, 40);
  std::vector<std::vector<double>> first_fold;
  std::vector<std::vector<double>> second_fold;
  for (int run = 0; run < 2; ++run) {
    BoostedLearner learner(Family::kXgb, settings, 7, 2);
    ASSERT_TRUE(learner.Fit(Market().Days(0, 10), DesignView{}).ok());
    first_fold.push_back(Predictions(learner, test));
    ASSERT_TRUE(learner.Fit(Market().Days(0, 20), DesignView{}).ok());
    second_fold.push_back(Predictions(learner, test));
  }
  EXPECT_EQ(first_fold[0], first_fold[1]);
  EXPECT_EQ(second_fold[0], second_fold[1]);
  EXPECT_NE(first_fold[0], second_fold[0]);
  BoostedLearner other_seed(Family::kXgb, settings, 8, 2);
  ASSERT_TRUE(other_seed.Fit(Market().Days(0, 10), DesignView{}).ok());
  EXPECT_NE(Predictions(other_seed, test), first_fold[0]);
}

TEST(BoostedTest, LaterFitsUseTheFirstFitsBins) {
  // From day 10 on the features are 3x wider, so cuts sketched on days 0-9 differ from cuts
  // sketched on days 0-29. A learner that first fitted days 0-9 must grow different trees on
  // days 0-29 than a fresh learner sketching those rows itself.
  const Panel shifted = testing::SimulatedPanel(30, 100, 5, 1.0, 99, 10);
  const BoostSettings settings{.rounds = 20,
                               .max_depth = 3,
                               .subsample = 1,
                               .colsample_bytree = 1,
                               .min_child_weight = 5,
                               .warm_start_rounds = 0};
  BoostedLearner seasoned(Family::kXgb, settings, 42, kThreads);
  ASSERT_TRUE(seasoned.Fit(shifted.Days(0, 10), DesignView{}).ok());
  ASSERT_TRUE(seasoned.Fit(shifted.All(), DesignView{}).ok());
  BoostedLearner fresh(Family::kXgb, settings, 42, kThreads);
  ASSERT_TRUE(fresh.Fit(shifted.All(), DesignView{}).ok());
  EXPECT_NE(Predictions(seasoned, shifted.All()), Predictions(fresh, shifted.All()));
  // Refitting the first fit's rows reproduces a fresh fit on them (same rows, same cuts).
  BoostedLearner first(Family::kXgb, settings, 42, kThreads);
  ASSERT_TRUE(first.Fit(shifted.Days(0, 10), DesignView{}).ok());
  ASSERT_TRUE(seasoned.Fit(shifted.Days(0, 10), DesignView{}).ok());
  EXPECT_EQ(Predictions(seasoned, shifted.All()), Predictions(first, shifted.All()));

  const Panel narrow = testing::SimulatedPanel(3, 50, 4, 1.0, 3);
  EXPECT_EQ(seasoned.Fit(narrow.All(), DesignView{}).code(), StatusCode::kInvalidArgument);
}

TEST(BoostedTest, WarmStartAddsAStageOnTopOfTheModel) {
  const Panel graded = Graded(Market());
  for (const Family family : {Family::kXgb, Family::kLambdaMart}) {
    BoostSettings settings = Small(family == Family::kXgb ? "reg:squarederror" : "rank:pairwise");
    settings.warm_start_rounds = 10;
    const Panel& panel = family == Family::kXgb ? Market() : graded;
    const DesignView test = Market().Days(30, 40);
    const DesignView stage_rows = panel.Days(10, 30);
    BoostedLearner given(family, settings, 42, kThreads);
    BoostedLearner computed(family, settings, 42, kThreads);
    ASSERT_TRUE(given.Fit(panel.Days(0, 20), DesignView{}).ok());
    ASSERT_TRUE(computed.Fit(panel.Days(0, 20), DesignView{}).ok());
    std::vector<double> before = Predictions(given, test);
    const std::vector<double> margin = Predictions(given, stage_rows);

    DesignView with_margin = stage_rows;
    with_margin.base_margin = margin;
    const Status added = given.Fit(with_margin, DesignView{});
    ASSERT_TRUE(added.ok()) << added.ToString();
    ASSERT_TRUE(computed.Fit(stage_rows, DesignView{}).ok());
    const std::vector<double> after = Predictions(given, test);
    // The caller's margin is the model's own score, so both learners grew the same trees.
    EXPECT_EQ(after, Predictions(computed, test)) << FamilyName(family);
    EXPECT_EQ(given.Describe()["stages"], 2);
    EXPECT_EQ(given.Describe()["boosted_rounds"], 50);
    EXPECT_NE(after, before);
    EXPECT_GT(testing::PlainMeanDailyRankIc(test, after), kLearnedIc) << FamilyName(family);
    // The latest stage's score added to the earlier model's score is the model's score (the
    // model sums every tree in float, the margin each stage's sum in double).
    ASSERT_TRUE(given.AddLatestStage(test, before).ok());
    for (size_t r = 0; r < after.size(); ++r) ASSERT_NEAR(before[r], after[r], 1e-5) << r;

    // One plain XGBoost model: the artifact loads and scores the same bits.
    LearnerSettings learner_settings;
    learner_settings.xgb = learner_settings.lambdamart = settings;
    learner_settings.threads = kThreads;
    const Result<std::string> artifact = given.Serialize();
    ASSERT_TRUE(artifact.ok());
    const Result<std::unique_ptr<Learner>> loaded = LoadLearner(family, *artifact, learner_settings);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    EXPECT_EQ(Predictions(**loaded, test), after);
    EXPECT_EQ((*loaded)->Describe()["boosted_rounds"], 50);

    // A snapshot shares the model but not its stages: its next fit starts afresh.
    const std::unique_ptr<BoostedLearner> snapshot = given.Snapshot();
    EXPECT_EQ(Predictions(*snapshot, test), after);
    ASSERT_TRUE(snapshot->Fit(panel.Days(0, 20), DesignView{}).ok());
    EXPECT_EQ(snapshot->Describe()["boosted_rounds"], 40);

    with_margin.base_margin = std::span<const double>(margin).first(3);
    EXPECT_EQ(given.Fit(with_margin, DesignView{}).code(), StatusCode::kInvalidArgument);
  }
  BoostedLearner cold(Family::kXgb, BoostSettings{.rounds = 5, .warm_start_rounds = 0}, 42, kThreads);
  ASSERT_TRUE(cold.Fit(Market().Days(0, 10), DesignView{}).ok());
  ASSERT_TRUE(cold.Fit(Market().Days(0, 10), DesignView{}).ok());
  EXPECT_EQ(cold.Describe()["boosted_rounds"], 5);
  std::vector<double> margin(100);
  EXPECT_FALSE(cold.AddLatestStage(Market().Days(0, 1), margin).ok());
}

TEST(BoostedTest, RoundTripPredictsTheSameBits) {
  const Panel graded = Graded(Market());
  for (const Family family : {Family::kXgb, Family::kLambdaMart}) {
    LearnerSettings settings;
    settings.xgb = Small("reg:squarederror");
    settings.lambdamart = Small("rank:ndcg");
    settings.threads = kThreads;
    const std::unique_ptr<Learner> learner = MakeLearner(family, settings);
    const Panel& train = family == Family::kXgb ? Market() : graded;
    ASSERT_TRUE(learner->Fit(train.Days(0, 30), DesignView{}).ok());
    const Result<std::string> artifact = learner->Serialize();
    ASSERT_TRUE(artifact.ok());
    EXPECT_TRUE(nlohmann::json::accept(*artifact));
    const Result<std::unique_ptr<Learner>> loaded = LoadLearner(family, *artifact, settings);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    const DesignView test = Market().Days(30, 40);
    EXPECT_EQ(Predictions(**loaded, test), Predictions(*learner, test)) << FamilyName(family);
    EXPECT_EQ((*loaded)->Importance(), learner->Importance());
    // The artifact's objective decides which family may load it.
    const Family other = family == Family::kXgb ? Family::kLambdaMart : Family::kXgb;
    EXPECT_EQ(LoadLearner(other, *artifact, settings).status().code(), StatusCode::kInvalidArgument);
  }
  EXPECT_FALSE(LoadLearner(Family::kXgb, "{\"family\":\"ridge\"}", LearnerSettings{}).ok());
}

TEST(BoostedTest, RejectsBadInput) {
  BoostedLearner learner(Family::kXgb, Small("reg:squarederror"), 42, kThreads);
  DesignView no_rows;
  no_rows.cols = 5;
  EXPECT_EQ(learner.Fit(no_rows, DesignView{}).code(), StatusCode::kInvalidArgument);
  std::vector<double> scores(100);
  EXPECT_FALSE(learner.Predict(Market().Days(0, 1), scores).ok());  // not fitted
  EXPECT_FALSE(learner.Serialize().ok());
  Panel nan_label = Market();
  nan_label.label[3] = std::nan("");
  EXPECT_EQ(learner.Fit(nan_label.Days(0, 5), DesignView{}).code(), StatusCode::kInvalidArgument);
  BoostedLearner bad_settings(Family::kXgb, BoostSettings{.rounds = 0}, 42, kThreads);
  EXPECT_EQ(bad_settings.Fit(Market().Days(0, 5), DesignView{}).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace qtp::models
