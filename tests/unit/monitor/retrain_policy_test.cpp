// The retraining policy: the schedule at month and week boundaries, which monitor alerts trigger a retrain,
// and the challenger's gates with the out-of-sample margin.
#include "qtp/monitor/retrain_policy.h"

#include <gtest/gtest.h>

#include <cmath>

#include "qtp/data/store/monitor_columns.h"

namespace qtp::monitor {
namespace {

DateDays Day(int y, unsigned m, unsigned d) { return DaysFromCivil(y, m, d); }

TEST(ScheduleDue, MonthlyIsDueFromTheFirstDayOfALaterMonth) {
  EXPECT_FALSE(ScheduleDue("monthly", Day(2024, 1, 31), Day(2024, 1, 31)));
  EXPECT_FALSE(ScheduleDue("monthly", Day(2024, 1, 2), Day(2024, 1, 31))) << "same month";
  EXPECT_TRUE(ScheduleDue("monthly", Day(2024, 1, 31), Day(2024, 2, 1)));
  EXPECT_TRUE(ScheduleDue("monthly", Day(2023, 12, 29), Day(2024, 1, 2))) << "across the year";
  EXPECT_TRUE(ScheduleDue("monthly", Day(2023, 2, 15), Day(2024, 1, 2))) << "an earlier month of an earlier year";
  EXPECT_FALSE(ScheduleDue("monthly", Day(2024, 3, 1), Day(2024, 2, 29))) << "a champion newer than the as-of";
}

TEST(ScheduleDue, WeeklyIsDueFromTheNextMonday) {
  // 2024-03-08 is a Friday, 2024-03-10 a Sunday, 2024-03-11 a Monday.
  EXPECT_FALSE(ScheduleDue("weekly", Day(2024, 3, 8), Day(2024, 3, 10)));
  EXPECT_TRUE(ScheduleDue("weekly", Day(2024, 3, 8), Day(2024, 3, 11)));
  EXPECT_FALSE(ScheduleDue("weekly", Day(2024, 3, 11), Day(2024, 3, 15)));
  // 2024-12-31 (Tuesday) and 2025-01-03 (Friday) are one ISO week.
  EXPECT_FALSE(ScheduleDue("weekly", Day(2024, 12, 31), Day(2025, 1, 3)));
  EXPECT_TRUE(ScheduleDue("weekly", Day(2024, 12, 31), Day(2025, 1, 6)));
}

TEST(ScheduleDue, NeverAndMissingDatesAreNotDue) {
  EXPECT_FALSE(ScheduleDue("never", Day(2020, 1, 1), Day(2024, 1, 1)));
  EXPECT_FALSE(ScheduleDue("monthly", kNullDate, Day(2024, 1, 1)));
}

struct DriftRow {
  DateDays as_of;
  std::string kind;
  std::string name;
  std::string status;
};

Table DriftTable(const std::vector<DriftRow>& rows) {
  Table t(schema::MonitorDrift());
  for (const DriftRow& r : rows) {
    t.Column<int32_t>("as_of").push_back(r.as_of);
    t.Column<std::string>("kind").push_back(r.kind);
    t.Column<std::string>("name").push_back(r.name);
    t.Column<std::string>("metric").push_back("psi");
    t.Column<double>("value").push_back(0.3);
    t.Column<double>("threshold").push_back(0.1);
    t.Column<double>("alert_threshold").push_back(0.25);
    t.Column<std::string>("status").push_back(r.status);
    for (const char* c : {"reference_first", "reference_last", "current_first", "current_last"}) {
      t.Column<int32_t>(c).push_back(kNullDate);
    }
    t.Column<int64_t>("n_reference").push_back(500);
    t.Column<int64_t>("n_current").push_back(500);
  }
  return t;
}

Table DecayTable(const std::vector<std::tuple<DateDays, std::string, std::string>>& rows) {
  Table t(schema::MonitorDecay());
  for (const auto& [as_of, model_id, status] : rows) {
    t.Column<int32_t>("as_of").push_back(as_of);
    t.Column<std::string>("model_id").push_back(model_id);
    t.Column<int64_t>("n_days").push_back(40);
    for (const char* c : {"rank_ic", "ic", "validated_rank_ic", "t_stat", "cusum"}) t.Column<double>(c).push_back(0);
    t.Column<std::string>("status").push_back(status);
  }
  return t;
}

class AlertTriggersTest : public ::testing::Test {
 protected:
  const DateDays trained_ = Day(2024, 2, 29);  // the champion's data_last
  const DateDays d1_ = Day(2024, 3, 4);
  const DateDays d2_ = Day(2024, 3, 5);
  const DateDays d3_ = Day(2024, 3, 6);
  const std::vector<std::string> champion_ = {"ridge-h1-a", "xgb-h1-b"};
  RetrainParams policy_;
  static constexpr double kShare = 0.5;  // drift.alert_feature_share
};

TEST_F(AlertTriggersTest, OnlyTheLatestMonitorRunUpToTheAsOfCounts) {
  const Table drift = DriftTable({{d1_, "feature", "ret_5d", "alert"},  // superseded by d2
                                  {d2_, "feature", "rv_20", "alert"},
                                  {d2_, "feature", "ret_5d", "ok"},
                                  {d3_, "feature", "hurst", "alert"}});  // after the as-of
  const std::vector<RetrainTrigger> triggers = AlertTriggers(drift, DecayTable({}), policy_, kShare, champion_, trained_, d2_);
  ASSERT_EQ(triggers.size(), 1u);
  EXPECT_EQ(triggers[0].source, "drift");
  EXPECT_EQ(triggers[0].as_of, d2_);
  EXPECT_EQ(triggers[0].detail, "1 of 2 features (rv_20)");
  EXPECT_EQ(TriggersText(triggers), "drift 2024-03-05 1 of 2 features (rv_20)");
  EXPECT_TRUE(AlertTriggers(drift, DecayTable({}), policy_, kShare, champion_, trained_, Day(2024, 3, 1)).empty())
      << "no monitor run up to the as-of";
}

TEST_F(AlertTriggersTest, FeaturesTriggerTogetherFromTheConfiguredShare) {
  const Table drift = DriftTable({{d2_, "feature", "rv_20", "alert"},
                                  {d2_, "feature", "ret_5d", "ok"},
                                  {d2_, "feature", "hurst", "warn"}});
  EXPECT_TRUE(AlertTriggers(drift, DecayTable({}), policy_, kShare, champion_, trained_, d2_).empty())
      << "one feature of three is below half";
  EXPECT_EQ(TriggersText(AlertTriggers(drift, DecayTable({}), policy_, 0.3, champion_, trained_, d2_)),
            "drift 2024-03-05 1 of 3 features (rv_20)");
}

TEST_F(AlertTriggersTest, KindsAndModelsThatCount) {
  const Table drift = DriftTable({{d2_, "prediction", "ridge-h1-a", "alert"},
                                  {d2_, "prediction", "old-h1-z", "alert"},  // not a champion model
                                  {d2_, "correlation", "features", "alert"},
                                  {d2_, "feature", "rv_20", "warn"}});
  const Table decay = DecayTable({{d2_, "xgb-h1-b", "alert"}, {d2_, "old-h1-z", "alert"}, {d2_, "ridge-h1-a", "ok"}});
  const std::vector<RetrainTrigger> triggers = AlertTriggers(drift, decay, policy_, kShare, champion_, trained_, d3_);
  ASSERT_EQ(triggers.size(), 2u);
  EXPECT_EQ(TriggersText(triggers), "drift 2024-03-05 prediction ridge-h1-a psi; decay 2024-03-05 model xgb-h1-b");

  RetrainParams no_drift = policy_;
  no_drift.on_drift = false;
  EXPECT_EQ(TriggersText(AlertTriggers(drift, decay, no_drift, kShare, champion_, trained_, d3_)),
            "decay 2024-03-05 model xgb-h1-b");
  RetrainParams neither = no_drift;
  neither.on_decay = false;
  EXPECT_TRUE(AlertTriggers(drift, decay, neither, kShare, champion_, trained_, d3_).empty());
}

TEST_F(AlertTriggersTest, AlertsNotAfterTheChampionsDataAreStale) {
  const Table drift = DriftTable({{trained_, "feature", "rv_20", "alert"}});
  const Table decay = DecayTable({{trained_, "ridge-h1-a", "alert"}});
  EXPECT_TRUE(AlertTriggers(drift, decay, policy_, kShare, champion_, trained_, d3_).empty());
  EXPECT_EQ(AlertTriggers(drift, decay, policy_, kShare, champion_, trained_ - 1, d3_).size(), 2u);
}

ChallengerEvidence Evidence(double champion, double challenger) {
  ChallengerEvidence e;
  e.min_fold_rank_ic = 0.03;
  e.compare_days = 40;
  e.champion_rank_ic = champion;
  e.challenger_rank_ic = challenger;
  return e;
}

TEST(ChallengerGates, TheMarginOverTheChampionIsInclusive) {
  // 0.25 and 0.125 are exact in binary: the difference is exactly the margin.
  const std::vector<GateCheck> exact = ChallengerGates(Evidence(0.125, 0.25), 0.02, 20, 0.125);
  ASSERT_EQ(exact.size(), 4u);
  EXPECT_EQ(exact[3].name, "rank_ic_improvement");
  EXPECT_DOUBLE_EQ(exact[3].value, 0.125);
  EXPECT_EQ(FirstFailedGate(exact), "");
  EXPECT_EQ(FirstFailedGate(ChallengerGates(Evidence(0.125, 0.2499), 0.02, 20, 0.125)), "rank_ic_improvement");
  EXPECT_EQ(FirstFailedGate(ChallengerGates(Evidence(0.05, 0.04), 0.02, 20, 0.0)), "rank_ic_improvement")
      << "worse than the champion fails even without a margin";
  EXPECT_EQ(FirstFailedGate(ChallengerGates(Evidence(kNaN, 0.04), 0.02, 20, 0.0)), "rank_ic_improvement")
      << "no champion IC: no evidence of an improvement";
}

TEST(ChallengerGates, EachGateFailsOnItsOwn) {
  ChallengerEvidence leak = Evidence(0.01, 0.05);
  leak.leak_suspect = true;
  EXPECT_EQ(FirstFailedGate(ChallengerGates(leak, 0.02, 20, 0.005)), "no_leak");
  ChallengerEvidence weak_fold = Evidence(0.01, 0.05);
  weak_fold.min_fold_rank_ic = 0.019;
  EXPECT_EQ(FirstFailedGate(ChallengerGates(weak_fold, 0.02, 20, 0.005)), "min_fold_ic");
  weak_fold.min_fold_rank_ic = kNaN;
  EXPECT_EQ(FirstFailedGate(ChallengerGates(weak_fold, 0.02, 20, 0.005)), "min_fold_ic");
  ChallengerEvidence short_window = Evidence(0.01, 0.05);
  short_window.compare_days = 19;
  EXPECT_EQ(FirstFailedGate(ChallengerGates(short_window, 0.02, 20, 0.005)), "compare_days");
  const nlohmann::ordered_json json = GatesJson(ChallengerGates(short_window, 0.02, 20, 0.005));
  EXPECT_EQ(json[2]["gate"], "compare_days");
  EXPECT_EQ(json[2]["value"], 19.0);
  EXPECT_EQ(json[2]["passed"], false);
}

TEST(MinFoldRankIc, TheWorstFoldAndUnmeasuredFolds) {
  const auto folds = [](std::vector<nlohmann::ordered_json> ics) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const nlohmann::ordered_json& ic : ics) {
      out.push_back({{"fold", out.size()}, {"test", {{"mean_rank_ic", ic}}}});
    }
    return out;
  };
  EXPECT_DOUBLE_EQ(MinFoldRankIc(folds({0.04, -0.01, 0.02})), -0.01);
  EXPECT_TRUE(std::isnan(MinFoldRankIc(folds({0.04, nullptr}))));
  EXPECT_TRUE(std::isnan(MinFoldRankIc(nlohmann::ordered_json::array())));
}

}  // namespace
}  // namespace qtp::monitor
