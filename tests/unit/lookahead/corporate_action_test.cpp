// No lookahead through corporate actions: a split or a dividend that goes ex after day D leaves every
// output for the days up to D bit-identical, through clean, features, select and eda. Clean bars are
// stored as traded and each day is read in its own basis (clean/adjust.h), so knowing a later action
// changes nothing already computed. The one documented exception, turnover under a split (shares
// outstanding is a single current figure), is checked to be the only difference.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "qtp/core/table_ops.h"
#include "qtp/data/clean/run_clean.h"
#include "qtp/data/ingest/ingestor.h"
#include "qtp/data/simulate/run_simulate.h"
#include "qtp/data/store/eda_columns.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/paths.h"
#include "qtp/data/store/schema.h"
#include "qtp/data/store/selection_columns.h"
#include "qtp/eda/run_eda.h"
#include "qtp/features/run_features.h"
#include "qtp/universe/run_select.h"
#include "test_util/temp_dir.h"

namespace qtp {
namespace {

const DateDays kD = DaysFromCivil(2022, 3, 31);
const DateDays kDividendExDate = DaysFromCivil(2022, 5, 2);  // > 10 trading days (the longest EDA horizon) after kD
const DateDays kSplitExDate = DaysFromCivil(2022, 5, 16);

struct Market {
  test_util::TempDir dir;
  std::unique_ptr<Store> store;
  std::vector<std::string> tickers;
};

std::unique_ptr<Market> Simulate() {
  auto m = std::make_unique<Market>();
  auto store = Store::Open({m->dir.path(), "test", StoreMode::kWrite, 0});
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  m->store = std::move(store).value();
  Ingestor ingestor(*m->store);
  sim::SimulateRequest request;
  request.tickers = 8;
  request.start = DaysFromCivil(2021, 1, 4);
  request.end = DaysFromCivil(2022, 6, 30);
  request.seed = 7;
  auto simulated = sim::RunSimulate(ingestor, sim::SimulatorParams{}, request,
                                    paths::Join(m->dir.path(), paths::kUniverseCsv), {});
  EXPECT_TRUE(simulated.ok()) << simulated.status().ToString();
  m->tickers = m->store->Tickers(schema::RawBars5m());
  return m;
}

void AddAction(Market& m, CorporateAction action) {
  Ingestor ingestor(*m.store);
  ASSERT_TRUE(ingestor.AddCorporateActions({action}).ok());
}

CorporateAction Action(const std::string& ticker, DateDays ex_date, CorporateActionType type, double value) {
  CorporateAction a;
  a.ticker = ticker;
  a.ex_date = ex_date;
  a.type = type;
  (type == CorporateActionType::kSplit ? a.split_ratio : a.dividend) = value;
  a.source = "test";
  return a;
}

// clean, features, select, eda, as `qtp` runs them.
void RunPipeline(Market& m) {
  auto cleaned = clean::RunClean(*m.store, clean::CleanParams{}, "clean", {});
  ASSERT_TRUE(cleaned.ok()) << cleaned.status().ToString();
  auto features = features::RunFeatures(*m.store, features::FeatureParams{}, {}, {});
  ASSERT_TRUE(features.ok()) << features.status().ToString();
  universe::SelectParams select;
  select.k = 3;
  select.buffer = 1;
  select.min_history_days = 60;
  select.min_adv_usd = 0;
  select.rebalance = "daily";
  auto selected = universe::RunSelect(*m.store, select, nullptr);
  ASSERT_TRUE(selected.ok()) << selected.status().ToString();
  eda::EdaParams eda;
  eda.plots = false;
  eda.ic_min_tickers = 5;  // of the 8 tickers
  auto analysed = eda::RunEda(*m.store, eda, features::FeatureParams{}, "eda", {});
  ASSERT_TRUE(analysed.ok()) << analysed.status().ToString();
}

Table ReadAll(const Store& store, const TableSpec& spec) {
  auto t = store.Read(spec, "");
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return std::move(t).value();
}

// Rows of `t` dated up to kD (past) or after it, in stored order.
Table Rows(const Table& t, bool past) {
  std::vector<size_t> rows;
  const auto& dates = t.Column<int32_t>("date");
  for (size_t i = 0; i < t.num_rows(); ++i) {
    if ((dates[i] <= kD) == past) rows.push_back(i);
  }
  return TakeRows(t, rows);
}

// Index of the first column of `spec` (but `skip`) where rows i of `a` and `b` differ, or -1.
int FirstDifference(const Table& a, const Table& b, size_t i, const std::set<std::string>& skip) {
  for (size_t c = 0; c < a.spec().columns.size(); ++c) {
    if (skip.count(a.spec().columns[c].name) == 0 && CompareRows(a, i, b, i, {static_cast<int>(c)}) != 0) {
      return static_cast<int>(c);
    }
  }
  return -1;
}

// The rows dated <= kD of `spec` are the same in both stores, every column but `skip`; returns
// whether some later row differs in a compared column.
bool ExpectSamePast(const Market& a, const Market& b, const TableSpec& spec, const std::set<std::string>& skip = {},
                    bool may_be_empty = false) {
  const Table all_a = ReadAll(*a.store, spec), all_b = ReadAll(*b.store, spec);
  const Table pa = Rows(all_a, true), pb = Rows(all_b, true);
  EXPECT_EQ(pa.num_rows(), pb.num_rows()) << spec.name;
  if (!may_be_empty) {
    EXPECT_GT(pa.num_rows(), 0u) << spec.name;
  }
  for (size_t i = 0; i < std::min(pa.num_rows(), pb.num_rows()); ++i) {
    if (const int c = FirstDifference(pa, pb, i, skip); c >= 0) {
      ADD_FAILURE() << spec.name << " row " << i << " (" << FormatDate(pa.Column<int32_t>("date")[i]) << ") column "
                    << spec.columns[static_cast<size_t>(c)].name << " changed by a later action";
      return false;
    }
  }
  const Table la = Rows(all_a, false), lb = Rows(all_b, false);
  if (la.num_rows() != lb.num_rows()) return true;
  for (size_t i = 0; i < la.num_rows(); ++i) {
    if (FirstDifference(la, lb, i, skip) >= 0) return true;
  }
  return false;
}

TEST(CorporateActionAfterD, ADividendLeavesEveryOutputUpToDIdentical) {
  auto a = Simulate(), b = Simulate();
  AddAction(*b, Action(b->tickers[0], kDividendExDate, CorporateActionType::kDividend, 0.5));
  RunPipeline(*a);
  RunPipeline(*b);
  EXPECT_TRUE(ExpectSamePast(*a, *b, schema::FeaturesRaw())) << "the dividend must reach the features after D";
  ExpectSamePast(*a, *b, schema::Features());
  ExpectSamePast(*a, *b, schema::TopKHistory());
  for (const TableSpec* spec : {&schema::FeatureIc(), &schema::FeatureAutocorr(), &schema::FeatureCorr(),
                                &schema::EdaDays()}) {
    ExpectSamePast(*a, *b, *spec);
  }
  ExpectSamePast(*a, *b, schema::EdaMissingForward(), {}, /*may_be_empty=*/true);  // rows only where one is missing
}

TEST(CorporateActionAfterD, ASplitChangesNothingUpToDButTurnover) {
  auto a = Simulate(), b = Simulate();
  AddAction(*b, Action(b->tickers[1], kSplitExDate, CorporateActionType::kSplit, 4.0));
  RunPipeline(*a);
  RunPipeline(*b);
  EXPECT_TRUE(ExpectSamePast(*a, *b, schema::FeaturesRaw(), {"turnover"}))
      << "the split must reach the features after D";
  ExpectSamePast(*a, *b, schema::Features(), {"turnover"});
  ExpectSamePast(*a, *b, schema::TopKHistory());
  // The exception itself: the split ticker's turnover up to D is in today's (post-split) shares.
  const Table ra = Rows(ReadAll(*a->store, schema::FeaturesRaw()), true);
  const Table rb = Rows(ReadAll(*b->store, schema::FeaturesRaw()), true);
  size_t checked = 0;
  for (size_t i = 0; i < ra.num_rows(); ++i) {
    const bool split_ticker = ra.Column<std::string>("ticker")[i] == a->tickers[1];
    if (!split_ticker || !std::isfinite(ra.Column<double>("turnover")[i])) continue;
    EXPECT_DOUBLE_EQ(rb.Column<double>("turnover")[i], 4.0 * ra.Column<double>("turnover")[i]);
    ++checked;
  }
  EXPECT_GT(checked, 0u);
}

}  // namespace
}  // namespace qtp
