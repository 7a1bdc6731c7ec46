// CompareOutOfSample on a hand-made store: the common days of the two models after the champion's data,
// no forward return after the as-of, and the mean daily rank IC checked against a textbook Spearman.
#include <gtest/gtest.h>

#include <cmath>

#include "qtp/data/store/model_columns.h"
#include "qtp/data/store/schema.h"
#include "qtp/monitor/retrain.h"
#include "test_util/plain_stats.h"
#include "test_util/temp_dir.h"

namespace qtp::monitor {
namespace {

constexpr size_t kNames = 5;
constexpr size_t kDays = 6;
const DateDays kFirstDay = DaysFromCivil(2024, 3, 4);

// Values without ties within a day (j's multiplier is not a multiple of 97), ordered differently per salt.
double Pseudo(size_t i, size_t j, unsigned salt) {
  return static_cast<double>((i * 37 + j * (11 + 29 * salt) + salt * 53) % 97) / 97.0;
}

class CompareOutOfSampleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open({dir_.path(), "test-run", StoreMode::kWrite, 0});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    for (size_t j = 0; j < kNames; ++j) {
      Bars1d bars;
      bars.ticker = "T" + std::to_string(j);
      for (size_t d = 0; d < kDays; ++d) {
        Bar1d bar;
        bar.date = kFirstDay + static_cast<DateDays>(d);
        bar.close = 100 + 10 * Pseudo(d, j, 1);
        bar.open = bar.high = bar.low = bar.vwap = bar.close;
        bar.high += 1;
        bar.low -= 1;
        bar.volume = 1e6;
        bar.n_bars = 78;
        bars.push_back(bar, "test");
        close_[d][j] = bar.close;
      }
      const std::string ticker = bars.ticker;
      ASSERT_TRUE(store_->Merge(schema::Bars1d(), ticker, schema::ToTable(schema::Bars1d(), std::move(bars))).ok());
    }
    Table t(schema::Predictions());
    for (size_t d = 0; d < kDays; ++d) {
      for (const char* model : {"champ", "chall"}) {
        if (d == 2 && std::string(model) == "champ") continue;  // the champion has no score on day 2
        for (size_t j = 0; j < kNames; ++j) {
          const double score = Pseudo(d, j, model[3] == 'm' ? 2 : 3);
          score_[model[3] == 'm' ? 0 : 1][d][j] = score;
          t.Column<int32_t>("date").push_back(kFirstDay + static_cast<DateDays>(d));
          t.Column<std::string>("ticker").push_back("T" + std::to_string(j));
          t.Column<std::string>("model_id").push_back(model);
          t.Column<double>("score").push_back(score);
          t.Column<int64_t>("rank").push_back(static_cast<int64_t>(j + 1));
          t.Column<std::string>("split").push_back(d >= 3 && model[3] == 'm' ? "live" : "walk_forward");
        }
      }
    }
    ASSERT_TRUE(store_->Merge(schema::Predictions(), "", std::move(t)).ok());
    ASSERT_TRUE(store_->Commit().ok());
  }

  // The textbook Spearman correlation of model m's scores on day d with the next day's return.
  double Spearman(int m, size_t d) const {
    std::vector<double> score(kNames), forward(kNames);
    for (size_t j = 0; j < kNames; ++j) {
      score[j] = score_[m][d][j];
      forward[j] = close_[d + 1][j] / close_[d][j] - 1;
    }
    return test_util::Pearson(test_util::AverageRanks(score), test_util::AverageRanks(forward));
  }

  test_util::TempDir dir_;
  std::unique_ptr<Store> store_;
  double close_[kDays][kNames] = {};
  double score_[2][kDays][kNames] = {};
};

TEST_F(CompareOutOfSampleTest, CommonDaysAfterTheChampionUpToTheAsOf) {
  // After day 0 (the champion's data_last), as of day 4: day 4's next close is after the as-of, day 2 has no
  // champion score, so days 1 and 3 are compared.
  const auto c = CompareOutOfSample(*store_, "champ", "chall", 1, kFirstDay, kFirstDay + 4, kNames);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->days, 2u);
  EXPECT_EQ(c->first, kFirstDay + 1);
  EXPECT_EQ(c->last, kFirstDay + 3);
  EXPECT_NEAR(c->champion_rank_ic, (Spearman(0, 1) + Spearman(0, 3)) / 2, 1e-12);
  EXPECT_NEAR(c->challenger_rank_ic, (Spearman(1, 1) + Spearman(1, 3)) / 2, 1e-12);
  EXPECT_NE(c->champion_rank_ic, c->challenger_rank_ic);
}

TEST_F(CompareOutOfSampleTest, TooFewNamesOrNoDaysCompareNothing) {
  const auto few = CompareOutOfSample(*store_, "champ", "chall", 1, kFirstDay, kFirstDay + 4, kNames + 1);
  ASSERT_TRUE(few.ok()) << few.status().ToString();
  EXPECT_EQ(few->days, 0u);
  EXPECT_TRUE(std::isnan(few->champion_rank_ic));
  const auto none = CompareOutOfSample(*store_, "champ", "other", 1, kFirstDay, kFirstDay + 5, kNames);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_EQ(none->days, 0u);
  EXPECT_EQ(none->first, kNullDate);
}

}  // namespace
}  // namespace qtp::monitor
