// The walk-forward plan: no fold ever trains on a label whose window reaches into its test period
// (or the embargo before it), test periods tile the days after the first training window, and the
// inner validation is purged the same way.
#include <gtest/gtest.h>

#include <tuple>

#include "qtp/models/walk_forward.h"

namespace qtp::models {
namespace {

// Checks every property of the plan for one parameter set; `h` is the label horizon.
void CheckPlan(size_t days, const WalkForwardParams& p, int h) {
  const std::vector<Fold> folds = PlanFolds(days, p, h);
  const size_t first_test = static_cast<size_t>(p.min_train_days + h + p.embargo_days);
  if (days <= first_test) {
    EXPECT_TRUE(folds.empty());
    return;
  }
  ASSERT_FALSE(folds.empty());
  EXPECT_EQ(folds.front().test_first, first_test);
  EXPECT_EQ(folds.back().test_end, days);
  for (size_t k = 0; k < folds.size(); ++k) {
    const Fold& f = folds[k];
    SCOPED_TRACE(::testing::Message() << "fold " << k << " h " << h << " embargo " << p.embargo_days);
    EXPECT_EQ(f.index, static_cast<int>(k));
    if (k > 0) {
      EXPECT_EQ(f.test_first, folds[k - 1].test_end) << "test periods tile the days";
    }
    EXPECT_LE(f.test_end - f.test_first, static_cast<size_t>(p.retrain_every_days));
    ASSERT_LT(f.train_first, f.train_end);
    // The label of the last training day t spans days t..t+h: it must end before the embargo.
    const size_t last_train = f.train_end - 1;
    EXPECT_LT(last_train + h + p.embargo_days, f.test_first);
    EXPECT_EQ(last_train + h + p.embargo_days + 1, f.test_first) << "and no more days than needed are purged";
    EXPECT_GE(f.train_end, static_cast<size_t>(p.min_train_days));
    if (p.window == "expanding") {
      EXPECT_EQ(f.train_first, 0u);
    } else {
      EXPECT_LE(f.train_end - f.train_first, static_cast<size_t>(p.train_days));
    }
    // Inner split: validation is the tail of the window; inner training labels end before it.
    EXPECT_LE(f.validation_first, f.train_end);
    EXPECT_GE(f.validation_first, f.train_first);
    if (f.inner_end > f.train_first) {
      EXPECT_LT(f.inner_end - 1 + h, f.validation_first);
    }
  }
  const Fold final_fold = FinalFold(days, p, h);
  EXPECT_EQ(final_fold.train_end - 1 + h, days - 1) << "the registered fit's last label ends on the last day";
}

TEST(WalkForward, NoTrainingLabelOverlapsItsTestPeriod) {
  for (const int h : {1, 3, 5, 10}) {
    for (const int embargo : {0, 2, 5}) {
      for (const char* window : {"expanding", "rolling"}) {
        for (const size_t days : {size_t{30}, size_t{60}, size_t{61}, size_t{300}, size_t{1000}}) {
          WalkForwardParams p;
          p.window = window;
          p.min_train_days = 40;
          p.train_days = 100;
          p.retrain_every_days = 21;
          p.embargo_days = embargo;
          CheckPlan(days, p, h);
        }
      }
    }
  }
}

TEST(WalkForward, HandWorkedPlan) {
  WalkForwardParams p;
  p.min_train_days = 10;
  p.retrain_every_days = 5;
  p.embargo_days = 2;
  p.validation_fraction = 0.2;
  // h = 3: the first test day is 10 + 3 + 2 = 15; day 9's label spans days 9..12, the embargo 13..14.
  const std::vector<Fold> folds = PlanFolds(27, p, 3);
  ASSERT_EQ(folds.size(), 3u);
  EXPECT_EQ(std::tie(folds[0].train_first, folds[0].train_end, folds[0].test_first, folds[0].test_end),
            std::make_tuple(size_t{0}, size_t{10}, size_t{15}, size_t{20}));
  // 20% of 10 days validate: days 8, 9; inner training labels end before day 8: days 0..4 (4 + 3 < 8).
  EXPECT_EQ(folds[0].validation_first, 8u);
  EXPECT_EQ(folds[0].inner_end, 5u);
  EXPECT_EQ(std::tie(folds[2].train_end, folds[2].test_first, folds[2].test_end),
            std::make_tuple(size_t{20}, size_t{25}, size_t{27}));
  p.window = "rolling";
  p.train_days = 12;
  EXPECT_EQ(PlanFolds(27, p, 3)[2].train_first, 8u);
}

}  // namespace
}  // namespace qtp::models
