// The rankings of an as-of date from a tiny hand-made store: top-K restriction, ranks and ties,
// rank_change against the previous published date (also across a year boundary), the primary model,
// the shown features and sector, clear errors, idempotent storing, and no lookahead.
#include "qtp/pipeline/rankings.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "qtp/core/table_ops.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/model_columns.h"
#include "qtp/data/store/paths.h"
#include "qtp/data/store/production_columns.h"
#include "qtp/data/store/selection_columns.h"
#include "test_util/qtp_project.h"
#include "test_util/temp_dir.h"

namespace qtp {
namespace {

const DateDays kD0 = DaysFromCivil(2023, 12, 28);
const DateDays kD1 = DaysFromCivil(2023, 12, 29);
const DateDays kD2 = DaysFromCivil(2024, 1, 2);

struct Prediction {
  DateDays date;
  std::string ticker;
  std::string model_id;
  double score;
};

class RankingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open({dir_.path(), "test-run", StoreMode::kWrite, 0});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    RegisterModel("m_a", 0.05);
    RegisterModel("m_b", 0.02);
    RegisterModel("m_old", 0.30);  // registered, but not of the latest train: never ranked
    ASSERT_TRUE(models::WriteCurrent(dir_.path(), {"m_a", "m_b"}).ok());
    test_util::WriteFileText(paths::Join(dir_.path(), paths::kUniverseCsv),
                             "ticker,name,sector,shares_outstanding\nAAA,A Co,Tech,1e6\nBBB,B Co,Energy,1e6\n"
                             "CCC,C Co,Tech,1e6\nDDD,D Co,,1e6\nEEE,E Co,Health,1e6\n");
    // D0 and D1: top-K is AAA..DDD (EEE is scored but not selected).
    std::vector<Prediction> predictions;
    for (DateDays d : {kD0, kD1}) {
      const bool later = d == kD1;
      predictions.push_back({d, "AAA", "m_a", later ? 0.1 : 0.4});
      predictions.push_back({d, "BBB", "m_a", later ? 0.3 : 0.3});
      predictions.push_back({d, "CCC", "m_a", later ? 0.3 : 0.2});  // D1: ties BBB, the ticker decides
      predictions.push_back({d, "DDD", "m_a", later ? 0.2 : 0.1});
      predictions.push_back({d, "EEE", "m_a", 0.9});
      predictions.push_back({d, "AAA", "m_b", 0.5});
      predictions.push_back({d, "CCC", "m_b", 0.6});  // m_b scored only two of the names
      predictions.push_back({d, "AAA", "m_old", 0.9});
    }
    WritePredictions(predictions);
    WriteTopK({{kD0, {"AAA", "BBB", "CCC", "DDD"}}, {kD1, {"BBB", "AAA", "DDD", "CCC"}}});
    WriteFeatures({kD0, kD1}, {"AAA", "BBB", "CCC", "DDD", "EEE"});
    ASSERT_TRUE(store_->Commit().ok());
  }

  void RegisterModel(const std::string& id, double mean_rank_ic) {
    models::RegisteredModel m;
    m.model_id = id;
    m.model = "ridge";
    m.family = "ridge";
    m.summary = {{"mean_rank_ic", mean_rank_ic}};
    m.hyperparameters = nlohmann::ordered_json::object();
    m.folds = nlohmann::ordered_json::array();
    m.artifact = "{}";
    ASSERT_TRUE(models::WriteModel(dir_.path(), m).ok());
  }

  void WritePredictions(const std::vector<Prediction>& rows) {
    Table t(schema::Predictions());
    for (const Prediction& p : rows) {
      t.Column<int32_t>("date").push_back(p.date);
      t.Column<std::string>("ticker").push_back(p.ticker);
      t.Column<std::string>("model_id").push_back(p.model_id);
      t.Column<double>("score").push_back(p.score);
      t.Column<int64_t>("rank").push_back(1);
      t.Column<std::string>("split").push_back("walk_forward");
    }
    ASSERT_TRUE(store_->Merge(schema::Predictions(), "", std::move(t)).ok());
  }

  void WriteTopK(const std::vector<std::pair<DateDays, std::vector<std::string>>>& days) {
    Table t(schema::TopKHistory());
    for (const auto& [date, tickers] : days) {
      for (size_t r = 0; r < tickers.size(); ++r) {
        t.Column<int32_t>("date").push_back(date);
        t.Column<std::string>("ticker").push_back(tickers[r]);
        t.Column<int64_t>("rank").push_back(static_cast<int64_t>(r + 1));
        for (const char* c : {"score", "liquidity_score", "volatility_score", "trend_score", "close", "adv_20"}) {
          t.Column<double>(c).push_back(0.5);
        }
        for (const char* c : {"rebalance", "entered", "history_days"}) t.Column<int64_t>(c).push_back(1);
      }
    }
    ASSERT_TRUE(store_->Merge(schema::TopKHistory(), "", std::move(t)).ok());
  }

  // close = 100 + day offset, hurst = 0.5; every other feature NULL.
  void WriteFeatures(const std::vector<DateDays>& dates, const std::vector<std::string>& tickers, double bump = 0) {
    Table t(schema::FeaturesRaw());
    for (DateDays d : dates) {
      for (const std::string& ticker : tickers) {
        for (const ColumnSpec& c : schema::FeaturesRaw().columns) {
          if (c.name == "date") {
            t.Column<int32_t>("date").push_back(d);
          } else if (c.name == "ticker") {
            t.Column<std::string>("ticker").push_back(ticker);
          } else if (c.type == ColumnType::kInt64) {
            t.Column<int64_t>(c.name).push_back(78);
          } else if (c.name == "close") {
            t.Column<double>(c.name).push_back(100 + (d - kD0) + bump);
          } else if (c.name == "hurst") {
            t.Column<double>(c.name).push_back(0.5 + bump);
          } else {
            t.Column<double>(c.name).push_back(std::nan(""));
          }
        }
      }
    }
    ASSERT_TRUE(store_->Merge(schema::FeaturesRaw(), "", std::move(t)).ok());
  }

  // model_id|ticker → (rank, rank_change or -999 for NULL).
  static std::map<std::string, std::pair<int64_t, int64_t>> Ranks(const Table& t) {
    std::map<std::string, std::pair<int64_t, int64_t>> out;
    for (size_t i = 0; i < t.num_rows(); ++i) {
      const int64_t change = t.Column<int64_t>("rank_change")[i];
      out[t.Column<std::string>("model_id")[i] + "|" + t.Column<std::string>("ticker")[i]] = {
          t.Column<int64_t>("rank")[i], change == kNullInt64 ? -999 : change};
    }
    return out;
  }

  Table Build(DateDays day, const std::string& primary = "auto") {
    auto t = BuildRankings(*store_, day, primary);
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return t.ok() ? std::move(*t) : Table(schema::Rankings());
  }

  void Publish(DateDays day) {
    auto stored = StoreRankings(*store_, day, Build(day));
    ASSERT_TRUE(stored.ok()) << stored.status().ToString();
    ASSERT_TRUE(store_->Commit().ok());
  }

  test_util::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(RankingsTest, RanksEachCurrentModelOverTheDaysTopK) {
  RankingsInfo info;
  auto built = BuildRankings(*store_, kD1, "auto", &info);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const Table& t = *built;
  EXPECT_EQ(info.models, (std::vector<std::string>{"m_a", "m_b"})) << "m_old is not current";
  EXPECT_EQ(info.primary_model, "m_a") << "auto: the best mean out-of-sample rank IC";
  EXPECT_EQ(info.names, 4u);
  EXPECT_EQ(info.rows, 6u);
  const std::map<std::string, std::pair<int64_t, int64_t>> expected = {{"m_a|BBB", {1, -999}}, {"m_a|CCC", {2, -999}},
                                                                       {"m_a|DDD", {3, -999}}, {"m_a|AAA", {4, -999}},
                                                                       {"m_b|CCC", {1, -999}}, {"m_b|AAA", {2, -999}}};
  EXPECT_EQ(Ranks(t), expected) << "EEE is not in the top-K; BBB beats CCC's equal score by ticker";
  for (size_t i = 0; i < t.num_rows(); ++i) {
    const std::string ticker = t.Column<std::string>("ticker")[i];
    EXPECT_EQ(t.Column<int32_t>("as_of")[i], kD1);
    EXPECT_EQ(t.Column<int64_t>("is_primary")[i], t.Column<std::string>("model_id")[i] == "m_a" ? 1 : 0);
    const std::map<std::string, std::string> sectors = {
        {"AAA", "Tech"}, {"BBB", "Energy"}, {"CCC", "Tech"}, {"DDD", ""}};
    EXPECT_EQ(t.Column<std::string>("sector")[i], sectors.at(ticker)) << ticker;
    const std::map<std::string, int64_t> universe_ranks = {{"BBB", 1}, {"AAA", 2}, {"DDD", 3}, {"CCC", 4}};
    EXPECT_EQ(t.Column<int64_t>("universe_rank")[i], universe_ranks.at(ticker)) << ticker;
    EXPECT_EQ(t.Column<double>("close")[i], 101.0);
    EXPECT_EQ(t.Column<double>("hurst")[i], 0.5);
    EXPECT_TRUE(std::isnan(t.Column<double>("adv_20")[i]));
  }
  // Key order, as the store keeps it.
  EXPECT_TRUE(SortOrder(t, KeyColumns(schema::Rankings())).empty());
}

TEST_F(RankingsTest, RankChangeComparesWithTheModelsPreviousPublishedDate) {
  Publish(kD0);
  const auto d1 = Ranks(Build(kD1));
  // D0 ranks of m_a: AAA 1, BBB 2, CCC 3, DDD 4; D1: BBB 1, CCC 2, DDD 3, AAA 4.
  EXPECT_EQ(d1.at("m_a|BBB"), (std::pair<int64_t, int64_t>{1, 1}));
  EXPECT_EQ(d1.at("m_a|AAA"), (std::pair<int64_t, int64_t>{4, -3}));
  EXPECT_EQ(d1.at("m_b|CCC"), (std::pair<int64_t, int64_t>{1, 0}));
  Publish(kD1);

  // D2 is in the next year: the previous date (D1) is found in the year before.
  WritePredictions({{kD2, "AAA", "m_a", 0.9}, {kD2, "EEE", "m_a", 0.8}, {kD2, "BBB", "m_a", 0.1}});
  WriteTopK({{kD2, {"AAA", "EEE", "BBB"}}});
  WriteFeatures({kD2}, {"AAA", "BBB", "EEE"});
  ASSERT_TRUE(store_->Commit().ok());
  RankingsInfo info;
  auto d2 = BuildRankings(*store_, kD2, "auto", &info);
  ASSERT_TRUE(d2.ok()) << d2.status().ToString();
  EXPECT_EQ(info.models, std::vector<std::string>{"m_a"}) << "m_b scored nothing on D2";
  const auto ranks = Ranks(*d2);
  EXPECT_EQ(ranks.at("m_a|AAA"), (std::pair<int64_t, int64_t>{1, 3}));
  EXPECT_EQ(ranks.at("m_a|EEE"), (std::pair<int64_t, int64_t>{2, -999})) << "not ranked on D1";
  EXPECT_EQ(ranks.at("m_a|BBB"), (std::pair<int64_t, int64_t>{3, -2}));
}

TEST_F(RankingsTest, ChangesAfterTheDateDoNotChangeItsRankings) {
  Publish(kD0);
  const Table before = Build(kD1);
  // Everything later days bring, in D1's own year partition and in the next: their predictions,
  // selections, features (other values) and published rankings.
  const DateDays year_end = DaysFromCivil(2023, 12, 31);
  for (DateDays later : {year_end, kD2}) {
    WritePredictions({{later, "AAA", "m_a", 0.9}, {later, "BBB", "m_a", 0.1}, {later, "CCC", "m_b", 0.2}});
    WriteTopK({{later, {"AAA", "BBB", "CCC"}}});
    WriteFeatures({later}, {"AAA", "BBB", "CCC"}, 7.0);
    ASSERT_TRUE(store_->Commit().ok());
    Publish(later);
  }
  const Table after = Build(kD1);
  ASSERT_EQ(after.num_rows(), before.num_rows());
  for (size_t i = 0; i < before.num_rows(); ++i) EXPECT_TRUE(RowsEqual(before, i, after, i)) << "row " << i;
}

TEST_F(RankingsTest, StoringTheSameRankingsAgainRewritesNothingAndKeepsOtherDates) {
  Publish(kD0);
  Publish(kD1);
  const std::string manifest = test_util::ReadFileText(paths::Join(dir_.path(), paths::kManifestFile));
  Publish(kD1);
  EXPECT_EQ(test_util::ReadFileText(paths::Join(dir_.path(), paths::kManifestFile)), manifest);
  auto stored = store_->Read(schema::Rankings(), "", 2023, 2023);
  ASSERT_TRUE(stored.ok());
  std::map<DateDays, int> rows_by_date;
  for (int32_t d : stored->Column<int32_t>("as_of")) ++rows_by_date[d];
  EXPECT_EQ(rows_by_date, (std::map<DateDays, int>{{kD0, 6}, {kD1, 6}}));
}

TEST_F(RankingsTest, MissingInputsNameTheStageToRun) {
  const auto no_predictions = BuildRankings(*store_, kD2, "auto");
  ASSERT_FALSE(no_predictions.ok());
  EXPECT_EQ(no_predictions.status().code(), StatusCode::kNotFound);
  EXPECT_NE(no_predictions.status().message().find("qtp predict --date 2024-01-02"), std::string::npos)
      << no_predictions.status().ToString();

  WritePredictions({{kD2, "AAA", "m_a", 0.9}});
  ASSERT_TRUE(store_->Commit().ok());
  const auto no_topk = BuildRankings(*store_, kD2, "auto");
  ASSERT_FALSE(no_topk.ok());
  EXPECT_NE(no_topk.status().message().find("qtp select"), std::string::npos) << no_topk.status().ToString();

  auto latest = LatestPredictionDate(*store_);
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(*latest, kD2);
}

TEST_F(RankingsTest, AConfiguredPrimaryModelMustBeRanked) {
  const Table t = Build(kD1, "m_b");
  for (size_t i = 0; i < t.num_rows(); ++i) {
    EXPECT_EQ(t.Column<int64_t>("is_primary")[i], t.Column<std::string>("model_id")[i] == "m_b" ? 1 : 0);
  }
  const auto unranked = BuildRankings(*store_, kD1, "m_old");
  ASSERT_FALSE(unranked.ok());
  EXPECT_NE(unranked.status().message().find("production.model 'm_old'"), std::string::npos)
      << unranked.status().ToString();
}

TEST(PrimaryModel, AutoTakesTheBestICWithTiesByModelId) {
  const auto model = [](std::string id, nlohmann::ordered_json summary) {
    models::RegisteredModel m;
    m.model_id = std::move(id);
    m.summary = std::move(summary);
    return m;
  };
  EXPECT_EQ(*models::PrimaryModel({model("z", {{"mean_rank_ic", 0.1}}), model("b", {{"mean_rank_ic", 0.1}}),
                                   model("a", {{"mean_rank_ic", 0.05}})},
                                  "auto"),
            "b");
  EXPECT_EQ(*models::PrimaryModel({model("z", {{"mean_rank_ic", nullptr}}),
                                   model("y", nlohmann::ordered_json::object()), model("x", {{"mean_rank_ic", -0.01}})},
                                  "auto"),
            "x")
      << "a negative IC still beats none";
  EXPECT_EQ(*models::PrimaryModel(
                {model("z", nlohmann::ordered_json::object()), model("y", {{"mean_rank_ic", nullptr}})}, "auto"),
            "y")
      << "no IC anywhere: the first by model_id";
  EXPECT_FALSE(models::PrimaryModel({}, "auto").ok());
}

}  // namespace
}  // namespace qtp
