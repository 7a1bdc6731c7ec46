// End to end on a small simulated market: simulate → clean → features → select.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "qtp/data/clean/run_clean.h"
#include "qtp/data/ingest/ingestor.h"
#include "qtp/data/simulate/run_simulate.h"
#include "qtp/features/run_features.h"
#include "universe_test_util.h"

namespace qtp::universe {
namespace {

using testing::Day;

class SimulatedMarketTest : public testing::StoreFixture {};

// Any finite value among the group's columns (the scorer's "has a sub-score").
bool AnyFinite(const Table& f, size_t row, const std::vector<std::string>& entries) {
  for (const std::string& entry : entries) {
    auto column = ParseScoreColumn(entry);
    if (column.ok() && std::isfinite(f.Column<double>(column->feature)[row])) return true;
  }
  return false;
}

TEST_F(SimulatedMarketTest, SelectsKNamesOnRebalanceDays) {
  sim::SimulatorParams market;
  market.faults = sim::FaultRates{0.0, 0.0, 0.0, 0.0, 0.0};
  sim::SimulateRequest request;
  request.tickers = 8;
  request.start = Day(2021, 1, 4);
  request.end = Day(2021, 6, 30);
  request.seed = 11;
  Ingestor ingestor(*store_);
  auto simulated =
      sim::RunSimulate(ingestor, market, request, store_->data_dir() + "/universe/sp500_constituents.csv", nullptr);
  ASSERT_TRUE(simulated.ok()) << simulated.status().ToString();
  auto cleaned = clean::RunClean(*store_, clean::CleanParams{}, "test-run", nullptr);
  ASSERT_TRUE(cleaned.ok()) << cleaned.status().ToString();
  auto featured = features::RunFeatures(*store_, features::FeatureParams{}, features::FeaturesRequest{}, nullptr);
  ASSERT_TRUE(featured.ok()) << featured.status().ToString();

  SelectParams params;  // default scoring; a small K and filters that fit an 8-ticker, half-year market
  params.k = 3;
  params.buffer = 1;
  params.min_price = 1.0;
  params.min_adv_usd = 1e6;
  params.min_history_days = 60;
  auto summary = RunSelect(*store_, params, nullptr);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->membership_days, 0u);  // no membership: survivor-only, every ticker eligible

  // Independently: trading days, ISO weeks (days since Monday 1970-01-05, divided by 7) and how
  // many tickers can be scored on each day.
  auto raw = store_->Read(schema::FeaturesRaw(), "");
  ASSERT_TRUE(raw.ok());
  const Table& f = *raw;
  std::map<DateDays, size_t> scorable;
  std::map<std::string, int64_t> rows_so_far;
  for (size_t i = 0; i < f.num_rows(); ++i) {
    const DateDays d = f.Column<int32_t>("date")[i];
    const int64_t seen = ++rows_so_far[f.Column<std::string>("ticker")[i]];
    scorable[d] += f.Column<double>("close")[i] >= params.min_price &&
                   f.Column<double>("adv_20")[i] >= params.min_adv_usd && seen >= params.min_history_days &&
                   AnyFinite(f, i, params.liquidity.columns) && AnyFinite(f, i, params.volatility.columns) &&
                   AnyFinite(f, i, params.trend.columns);
  }
  std::set<DateDays> rebalance_days;
  int64_t last_week = -1;
  for (const auto& [d, n] : scorable) {
    const int64_t week = (d - DaysFromCivil(1970, 1, 5)) / 7;
    if (week != last_week) rebalance_days.insert(d);
    last_week = week;
  }
  EXPECT_EQ(summary->days, scorable.size());
  EXPECT_EQ(summary->rebalances, rebalance_days.size());

  const Table h = History(*store_);
  std::map<DateDays, size_t> selected;
  for (size_t i = 0; i < h.num_rows(); ++i) {
    const DateDays d = h.Column<int32_t>("date")[i];
    ++selected[d];
    EXPECT_EQ(h.Column<int64_t>("rebalance")[i], rebalance_days.count(d) ? 1 : 0);
    EXPECT_GE(h.Column<int64_t>("rank")[i], 1);
    EXPECT_LE(h.Column<int64_t>("rank")[i], static_cast<int64_t>(scorable[d]));
    EXPECT_GE(h.Column<int64_t>("history_days")[i], params.min_history_days);
  }
  size_t full_rebalances = 0;
  for (const auto& [d, n] : scorable) {
    const size_t got = selected.count(d) ? selected[d] : 0;
    EXPECT_LE(got, static_cast<size_t>(params.k)) << FormatDate(d);
    if (rebalance_days.count(d)) {
      EXPECT_EQ(got, std::min(n, static_cast<size_t>(params.k))) << FormatDate(d);
      full_rebalances += got == static_cast<size_t>(params.k);
    }
  }
  EXPECT_GE(full_rebalances, 8u);  // about 13 weeks after the 60-day warm-up
  EXPECT_EQ(summary->latest_selected, selected[scorable.rbegin()->first]);
}

}  // namespace
}  // namespace qtp::universe
