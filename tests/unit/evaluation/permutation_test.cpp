// Permutation importance: exact zeros for what the model ignores, a clear drop for what it uses,
// shuffles confined to each day, bit-reproducible results.
#include "qtp/evaluation/permutation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace qtp::evaluation {
namespace {

constexpr size_t kCols = 3;

// 40 days x 30 tickers. Feature 0 and 1: independent uniforms; feature 2: +1 or -1, the same for
// every ticker of a day (alternating by day). Label = x0 * x2 + noise, so the score x0 * x2 has a
// strong rank IC every day.
struct Rows {
  std::vector<float> x;
  std::vector<double> label;
  std::vector<uint32_t> groups;
};

Rows MakeRows() {
  Rows r;
  std::mt19937_64 rng(7);  // raw 64-bit outputs only: the same numbers on every standard library
  auto uniform = [&] { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };
  for (int day = 0; day < 40; ++day) {
    const float sign = day % 2 == 0 ? 1.0f : -1.0f;
    for (int t = 0; t < 30; ++t) {
      const float x0 = static_cast<float>(uniform()), x1 = static_cast<float>(uniform());
      r.x.insert(r.x.end(), {x0, x1, sign});
      r.label.push_back(static_cast<double>(x0 * sign) + 0.3 * (uniform() - 0.5));
    }
    r.groups.push_back(30);
  }
  return r;
}

Status ProductOfFeaturesZeroAndTwo(std::span<const float> x, size_t cols, std::span<double> scores) {
  for (size_t i = 0; i < scores.size(); ++i) scores[i] = static_cast<double>(x[i * cols]) * x[i * cols + 2];
  return Status::OK();
}

TEST(PermutationImportance, IgnoredAndDayConstantFeaturesScoreExactlyZero) {
  const Rows r = MakeRows();
  const Result<std::vector<double>> imp =
      PermutationImportance(ProductOfFeaturesZeroAndTwo, r.x, kCols, r.groups, r.label, {.seed = 1, .repeats = 2});
  ASSERT_TRUE(imp.ok()) << imp.status().ToString();
  ASSERT_EQ(imp->size(), kCols);
  // Unshuffled, the score's rank IC is high (noise range 0.3 vs signal range 1); shuffling x0 within
  // the day leaves a score unrelated to the label, so the drop is most of it.
  const double baseline = MeanDailyRankIc(
      [&] {
        std::vector<double> s(r.label.size());
        EXPECT_TRUE(ProductOfFeaturesZeroAndTwo(r.x, kCols, s).ok());
        return s;
      }(),
      r.label, r.groups, 3);
  EXPECT_GT(baseline, 0.8);
  EXPECT_GT((*imp)[0], 0.6);
  EXPECT_EQ((*imp)[1], 0.0) << "the model never reads feature 1";
  // Feature 2 is used, but constant within each day: a within-day shuffle cannot change it. (A
  // shuffle across days would flip the sign on half the rows and drop the IC.)
  EXPECT_EQ((*imp)[2], 0.0);
}

TEST(PermutationImportance, BitReproducibleAndSeeded) {
  const Rows r = MakeRows();
  const PermutationParams params{.seed = 99, .repeats = 1};
  const auto a = PermutationImportance(ProductOfFeaturesZeroAndTwo, r.x, kCols, r.groups, r.label, params);
  const auto b = PermutationImportance(ProductOfFeaturesZeroAndTwo, r.x, kCols, r.groups, r.label, params);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  const auto c = PermutationImportance(ProductOfFeaturesZeroAndTwo, r.x, kCols, r.groups, r.label,
                                       {.seed = 100, .repeats = 1});
  ASSERT_TRUE(c.ok());
  EXPECT_NE((*a)[0], (*c)[0]) << "another seed, another shuffle";
}

TEST(PermutationImportance, ShufflesArePermutationsWithinEachDay) {
  const Rows r = MakeRows();
  // Record what the model sees on each call; feature 1's column must hold the same multiset per day.
  std::vector<std::vector<float>> seen;
  auto spy = [&](std::span<const float> x, size_t cols, std::span<double> scores) {
    std::vector<float> col;
    for (size_t i = 0; i < scores.size(); ++i) {
      col.push_back(x[i * cols + 1]);
      scores[i] = x[i * cols];
    }
    seen.push_back(col);
    return Status::OK();
  };
  ASSERT_TRUE(PermutationImportance(spy, r.x, kCols, r.groups, r.label, {}).ok());
  ASSERT_EQ(seen.size(), 1 + kCols);  // unshuffled, then one shuffle per feature
  const std::vector<float>& original = seen[0];
  const std::vector<float>& shuffled = seen[2];  // the call with feature 1 shuffled
  EXPECT_NE(original, shuffled);
  size_t start = 0;
  for (uint32_t size : r.groups) {
    std::vector<float> a(original.begin() + start, original.begin() + start + size);
    std::vector<float> b(shuffled.begin() + start, shuffled.begin() + start + size);
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    EXPECT_EQ(a, b) << "day starting at row " << start;
    start += size;
  }
  EXPECT_EQ(seen[3], original) << "feature 1 restored before feature 2 is shuffled";
}

TEST(PermutationImportance, RejectsBadShapesAndPassesCallbackErrors) {
  const Rows r = MakeRows();
  const std::vector<uint32_t> short_groups(r.groups.begin(), r.groups.end() - 1);
  EXPECT_EQ(PermutationImportance(ProductOfFeaturesZeroAndTwo, r.x, kCols, short_groups, r.label, {}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(PermutationImportance(ProductOfFeaturesZeroAndTwo, r.x, 2, r.groups, r.label, {}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      PermutationImportance(ProductOfFeaturesZeroAndTwo, r.x, kCols, r.groups, r.label, {.repeats = 0}).status().code(),
      StatusCode::kInvalidArgument);
  auto failing = [](std::span<const float>, size_t, std::span<double>) { return Status::Internal("booster gone"); };
  const auto failed = PermutationImportance(failing, r.x, kCols, r.groups, r.label, {});
  EXPECT_EQ(failed.status().code(), StatusCode::kInternal);
  EXPECT_NE(failed.status().message().find("booster gone"), std::string::npos);
}

TEST(MeanDailyRankIc, AveragesDaysAndSkipsShortOnes) {
  // Day 1: perfectly ordered (1); day 2: reversed (-1) weighted equally; day 3: two pairs only, skipped.
  const std::vector<double> scores = {1, 2, 3, 1, 2, 3, 4, 1, 2};
  const std::vector<double> label = {10, 20, 30, 4, 3, 2, 1, 5, 6};
  const std::vector<uint32_t> groups = {3, 4, 2};
  EXPECT_DOUBLE_EQ(MeanDailyRankIc(scores, label, groups, 3), 0.0);
  // Days {3, 6}: the second day's score ranks 1.5, 3.5, 5, 6, 1.5, 3.5 against label ranks 4, 3, 2, 1, 5, 6;
  // centered on 3.5: cross sum -12.5, sums of squares 16.5 and 17.5.
  EXPECT_NEAR(MeanDailyRankIc(scores, label, std::vector<uint32_t>{3, 6}, 3),
              0.5 * (1.0 - 12.5 / std::sqrt(16.5 * 17.5)), 1e-15);
}

}  // namespace
}  // namespace qtp::evaluation
