// Ridge against an independent solution: the same penalized least squares solved as the augmented
// system [Z; sqrt(penalty) D] b = [y; 0] by column-pivoted QR in long double (no normal
// equations), the penalty choice against a brute-force evaluation, moments over a day range
// against a fit on those rows, and the artifact round trip.
#include "qtp/models/ridge.h"

#include <gtest/gtest.h>

#include "qtp/core/bars.h"

#include <cmath>
#include <vector>

#include <Eigen/Dense>

#include "learner_test_util.h"

namespace qtp::models {
namespace {

using testing::Panel;
using LongMatrix = Eigen::Matrix<long double, Eigen::Dynamic, Eigen::Dynamic>;
using LongVector = Eigen::Matrix<long double, Eigen::Dynamic, 1>;

const float kNanF = std::nanf("");

// 3 days x 7 rows x 3 features from a fixed formula; NaN features at (0, 1), (9, 0), (15, 2) and a
// NaN label at row 11.
Panel FixedPanel() {
  Panel p;
  p.cols = 3;
  p.group_sizes = {7, 7, 7};
  for (size_t r = 0; r < 21; ++r) {
    const double t = static_cast<double>(r);
    const float x0 = static_cast<float>(std::sin(1.3 * t + 0.2));
    const float x1 = static_cast<float>(std::cos(0.7 * t * t + 1.0));
    const float x2 = static_cast<float>(std::sin(2.9 * t) * 1.5);
    p.x.insert(p.x.end(), {x0, x1, x2});
    p.label.push_back(0.4 + 0.8 * x0 - 0.5 * x1 + 0.1 * x2 + 0.3 * std::cos(5.1 * t));
  }
  p.x[0 * 3 + 1] = kNanF;
  p.x[9 * 3 + 0] = kNanF;
  p.x[15 * 3 + 2] = kNanF;
  p.label[11] = kNaN;
  return p;
}

// [b0, b...] minimizing |y - Z b|^2 + penalty |b_1..|^2 over the rows with a finite label, NaN
// features as 0: QR of the augmented system in long double.
std::vector<double> AugmentedQr(const DesignView& rows, double penalty) {
  std::vector<size_t> used;
  for (size_t r = 0; r < rows.rows(); ++r) {
    if (std::isfinite(rows.label[r])) used.push_back(r);
  }
  const auto n = static_cast<Eigen::Index>(used.size());
  const auto p = static_cast<Eigen::Index>(rows.cols + 1);
  LongMatrix a = LongMatrix::Zero(n + p - 1, p);
  LongVector b = LongVector::Zero(n + p - 1);
  for (Eigen::Index i = 0; i < n; ++i) {
    const size_t r = used[static_cast<size_t>(i)];
    a(i, 0) = 1;
    for (Eigen::Index j = 1; j < p; ++j) {
      const float v = rows.x[r * rows.cols + static_cast<size_t>(j - 1)];
      a(i, j) = std::isnan(v) ? 0.0L : static_cast<long double>(v);
    }
    b(i) = rows.label[r];
  }
  for (Eigen::Index j = 1; j < p; ++j) a(n + j - 1, j) = std::sqrt(static_cast<long double>(penalty));
  const LongVector beta = a.colPivHouseholderQr().solve(b);
  std::vector<double> out;
  for (Eigen::Index j = 0; j < p; ++j) out.push_back(static_cast<double>(beta(j)));
  return out;
}

std::vector<double> Scores(const RidgeLearner& learner, const DesignView& rows) {
  std::vector<double> scores(rows.rows());
  EXPECT_TRUE(learner.Predict(rows, scores).ok());
  return scores;
}

TEST(RidgeTest, MatchesAugmentedQrSolution) {
  const Panel panel = FixedPanel();
  for (const double penalty : {0.01, 3.0, 250.0}) {
    RidgeLearner learner(RidgeSettings{.penalties = {penalty}});
    ASSERT_TRUE(learner.Fit(panel.All(), DesignView{}).ok());
    const std::vector<double> expected = AugmentedQr(panel.All(), penalty);
    EXPECT_EQ(learner.penalty(), penalty);
    EXPECT_NEAR(learner.intercept(), expected[0], 1e-8) << penalty;
    ASSERT_EQ(learner.coefficients().size(), 3u);
    for (size_t j = 0; j < 3; ++j) EXPECT_NEAR(learner.coefficients()[j], expected[j + 1], 1e-8) << penalty << " " << j;
    const std::vector<double> importance = learner.Importance();
    for (size_t j = 0; j < 3; ++j) EXPECT_EQ(importance[j], std::abs(learner.coefficients()[j]));
  }
}

TEST(RidgeTest, InterceptIsNotPenalized) {
  // An overwhelming penalty shrinks the slopes to ~0 and leaves the intercept at the labels' mean.
  const Panel panel = FixedPanel();
  RidgeLearner learner(RidgeSettings{.penalties = {1e12}});
  ASSERT_TRUE(learner.Fit(panel.All(), DesignView{}).ok());
  double sum = 0;
  int n = 0;
  for (const double y : panel.label) {
    if (std::isfinite(y)) {
      sum += y;
      ++n;
    }
  }
  EXPECT_NEAR(learner.intercept(), sum / n, 1e-9);
  for (const double c : learner.coefficients()) EXPECT_LT(std::abs(c), 1e-9);
}

TEST(RidgeTest, PredictIsTheLinearScoreWithNanAsZero) {
  const Panel panel = FixedPanel();
  RidgeLearner learner(RidgeSettings{.penalties = {3.0}});
  ASSERT_TRUE(learner.Fit(panel.All(), DesignView{}).ok());
  const std::vector<double> scores = Scores(learner, panel.All());
  const auto b = learner.coefficients();
  EXPECT_DOUBLE_EQ(scores[0], learner.intercept() + b[0] * panel.X(0, 0) + b[2] * panel.X(0, 2));
  EXPECT_DOUBLE_EQ(scores[9], learner.intercept() + b[1] * panel.X(9, 1) + b[2] * panel.X(9, 2));
}

TEST(RidgeTest, FitFromMomentsEqualsFitOnTheDayRange) {
  const Panel panel = testing::SimulatedPanel(6, 40, 4, 0.5, 7);
  const Result<LinearMoments> moments = LinearMoments::Build(panel.All());
  ASSERT_TRUE(moments.ok());
  EXPECT_EQ(moments->days(), 6u);
  EXPECT_EQ(moments->cols(), 4u);
  const RidgeSettings settings{.penalties = {5.0}};

  // A range from day 0 subtracts an all-zero prefix: the same bits as a fit on those rows.
  RidgeLearner from_moments(settings);
  RidgeLearner from_rows(settings);
  ASSERT_TRUE(from_moments.FitFromMoments(*moments, 0, 4, DesignView{}).ok());
  ASSERT_TRUE(from_rows.Fit(panel.Days(0, 4), DesignView{}).ok());
  EXPECT_EQ(from_moments.intercept(), from_rows.intercept());
  for (size_t j = 0; j < 4; ++j) EXPECT_EQ(from_moments.coefficients()[j], from_rows.coefficients()[j]);

  // A later range is a difference of prefix sums: equal up to its rounding (sums of ~100 O(1)
  // terms, relative error ~1e-15, conditioned by a well-posed 5x5 system).
  ASSERT_TRUE(from_moments.FitFromMoments(*moments, 2, 5, DesignView{}).ok());
  ASSERT_TRUE(from_rows.Fit(panel.Days(2, 5), DesignView{}).ok());
  EXPECT_NEAR(from_moments.intercept(), from_rows.intercept(), 1e-12);
  for (size_t j = 0; j < 4; ++j) EXPECT_NEAR(from_moments.coefficients()[j], from_rows.coefficients()[j], 1e-12);

  EXPECT_FALSE(from_moments.FitFromMoments(*moments, 3, 7, DesignView{}).ok());
  EXPECT_FALSE(from_moments.FitFromMoments(*moments, 2, 2, DesignView{}).ok());  // no rows
}

TEST(RidgeTest, PicksThePenaltyABruteForceSearchPicks) {
  // Few, noisy training rows against many features: the penalty matters to the validation IC.
  // These seeds make an interior penalty win, so neither end of the list passes by default.
  const Panel train = testing::SimulatedPanel(3, 12, 6, 0.6, 22);
  const Panel validation = testing::SimulatedPanel(5, 30, 6, 0.6, 122);
  const std::vector<double> penalties = {0.1, 1, 10, 100, 1000};
  std::vector<double> ics;
  size_t best = 0;
  for (size_t k = 0; k < penalties.size(); ++k) {
    const std::vector<double> beta = AugmentedQr(train.All(), penalties[k]);
    std::vector<double> scores;
    for (size_t r = 0; r < validation.label.size(); ++r) {
      double s = beta[0];
      for (size_t j = 0; j < 6; ++j) s += beta[j + 1] * validation.X(r, j);
      scores.push_back(s);
    }
    ics.push_back(testing::PlainMeanDailyRankIc(validation.All(), scores));
    if (ics[k] >= ics[best]) best = k;
  }
  ASSERT_GT(best, 0u);
  ASSERT_LT(best, penalties.size() - 1);

  RidgeLearner learner(RidgeSettings{.penalties = {1000, 10, 0.1, 100, 1}});  // order does not matter
  ASSERT_TRUE(learner.Fit(train.All(), validation.All()).ok());
  EXPECT_EQ(learner.penalty(), penalties[best]);
  const nlohmann::ordered_json described = learner.Describe();
  EXPECT_EQ(described["penalties"].get<std::vector<double>>(), penalties);
  const auto described_ics = described["validation_rank_ic"].get<std::vector<double>>();
  ASSERT_EQ(described_ics.size(), ics.size());
  for (size_t k = 0; k < ics.size(); ++k) EXPECT_NEAR(described_ics[k], ics[k], 1e-12);
  // Refitted on the training rows alone with the winner.
  const std::vector<double> expected = AugmentedQr(train.All(), penalties[best]);
  EXPECT_NEAR(learner.intercept(), expected[0], 1e-8);
}

TEST(RidgeTest, TiesGoToTheLargerPenaltyAndNoValidationToTheMiddle) {
  // One feature: every penalty ranks the validation rows alike, so all ICs tie.
  const Panel one = testing::SimulatedPanel(3, 20, 1, 1.0, 5);
  RidgeLearner learner(RidgeSettings{.penalties = {1000, 1, 100, 10}});
  ASSERT_TRUE(learner.Fit(one.Days(0, 2), one.Days(2, 3)).ok());
  EXPECT_EQ(learner.penalty(), 1000);
  // No validation rows: the upper middle of {1, 10, 100, 1000}.
  ASSERT_TRUE(learner.Fit(one.Days(0, 2), DesignView{}).ok());
  EXPECT_EQ(learner.penalty(), 100);
  EXPECT_TRUE(learner.Describe()["validation_rank_ic"].empty());
}

TEST(RidgeTest, RoundTripPredictsTheSameBits) {
  const Panel panel = FixedPanel();
  RidgeLearner learner(RidgeSettings{.penalties = {3.0}});
  ASSERT_TRUE(learner.Fit(panel.All(), DesignView{}).ok());
  const Result<std::string> artifact = learner.Serialize();
  ASSERT_TRUE(artifact.ok());
  const nlohmann::json doc = nlohmann::json::parse(*artifact);
  EXPECT_EQ(doc["family"], "ridge");
  EXPECT_EQ(doc["penalty"], 3.0);
  EXPECT_EQ(doc["coefficients"].size(), 3u);

  const Result<std::unique_ptr<Learner>> loaded = LoadLearner(Family::kRidge, *artifact, LearnerSettings{});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ((*loaded)->family(), Family::kRidge);
  std::vector<double> again(panel.label.size());
  ASSERT_TRUE((*loaded)->Predict(panel.All(), again).ok());
  const std::vector<double> scores = Scores(learner, panel.All());
  for (size_t r = 0; r < scores.size(); ++r) EXPECT_EQ(again[r], scores[r]) << r;
  EXPECT_EQ((*loaded)->Importance(), learner.Importance());

  EXPECT_FALSE(LoadLearner(Family::kRidge, "{\"family\":\"logistic\"}", LearnerSettings{}).ok());
  EXPECT_FALSE(LoadLearner(Family::kRidge, "not json", LearnerSettings{}).ok());
}

TEST(RidgeTest, RejectsBadInput) {
  const Panel panel = FixedPanel();
  RidgeLearner unfitted(RidgeSettings{});
  std::vector<double> scores(panel.label.size());
  EXPECT_FALSE(unfitted.Predict(panel.All(), scores).ok());
  EXPECT_FALSE(unfitted.Serialize().ok());
  EXPECT_FALSE(RidgeLearner(RidgeSettings{.penalties = {}}).Fit(panel.All(), DesignView{}).ok());
  EXPECT_FALSE(RidgeLearner(RidgeSettings{.penalties = {1, 0}}).Fit(panel.All(), DesignView{}).ok());

  RidgeLearner learner(RidgeSettings{.penalties = {1.0}});
  DesignView no_rows;
  no_rows.cols = 3;
  EXPECT_FALSE(learner.Fit(no_rows, DesignView{}).ok());
  DesignView bad_groups = panel.All();
  bad_groups.group_sizes = bad_groups.group_sizes.subspan(1);
  EXPECT_FALSE(learner.Fit(bad_groups, DesignView{}).ok());
  ASSERT_TRUE(learner.Fit(panel.All(), DesignView{}).ok());
  std::vector<double> too_few(3);
  EXPECT_FALSE(learner.Predict(panel.All(), too_few).ok());
  const Panel wide = testing::SimulatedPanel(1, 5, 4, 1.0, 1);
  std::vector<double> wide_scores(5);
  EXPECT_FALSE(learner.Predict(wide.All(), wide_scores).ok());
}

}  // namespace
}  // namespace qtp::models
