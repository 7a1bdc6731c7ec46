// `qtp train` on simulated markets: the planted signal is recovered out of sample, nothing is found
// where nothing was planted, the run is bit-reproducible, data after a day D changes no prediction
// dated up to D, and no fold trains on a label whose window reaches its test period.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <tuple>

#include "qtp/data/store/model_columns.h"
#include "qtp/models/registry.h"
#include "qtp/models/run_train.h"
#include "unit/eda/eda_test_util.h"

namespace qtp::models {
namespace {

using eda::testing::BuildMarket;
using eda::testing::SimulatedMarket;

// 60 tickers over three years: about 500 out-of-sample days after the first 252-day window.
constexpr int kTickers = 60;

SimulatedMarket& SignalMarket() {
  static auto m = BuildMarket(kTickers, DaysFromCivil(2020, 1, 1), DaysFromCivil(2022, 12, 31), 0.1, 77);
  return *m;
}
SimulatedMarket& NullMarket() {
  static auto m = BuildMarket(kTickers, DaysFromCivil(2020, 1, 1), DaysFromCivil(2022, 12, 31), 0.0, 78);
  return *m;
}

// Small boosters keep the suite fast; the statistics do not depend on them being large.
TrainOptions Options(std::vector<std::string> families) {
  TrainOptions o;
  o.params.families = std::move(families);
  o.params.xgb.rounds = 30;
  o.params.lambdamart.rounds = 30;
  o.params.permutation_folds = 2;
  o.params.plots = false;
  o.config_yaml = "test";
  o.run_id = "train-test";
  return o;
}

TrainSummary Train(Store& store, const TrainOptions& options) {
  auto s = RunTrain(store, options, {});
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : TrainSummary{};
}

// (model name, date, ticker) -> score of the stored predictions.
std::map<std::tuple<std::string, DateDays, std::string>, double> Predictions(const Store& store,
                                                                            const TrainSummary& s) {
  std::map<std::string, std::string> name_of;
  for (const TrainedModel& m : s.models) name_of[m.model_id] = m.model;
  auto t = store.Read(schema::Predictions(), "");
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  std::map<std::tuple<std::string, DateDays, std::string>, double> out;
  for (size_t r = 0; r < t->num_rows(); ++r) {
    const std::string& id = t->Column<std::string>("model_id")[r];
    if (!name_of.count(id)) continue;
    out[{name_of[id], t->Column<int32_t>("date")[r], t->Column<std::string>("ticker")[r]}] =
        t->Column<double>("score")[r];
  }
  return out;
}

TEST(RunTrain, RecoversThePlantedSignalOutOfSample) {
  SimulatedMarket& m = SignalMarket();
  const TrainSummary s = Train(*m.store, Options({"ridge", "logistic", "xgb", "lambdamart", "ensemble"}));
  ASSERT_EQ(s.models.size(), 6u);
  // The daily Spearman IC of the planted signal over N tickers has mean X N/(N+1) ~ X and standard
  // deviation (1 - X^2)/sqrt(N - 1) (docs/simulated_market.md); over T ~ 500 days the mean's
  // standard error is about 0.99 / sqrt(59 * 500) = 0.006. A model only loses signal (noise in
  // its weights on the other 46 features), so the best one must lie within 4 standard errors
  // below X, and cannot exceed it by more than 4 standard errors.
  const TrainedModel& best = s.models.front();
  EXPECT_GT(best.oos_days, 450u);
  const double se = 0.99 / std::sqrt((kTickers - 1.0) * static_cast<double>(best.oos_days));
  EXPECT_NEAR(best.oos_rank_ic, 0.1, 4 * se) << best.model;
  for (const TrainedModel& model : s.models) {
    EXPECT_GT(model.oos_t_stat, 5.0) << model.model << " finds the signal";
  }
}

TEST(RunTrain, FindsNothingWhereNothingIsPlanted) {
  SimulatedMarket& m = NullMarket();
  const TrainSummary s = Train(*m.store, Options({"ridge", "logistic", "xgb", "lambdamart", "ensemble"}));
  ASSERT_EQ(s.models.size(), 6u);
  for (const TrainedModel& model : s.models) {
    EXPECT_LT(std::abs(model.oos_t_stat), 3.0) << model.model << ": mean rank IC " << model.oos_rank_ic;
  }
}

TEST(RunTrain, SameInputsGiveTheSameBits) {
  SimulatedMarket& m = NullMarket();
  const TrainOptions o = Options({"ridge", "xgb", "lambdamart", "ensemble"});
  const TrainSummary first = Train(*m.store, o);
  const auto before = Predictions(*m.store, first);
  auto metrics_before = m.store->Read(schema::ModelMetrics(), "");
  const std::string report_before = eda::testing::Text(m.store->data_dir() + "/reports/model_eval.json");
  const TrainSummary second = Train(*m.store, o);
  ASSERT_EQ(first.models.size(), second.models.size());
  for (size_t k = 0; k < first.models.size(); ++k) EXPECT_EQ(first.models[k].model_id, second.models[k].model_id);
  const auto after = Predictions(*m.store, second);
  ASSERT_FALSE(before.empty());
  EXPECT_TRUE(before == after) << "every score bit-identical";
  auto metrics_after = m.store->Read(schema::ModelMetrics(), "");
  ASSERT_TRUE(metrics_before.ok() && metrics_after.ok());
  const std::vector<double>& a = metrics_before->Column<double>("rank_ic");
  const std::vector<double>& b = metrics_after->Column<double>("rank_ic");
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(double)), 0) << "fold metrics bit-identical";
  EXPECT_EQ(report_before, eda::testing::Text(m.store->data_dir() + "/reports/model_eval.json"));
}

// A copy of `store`'s features in a new store at `data_dir` with every row after `day` rewritten:
// prices up 30% (so forward returns into and after the day change), every normalized predictor negated.
std::unique_ptr<Store> RewrittenAfter(const Store& store, DateDays day, const std::string& data_dir) {
  eda::testing::FeatureTables tables = eda::testing::ReadFeatures(store);
  for (Table* t : {&tables.normalized, &tables.raw}) {
    const auto& dates = t->Column<int32_t>("date");
    for (size_t c = 0; c < t->spec().columns.size(); ++c) {
      const ColumnSpec& col = t->spec().columns[c];
      if (col.type != ColumnType::kDouble) continue;
      auto& values = std::get<std::vector<double>>(t->columns()[c]);
      for (size_t r = 0; r < values.size(); ++r) {
        if (dates[r] <= day) continue;
        values[r] = t == &tables.raw ? (col.name == "close" ? values[r] * 1.3 : values[r]) : -values[r];
      }
    }
  }
  return eda::testing::FeatureStore(data_dir, tables);
}

TEST(RunTrain, DataAfterADayChangesNoPredictionUpToIt) {
  SimulatedMarket& m = SignalMarket();
  const TrainOptions o = Options({"ridge", "logistic", "xgb", "lambdamart", "ensemble"});
  const TrainSummary original = Train(*m.store, o);
  const auto before = Predictions(*m.store, original);
  const DateDays d = DaysFromCivil(2022, 3, 15);
  test_util::TempDir dir;
  auto perturbed = RewrittenAfter(*m.store, d, dir.path() + "/data");
  const TrainSummary changed = Train(*perturbed, o);
  const auto after = Predictions(*perturbed, changed);
  size_t compared = 0;
  size_t later_differ = 0;
  for (const auto& [key, score] : before) {
    const auto it = after.find(key);
    ASSERT_NE(it, after.end());
    if (std::get<1>(key) <= d) {
      ASSERT_EQ(score, it->second) << std::get<0>(key) << " " << FormatDate(std::get<1>(key)) << " "
                                   << std::get<2>(key);
      ++compared;
    } else if (score != it->second) {
      ++later_differ;
    }
  }
  EXPECT_GT(compared, 80000u);
  EXPECT_GT(later_differ, 10000u) << "the perturbation reaches the predictions after D";
}

TEST(RunTrain, NoFoldTrainsOnALabelReachingItsTestPeriod) {
  SimulatedMarket& m = NullMarket();
  TrainOptions o = Options({"ridge"});
  o.params.horizon = 5;
  o.params.walk_forward.embargo_days = 3;
  const TrainSummary s = Train(*m.store, o);
  ASSERT_EQ(s.models.size(), 1u);
  auto reg = ReadModel(m.store->data_dir(), s.models.front().model_id, true);
  ASSERT_TRUE(reg.ok()) << reg.status().ToString();
  // Trading days of the market, from the stored features.
  const eda::testing::FeatureTables tables = eda::testing::ReadFeatures(*m.store);
  std::vector<DateDays> days(tables.raw.Column<int32_t>("date").begin(), tables.raw.Column<int32_t>("date").end());
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  auto index = [&](const std::string& text) {
    return std::lower_bound(days.begin(), days.end(), *ParseDate(text)) - days.begin();
  };
  ASSERT_GT(reg->folds.size(), 10u);
  for (const auto& fold : reg->folds) {
    // The last training day's label ends 5 trading days later; 3 more days of embargo follow.
    const auto last_label_end = index(fold["train_end"].get<std::string>()) + 5;
    EXPECT_LT(last_label_end + 3, index(fold["test_start"].get<std::string>())) << fold.dump();
  }
}

// qtp validate's training: the development folds end before the gap, the held-out days are scored
// by models fitted on development labels only, and no development score or IC moves when every
// feature row after the gap's first day is rewritten.
TEST(TrainWithHoldout, TheHeldOutPeriodReachesNoDevelopmentNumber) {
  SimulatedMarket& m = SignalMarket();
  const TrainOptions o = Options({"ridge", "xgb", "ensemble"});
  constexpr size_t kHoldout = 126;
  auto trained = TrainWithHoldout(*m.store, o, kHoldout, {});
  ASSERT_TRUE(trained.ok()) << trained.status().ToString();
  const HeldOutTraining& t = *trained;
  ASSERT_EQ(t.models.size(), 4u);  // ridge, xgb and the two ensembles
  EXPECT_EQ(t.holdout_first, t.dates.size() - kHoldout);
  EXPECT_EQ(t.development_days, t.holdout_first - 1 - 5) << "a gap of horizon + embargo_days";
  for (const Fold& f : t.development_folds) {
    EXPECT_LE(f.test_end, t.development_days);
    EXPECT_LT(f.train_end - 1 + 1 + 5, f.test_first) << "purged and embargoed";
  }
  const size_t first_test = t.development_folds.front().test_first;
  for (const HeldOutModel& model : t.models) {
    for (size_t d = 0; d < t.dates.size(); ++d) {
      const bool scored = (d >= first_test && d < t.development_days) || d >= t.holdout_first;
      for (size_t r = t.day_begin[d]; r < t.day_begin[d + 1]; ++r) {
        ASSERT_EQ(std::isfinite(model.scores[r]), scored) << model.name << " " << FormatDate(t.dates[d]);
      }
    }
  }

  // Every feature row after the gap's first day rewritten: the labels of the held-out period and
  // the features the held-out models score change.
  const DateDays cut = t.dates[t.development_days];
  test_util::TempDir dir;
  auto perturbed = RewrittenAfter(*m.store, cut, dir.path() + "/data");
  auto retrained = TrainWithHoldout(*perturbed, o, kHoldout, {});
  ASSERT_TRUE(retrained.ok()) << retrained.status().ToString();
  ASSERT_EQ(retrained->dates, t.dates);
  ASSERT_EQ(retrained->development_days, t.development_days);
  size_t holdout_changed = 0;
  for (size_t k = 0; k < t.models.size(); ++k) {
    const HeldOutModel& a = t.models[k];
    const HeldOutModel& b = retrained->models[k];
    for (size_t d = 0; d < t.development_days; ++d) {
      if (std::isfinite(a.daily_rank_ic[d]) || std::isfinite(b.daily_rank_ic[d])) {
        ASSERT_EQ(a.daily_rank_ic[d], b.daily_rank_ic[d]) << a.name << " " << FormatDate(t.dates[d]);
      }
      for (size_t r = t.day_begin[d]; r < t.day_begin[d + 1]; ++r) {
        if (std::isfinite(a.scores[r])) {
          ASSERT_EQ(a.scores[r], b.scores[r]) << a.name << " " << FormatDate(t.dates[d]);
        }
      }
    }
    for (size_t r = t.day_begin[t.holdout_first]; r < a.scores.size(); ++r) {
      holdout_changed += a.scores[r] != b.scores[r] ? 1 : 0;
    }
  }
  EXPECT_GT(holdout_changed, 1000u) << "the rewrite reaches the held-out scores";
}

}  // namespace
}  // namespace qtp::models
