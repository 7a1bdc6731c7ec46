// The training set from a hand-made panel: which rows are scored and labelled, the three labels
// against hand-worked values, the forward return through a split, and the training cut-off.
#include <gtest/gtest.h>

#include "qtp/core/bars.h"

#include <cmath>

#include "qtp/models/training_set.h"

namespace qtp::models {
namespace {


// Tickers A, B, C, D, E; features f0 (data), f1 (never any), f2 (data). Day 0 and day 1.
eda::Panel HandPanel() {
  eda::Panel panel({"A", "B", "C", "D", "E"}, {"f0", "f1", "f2"});
  for (int d = 0; d < 2; ++d) {
    const size_t day = panel.AddDay(DaysFromCivil(2024, 1, 2 + d));
    for (size_t i = 0; i < 5; ++i) {
      panel.Feature(day, 0)[i] = 0.1 * static_cast<double>(i + 1) + d;
      panel.Feature(day, 2)[i] = i == 1 ? kNaN : -static_cast<double>(i);
      panel.ExFactor(day)[i] = 1.0;
    }
  }
  // Day 0 closes; E has a close but no feature at all (not a row); D has no close on day 1.
  const double close0[] = {10, 20, 30, 40, 50};
  const double close1[] = {11, 19, 15, kNaN, 55};
  for (size_t i = 0; i < 5; ++i) {
    panel.Close(0)[i] = close0[i];
    panel.Close(1)[i] = close1[i];
  }
  panel.Feature(0, 0)[4] = kNaN;
  panel.Feature(0, 2)[4] = kNaN;
  panel.ExFactor(1)[2] = 0.5;  // C splits 2-for-1 on day 1: 30 -> 15 is a return of 0
  return panel;
}

TEST(TrainingSet, UsableFeaturesDropEmptyAndExcluded) {
  const eda::Panel panel = HandPanel();
  EXPECT_EQ(UsableFeatures(panel, {}, 2), (std::vector<size_t>{0, 2}));
  EXPECT_EQ(UsableFeatures(panel, {"f2"}, 2), (std::vector<size_t>{0}));
}

TEST(TrainingSet, RowsAndLabelsMatchHandWorkedValues) {
  const eda::Panel panel = HandPanel();
  LabelParams labels;
  labels.min_tickers = 3;
  labels.classifier_quantile = 0.3;
  labels.relevance_levels = 5;
  const TrainingSet set = BuildTrainingSet(panel, {0, 2}, 1, labels, 2);
  // Scoring rows: day 0 A, B, C, D (E has no feature); day 1 A, B, C, E (D has no close).
  EXPECT_EQ(set.scoring.day_begin, (std::vector<size_t>{0, 4, 8}));
  EXPECT_EQ(set.scoring.ticker, (std::vector<uint32_t>{0, 1, 2, 3, 0, 1, 2, 4}));
  // Forward returns of day 0: A +10%, B -5%, C 0 (through the split), D none; day 1: none yet.
  EXPECT_NEAR(set.scoring_forward[0], 0.1, 1e-15);
  EXPECT_NEAR(set.scoring_forward[1], -0.05, 1e-15);
  EXPECT_EQ(set.scoring_forward[2], 0.0);
  EXPECT_TRUE(std::isnan(set.scoring_forward[3]));
  EXPECT_TRUE(std::isnan(set.scoring_forward[4]));
  // Labelled rows: day 0's A, B, C. Ranks B 1, C 2, A 3 of n = 3: u = 5/6, 1/6, 1/2.
  EXPECT_EQ(set.labelled.ticker, (std::vector<uint32_t>{0, 1, 2}));
  EXPECT_EQ(set.group_sizes, (std::vector<uint32_t>{3, 0}));
  EXPECT_NEAR(set.rank_label[0], 1.0 / 3.0, 1e-15);
  EXPECT_NEAR(set.rank_label[1], -1.0 / 3.0, 1e-15);
  EXPECT_NEAR(set.rank_label[2], 0.0, 1e-15);
  EXPECT_EQ(set.binary_label[0], 1.0);
  EXPECT_EQ(set.binary_label[1], 0.0);
  EXPECT_TRUE(std::isnan(set.binary_label[2])) << "the middle is left out of the classifier";
  EXPECT_EQ(set.grade_label, (std::vector<double>{4, 0, 2}));
  // The features of the labelled rows, as floats, NaN kept.
  ASSERT_EQ(set.labelled.x.size(), 6u);
  EXPECT_FLOAT_EQ(set.labelled.x[0], 0.1f);
  EXPECT_FLOAT_EQ(set.labelled.x[1], 0.0f);
  EXPECT_TRUE(std::isnan(set.labelled.x[3])) << "B has no f2";
  std::vector<uint32_t> groups;
  const DesignView view = set.Labelled(0, 2, LabelKind::kGrade, groups);
  EXPECT_EQ(view.rows(), 3u);
  EXPECT_EQ(groups, (std::vector<uint32_t>{3})) << "a day without labelled rows is no group";
  EXPECT_EQ(view.label[0], 4.0);
}

TEST(TrainingSet, TooFewLabelledTickersSkipTheDay) {
  LabelParams labels;
  labels.min_tickers = 4;
  const TrainingSet set = BuildTrainingSet(HandPanel(), {0, 2}, 1, labels, 2);
  EXPECT_EQ(set.labelled.rows(), 0u);
  EXPECT_EQ(set.scoring.rows(), 8u) << "the day is still scored";
}

TEST(TrainingSet, CutOffReadsNothingAfterIt) {
  LabelParams labels;
  labels.min_tickers = 3;
  const TrainingSet set = BuildTrainingSet(HandPanel(), {0, 2}, 1, labels, 1);
  EXPECT_EQ(set.num_days(), 1u);
  EXPECT_EQ(set.scoring.rows(), 4u);
  EXPECT_EQ(set.labelled.rows(), 0u) << "day 0's label needs day 1's close, past the cut-off";
  for (const double f : set.scoring_forward) EXPECT_TRUE(std::isnan(f));
}

}  // namespace
}  // namespace qtp::models
