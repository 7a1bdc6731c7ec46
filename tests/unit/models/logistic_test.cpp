// Logistic regression against an independent solution: a plain Newton iteration in long double
// (Gaussian elimination, no line search, no blocking), the optimality condition checked in long
// double at the returned solution, label checks and the artifact round trip.
#include "qtp/models/logistic.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "learner_test_util.h"

namespace qtp::models {
namespace {

using testing::Panel;
using Vec = std::vector<long double>;

// 3 days x 10 rows x 3 features from a fixed formula; labels 1 when a noisy linear index is
// positive (not separable), NaN for rows 4 and 17 (unlabeled middle), a NaN feature at (6, 2).
Panel FixedLabeledPanel() {
  Panel p;
  p.cols = 3;
  p.group_sizes = {10, 10, 10};
  for (size_t r = 0; r < 30; ++r) {
    const double t = static_cast<double>(r);
    const float x0 = static_cast<float>(std::sin(1.7 * t + 0.3));
    const float x1 = static_cast<float>(std::cos(0.37 * t * t));
    const float x2 = static_cast<float>(std::sin(3.1 * t) * 2.0);
    p.x.insert(p.x.end(), {x0, x1, x2});
    p.label.push_back(1.2 * x0 - 0.7 * x1 + 0.2 * x2 + 0.9 * std::sin(7.3 * t) > 0.1 ? 1.0 : 0.0);
  }
  p.label[4] = std::nan("");
  p.label[17] = std::nan("");
  p.x[6 * 3 + 2] = std::nanf("");
  return p;
}

long double Z(const Panel& p, size_t r, size_t j) {
  if (j == 0) return 1;
  const float v = p.X(r, j - 1);
  return std::isnan(v) ? 0.0L : static_cast<long double>(v);
}

// The gradient of sum [log(1 + e^eta) - y eta] + l2/2 |b|^2 in long double.
Vec Gradient(const Panel& p, double l2, const Vec& beta) {
  const size_t k = beta.size();
  Vec g(k, 0);
  for (size_t r = 0; r < p.label.size(); ++r) {
    if (std::isnan(p.label[r])) continue;
    long double eta = 0;
    for (size_t j = 0; j < k; ++j) eta += beta[j] * Z(p, r, j);
    const long double prob = 1 / (1 + std::exp(-eta));
    for (size_t j = 0; j < k; ++j) g[j] += (prob - p.label[r]) * Z(p, r, j);
  }
  for (size_t j = 1; j < k; ++j) g[j] += l2 * beta[j];
  return g;
}

// Plain Newton from zero, solving each step by Gaussian elimination with partial pivoting.
Vec NewtonLongDouble(const Panel& p, double l2) {
  const size_t k = p.cols + 1;
  Vec beta(k, 0);
  for (int iteration = 0; iteration < 50; ++iteration) {
    const Vec g = Gradient(p, l2, beta);
    std::vector<Vec> h(k, Vec(k + 1, 0));
    for (size_t r = 0; r < p.label.size(); ++r) {
      if (std::isnan(p.label[r])) continue;
      long double eta = 0;
      for (size_t j = 0; j < k; ++j) eta += beta[j] * Z(p, r, j);
      const long double prob = 1 / (1 + std::exp(-eta));
      for (size_t a = 0; a < k; ++a) {
        for (size_t b = 0; b < k; ++b) h[a][b] += prob * (1 - prob) * Z(p, r, a) * Z(p, r, b);
      }
    }
    for (size_t a = 0; a < k; ++a) {
      if (a > 0) h[a][a] += l2;
      h[a][k] = -g[a];
    }
    for (size_t c = 0; c < k; ++c) {
      size_t pivot = c;
      for (size_t a = c + 1; a < k; ++a) {
        if (std::abs(h[a][c]) > std::abs(h[pivot][c])) pivot = a;
      }
      std::swap(h[c], h[pivot]);
      for (size_t a = c + 1; a < k; ++a) {
        const long double f = h[a][c] / h[c][c];
        for (size_t b = c; b <= k; ++b) h[a][b] -= f * h[c][b];
      }
    }
    Vec step(k, 0);
    for (size_t c = k; c-- > 0;) {
      long double s = h[c][k];
      for (size_t b = c + 1; b < k; ++b) s -= h[c][b] * step[b];
      step[c] = s / h[c][c];
    }
    for (size_t j = 0; j < k; ++j) beta[j] += step[j];
  }
  return beta;
}

TEST(LogisticTest, MatchesAnIndependentNewtonSolution) {
  const Panel panel = FixedLabeledPanel();
  for (const double l2 : {0.5, 4.0}) {
    LogisticLearner learner(LogisticSettings{.l2 = l2});
    const Status fitted = learner.Fit(panel.All(), DesignView{});
    ASSERT_TRUE(fitted.ok()) << fitted.ToString();
    const Vec expected = NewtonLongDouble(panel, l2);
    // The reference itself is converged: its gradient is at long double rounding.
    for (const long double g : Gradient(panel, l2, expected)) ASSERT_LT(std::abs(g), 1e-15L);
    EXPECT_NEAR(learner.intercept(), static_cast<double>(expected[0]), 1e-8) << l2;
    for (size_t j = 0; j < 3; ++j) {
      EXPECT_NEAR(learner.coefficients()[j], static_cast<double>(expected[j + 1]), 1e-8) << l2 << " " << j;
    }
    // KKT at the returned point, evaluated in long double: |grad| / n within the tolerance (plus
    // the rounding of the returned doubles, ~1e-16 each).
    Vec beta = {learner.intercept()};
    for (const double c : learner.coefficients()) beta.push_back(c);
    for (const long double g : Gradient(panel, l2, beta)) EXPECT_LT(std::abs(g) / 28, 1e-10 + 1e-13);
    EXPECT_GT(learner.iterations(), 0);
  }
}

TEST(LogisticTest, ScoresAreTheLinearPredictor) {
  const Panel panel = FixedLabeledPanel();
  LogisticLearner learner(LogisticSettings{});
  ASSERT_TRUE(learner.Fit(panel.All(), DesignView{}).ok());
  std::vector<double> scores(panel.label.size());
  ASSERT_TRUE(learner.Predict(panel.All(), scores).ok());
  const auto b = learner.coefficients();
  EXPECT_DOUBLE_EQ(scores[6], learner.intercept() + b[0] * panel.X(6, 0) + b[1] * panel.X(6, 1));
  EXPECT_DOUBLE_EQ(scores[7], learner.intercept() + b[0] * panel.X(7, 0) + b[1] * panel.X(7, 1) + b[2] * panel.X(7, 2));
}

TEST(LogisticTest, RejectsLabelsOtherThanZeroOneOrNan) {
  for (const double bad : {0.5, 2.0, -1.0, std::numeric_limits<double>::infinity()}) {
    Panel panel = FixedLabeledPanel();
    panel.label[3] = bad;
    LogisticLearner learner(LogisticSettings{});
    const Status fitted = learner.Fit(panel.All(), DesignView{});
    EXPECT_EQ(fitted.code(), StatusCode::kInvalidArgument) << bad;
  }
  Panel one_class = FixedLabeledPanel();
  for (double& y : one_class.label) y = std::isnan(y) ? y : 1.0;
  EXPECT_FALSE(LogisticLearner(LogisticSettings{}).Fit(one_class.All(), DesignView{}).ok());
}

TEST(LogisticTest, NotConvergedIsAnError) {
  const Panel panel = FixedLabeledPanel();
  LogisticLearner learner(LogisticSettings{.max_iterations = 1});
  const Status fitted = learner.Fit(panel.All(), DesignView{});
  ASSERT_FALSE(fitted.ok());
  EXPECT_NE(fitted.message().find("not converged after 1"), std::string::npos) << fitted.message();
  std::vector<double> scores(panel.label.size());
  EXPECT_FALSE(learner.Predict(panel.All(), scores).ok());
}

TEST(LogisticTest, RoundTripPredictsTheSameBits) {
  const Panel panel = FixedLabeledPanel();
  LogisticLearner learner(LogisticSettings{.l2 = 2.5});
  ASSERT_TRUE(learner.Fit(panel.All(), DesignView{}).ok());
  const Result<std::string> artifact = learner.Serialize();
  ASSERT_TRUE(artifact.ok());
  const Result<std::unique_ptr<Learner>> loaded = LoadLearner(Family::kLogistic, *artifact, LearnerSettings{});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ((*loaded)->Describe()["l2"], 2.5);
  std::vector<double> scores(panel.label.size());
  std::vector<double> again(panel.label.size());
  ASSERT_TRUE(learner.Predict(panel.All(), scores).ok());
  ASSERT_TRUE((*loaded)->Predict(panel.All(), again).ok());
  for (size_t r = 0; r < scores.size(); ++r) EXPECT_EQ(again[r], scores[r]) << r;
  EXPECT_FALSE(LoadLearner(Family::kLogistic, "{\"family\":\"ridge\"}", LearnerSettings{}).ok());
}

}  // namespace
}  // namespace qtp::models
