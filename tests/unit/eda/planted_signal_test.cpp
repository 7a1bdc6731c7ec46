// The whole chain on a simulated market: simulate -> clean -> features -> eda. The planted signal
// (feature sim_signal) must show the documented rank IC (docs/simulated_market.md, "The planted
// signal"), and with nothing planted no feature may look significant.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

#include "eda_test_util.h"
#include "qtp/core/file_util.h"
#include "qtp/data/store/eda_columns.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/eda/run_eda.h"

namespace qtp::eda {
namespace {

bool RegistryHas(const std::string& column) {
  for (const schema::FeatureColumn& c : schema::FeatureColumns()) {
    if (c.name == column) return true;
  }
  return false;
}

void RunOn(testing::SimulatedMarket& m) {
  EdaParams params;
  params.plots = false;
  auto summary = RunEda(*m.store, params, features::FeatureParams{}, "eda-test", {});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
}

struct Series {
  std::vector<double> rank_ic;
  std::vector<int64_t> n;
};

// The stored daily rank ICs at horizon 1, by feature.
std::map<std::string, Series> DailyRankIc(const Store& store) {
  auto t = store.Read(schema::FeatureIc(), "");
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  std::map<std::string, Series> out;
  const auto& feature = t->Column<std::string>("feature");
  const auto& horizon = t->Column<int64_t>("horizon");
  const auto& rank_ic = t->Column<double>("rank_ic");
  const auto& n = t->Column<int64_t>("n");
  for (size_t i = 0; i < t->num_rows(); ++i) {
    if (horizon[i] != 1 || !std::isfinite(rank_ic[i])) continue;
    out[feature[i]].rank_ic.push_back(rank_ic[i]);
    out[feature[i]].n.push_back(n[i]);
  }
  return out;
}

double Mean(const std::vector<double>& x) {
  double s = 0;
  for (double v : x) s += v;
  return s / static_cast<double>(x.size());
}

double StandardError(const std::vector<double>& x) {
  const double m = Mean(x);
  double ss = 0;
  for (double v : x) ss += (v - m) * (v - m);
  return std::sqrt(ss / static_cast<double>(x.size() - 1) / static_cast<double>(x.size()));
}

TEST(PlantedSignal, SimSignalShowsTheDocumentedRankIc) {
  if (!RegistryHas("sim_signal")) GTEST_SKIP() << "the feature registry has no sim_signal column yet";
  testing::SimulatedMarket& m = testing::SignalMarket();
  RunOn(m);
  const Series s = DailyRankIc(*m.store)["sim_signal"];
  ASSERT_GE(s.rank_ic.size(), 490u) << "two years of trading days minus the last";
  for (int64_t n : s.n) ASSERT_EQ(n, m.tickers) << "no faults: every ticker on every day";
  // The doc's expectation for a daily Spearman over N i.i.d. bivariate-normal pairs with
  // Pearson rho = 2 sin(pi X / 6) (Moran 1948), which is X N / (N + 1) to within 1e-3 here.
  const double x = m.signal;
  const int n = m.tickers;
  const double rho = 2 * std::sin(std::numbers::pi * x / 6);
  const double expected = 6 / (std::numbers::pi * (n + 1)) * (std::asin(rho) + (n - 2) * std::asin(rho / 2));
  EXPECT_NEAR(expected, x * n / (n + 1), 1e-3);
  // Days are independent draws, so the measured standard error of the mean is the tolerance unit.
  const double se = StandardError(s.rank_ic);
  EXPECT_NEAR(Mean(s.rank_ic), expected, 4 * se) << "SE " << se << " over " << s.rank_ic.size() << " days";
  EXPECT_NEAR(Mean(s.rank_ic), x * n / (n + 1), 4 * se);
  // The summary table reports the same mean as the stored daily series.
  const std::string csv = *ReadFile(m.store->data_dir() + "/reports/eda/feature_ic_summary.csv");
  const size_t row = csv.find("\nsim_signal,external,1,");
  ASSERT_NE(row, std::string::npos) << csv.substr(0, 300);
  const std::string line = csv.substr(row + 1, csv.find('\n', row + 1) - row - 1);
  std::vector<std::string> cells;
  for (size_t at = 0; at <= line.size();) {
    const size_t comma = std::min(line.find(',', at), line.size());
    cells.push_back(line.substr(at, comma - at));
    at = comma + 1;
  }
  ASSERT_GT(cells.size(), 4u);
  EXPECT_NEAR(std::stod(cells[4]), Mean(s.rank_ic), 1e-6) << line;
  EXPECT_LT(se, 0.01) << "the doc's SE is about (1 - X^2) / sqrt((N - 1) T) = 0.005";
}

TEST(PlantedSignal, NothingPlantedMeansNoFeatureWithATStatAboveThree) {
  testing::SimulatedMarket& m = testing::NullMarket();
  RunOn(m);
  const auto daily = DailyRankIc(*m.store);
  EXPECT_GE(daily.size(), 40u) << "most predictors have ICs";
  for (const auto& [feature, s] : daily) {
    if (s.rank_ic.size() < 30) continue;
    const double t = Mean(s.rank_ic) / StandardError(s.rank_ic);
    EXPECT_LE(std::fabs(t), 3.0) << feature << ": mean rank IC " << Mean(s.rank_ic) << " over " << s.rank_ic.size()
                                 << " days";
  }
}

}  // namespace
}  // namespace qtp::eda
