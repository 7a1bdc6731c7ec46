// The champion's history (models/champion.h) and `qtp models promote` / `rollback` on a hand-made registry:
// which set a promotion makes the champion, rollback as an undo stack, clear errors, and the decision rows.
#include <gtest/gtest.h>

#include "qtp/data/store/retrain_columns.h"
#include "qtp/models/champion.h"
#include "qtp/models/registry.h"
#include "qtp/monitor/retrain.h"
#include "test_util/temp_dir.h"

namespace qtp::monitor {
namespace {

using Ids = std::vector<std::string>;

TEST(ChampionHistory, RollbackUndoesTheLatestChangeInEffect) {
  test_util::TempDir dir;
  ASSERT_TRUE(models::SetChampion(dir.path(), {"a"}, "train", "train-1").ok());
  ASSERT_TRUE(models::SetChampion(dir.path(), {"b1", "b2"}, "promote", "retrain-1").ok());
  ASSERT_TRUE(models::SetChampion(dir.path(), {"b1", "b2"}, "promote", "retrain-1").ok());  // no change: no entry
  ASSERT_TRUE(models::SetChampion(dir.path(), {"c"}, "promote", "models-promote-1").ok());
  auto history = models::ReadChampionHistory(dir.path());
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[1].previous, Ids({"a"}));
  EXPECT_EQ((*history)[1].run_id, "retrain-1");

  // Two rollbacks go back two changes; a third has nothing left.
  auto target = models::RollbackTarget(*history, {"c"});
  ASSERT_TRUE(target.ok()) << target.status().ToString();
  EXPECT_EQ(*target, Ids({"b1", "b2"}));
  ASSERT_TRUE(models::SetChampion(dir.path(), *target, "rollback", "models-rollback-1").ok());
  history = models::ReadChampionHistory(dir.path());
  target = models::RollbackTarget(*history, {"b1", "b2"});
  ASSERT_TRUE(target.ok()) << target.status().ToString();
  EXPECT_EQ(*target, Ids({"a"}));
  ASSERT_TRUE(models::SetChampion(dir.path(), *target, "rollback", "models-rollback-2").ok());
  EXPECT_EQ(*models::ReadCurrent(dir.path()), Ids({"a"}));
  history = models::ReadChampionHistory(dir.path());
  EXPECT_EQ(models::RollbackTarget(*history, {"a"}).status().code(), StatusCode::kNotFound)
      << "the first champion had no predecessor";
}

TEST(ChampionHistory, ACurrentFileTheHistoryDoesNotKnowIsRefused) {
  test_util::TempDir dir;
  EXPECT_EQ(models::RollbackTarget({}, {"a"}).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(models::SetChampion(dir.path(), {"a"}, "train", "t1").ok());
  ASSERT_TRUE(models::SetChampion(dir.path(), {"b"}, "train", "t2").ok());
  ASSERT_TRUE(models::WriteCurrent(dir.path(), {"edited"}).ok());
  const auto history = models::ReadChampionHistory(dir.path());
  const Status refused = models::RollbackTarget(*history, {"edited"}).status();
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.message().find("qtp models promote"), std::string::npos) << refused.ToString();
}

class PromoteRollbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open({dir_.path(), "test-run", StoreMode::kWrite, 0});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    for (const char* id : {"ridge-a", "xgb-a", "ridge-b", "xgb-b"}) Register(id, {});
    Register("ens-a", {"ridge-a", "xgb-a"});
    ASSERT_TRUE(models::SetChampion(dir_.path(), {"ridge-a", "xgb-a", "ens-a"}, "train", "train-1").ok());
    Decision trained;
    trained.as_of = kAsOf;
    trained.decision = "challenger";
    trained.champion_models = {"ridge-a", "xgb-a", "ens-a"};
    trained.challenger_models = {"ridge-b", "xgb-b"};
    ASSERT_TRUE(RecordDecisions(*store_, "retrain-1", {trained}).ok());
  }

  void Register(const std::string& id, const Ids& members) {
    models::RegisteredModel m;
    m.model_id = id;
    m.model = id.substr(0, id.find('-'));
    m.family = members.empty() ? m.model : "ensemble";
    m.members = members;
    m.weights.assign(members.size(), 0.5);
    m.hyperparameters = nlohmann::ordered_json::object();
    m.summary = nlohmann::ordered_json::object();
    m.folds = nlohmann::ordered_json::array();
    m.artifact = members.empty() ? "{}" : "";
    ASSERT_TRUE(models::WriteModel(dir_.path(), m).ok());
  }

  Ids Current() { return *models::ReadCurrent(dir_.path()); }

  static constexpr DateDays kAsOf = DaysFromCivil(2024, 3, 28);
  static constexpr DateDays kToday = DaysFromCivil(2024, 4, 2);
  test_util::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(PromoteRollbackTest, AChallengerModelPromotesItsWholeSet) {
  const auto promoted = PromoteModel(*store_, "xgb-b", "models-promote-1", kToday);
  ASSERT_TRUE(promoted.ok()) << promoted.status().ToString();
  EXPECT_EQ(Current(), Ids({"ridge-b", "xgb-b"}));
  EXPECT_EQ(promoted->champion_models, Ids({"ridge-a", "xgb-a", "ens-a"}));
  EXPECT_EQ(promoted->decision, "manual_promote");

  const auto again = PromoteModel(*store_, "challenger", "models-promote-2", kToday);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_NE(again->reason.find("already the champion"), std::string::npos) << again->reason;
  EXPECT_EQ(models::ReadChampionHistory(dir_.path())->size(), 2u) << "promoting the champion changes nothing";

  const auto rolled = RollbackChampion(*store_, "models-rollback-1", kToday);
  ASSERT_TRUE(rolled.ok()) << rolled.status().ToString();
  EXPECT_EQ(Current(), Ids({"ridge-a", "xgb-a", "ens-a"}));
  EXPECT_EQ(rolled->champion_after, Ids({"ridge-a", "xgb-a", "ens-a"}));
  EXPECT_EQ(RollbackChampion(*store_, "models-rollback-2", kToday).status().code(), StatusCode::kNotFound);

  // One row per decision, with the model ids involved.
  const auto rows = store_->Read(schema::ModelDecisions(), "");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->num_rows(), 4u) << "challenger, two promotions, one rollback";
  int manual = 0, rollbacks = 0;
  for (size_t r = 0; r < rows->num_rows(); ++r) {
    const std::string& decision = rows->Column<std::string>("decision")[r];
    if (decision == "manual_promote") {
      ++manual;
      EXPECT_EQ(rows->Column<std::string>("champion_after")[r], "ridge-b,xgb-b");
      EXPECT_EQ(rows->Column<int32_t>("as_of")[r], kToday);
    }
    if (decision == "rollback") {
      ++rollbacks;
      EXPECT_EQ(rows->Column<std::string>("champion_models")[r], "ridge-b,xgb-b");
      EXPECT_EQ(rows->Column<std::string>("champion_after")[r], "ridge-a,xgb-a,ens-a");
    }
  }
  EXPECT_EQ(manual, 2);
  EXPECT_EQ(rollbacks, 1);
}

TEST_F(PromoteRollbackTest, AnEnsembleBringsItsMembersAndUnknownIdsFail) {
  ASSERT_TRUE(models::SetChampion(dir_.path(), {"ridge-b"}, "promote", "p1").ok());
  const auto promoted = PromoteModel(*store_, "ens-a", "models-promote-1", kToday);
  ASSERT_TRUE(promoted.ok()) << promoted.status().ToString();
  EXPECT_EQ(Current(), Ids({"ridge-a", "xgb-a", "ens-a"}));
  const Status unknown = PromoteModel(*store_, "nope", "models-promote-2", kToday).status();
  EXPECT_EQ(unknown.code(), StatusCode::kNotFound);
  EXPECT_NE(unknown.message().find("nope"), std::string::npos) << unknown.ToString();
  EXPECT_EQ(Current(), Ids({"ridge-a", "xgb-a", "ens-a"})) << "a failed promotion changes nothing";
}

}  // namespace
}  // namespace qtp::monitor
