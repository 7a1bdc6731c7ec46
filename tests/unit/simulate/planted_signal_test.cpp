// The planted signal: the mean daily cross-sectional Spearman IC between signal(t) and the
// close(t) → close(t+1) return, measured on the raw bars (adjusted for corporate actions), must match
// the documented theory within a few standard errors.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "sim_test_util.h"

namespace qtp::sim {
namespace {

using testing::MakeSim;

struct IcStats {
  double mean = 0;
  double se = 0;
  size_t days = 0;
};

IcStats MeasureDailyIc(const MarketSimulator& sim) {
  const std::vector<double> ics = testing::DailySignalIcs(testing::GenerateDailyPanel(sim));
  return {testing::Mean(ics), testing::StdDev(ics) / std::sqrt(static_cast<double>(ics.size())), ics.size()};
}

void ExpectPlantedIc(double x, int tickers, DateDays start, DateDays end) {
  const MarketSimulator sim = MakeSim(testing::CleanParams(), tickers, start, end, x, 2024);
  const IcStats ic = MeasureDailyIc(sim);
  // Population Spearman of a bivariate normal with ρ = 2 sin(π x / 6) is exactly x.
  const double rho = 2.0 * std::sin(std::numbers::pi * x / 6.0);
  const double expected = testing::MoranExpectedSpearman(rho, tickers);
  EXPECT_NEAR(ic.mean, expected, 4.0 * ic.se) << "X=" << x << " over " << ic.days << " days";
  EXPECT_NEAR(expected, x, std::fabs(x) / tickers + 1e-12);
}

TEST(PlantedSignal, RecoversModestIc) {
  ExpectPlantedIc(0.05, 200, DaysFromCivil(2019, 1, 1), DaysFromCivil(2020, 12, 31));
}

TEST(PlantedSignal, RecoversStrongIcThroughTheSineMapping) {
  // At X = 0.3 using ρ = X instead of 2 sin(πX/6) would give ≈ 0.287: 3+ standard errors away.
  ExpectPlantedIc(0.3, 200, DaysFromCivil(2021, 1, 1), DaysFromCivil(2021, 12, 31));
}

TEST(PlantedSignal, NegativeIc) { ExpectPlantedIc(-0.1, 100, DaysFromCivil(2021, 1, 1), DaysFromCivil(2021, 12, 31)); }

TEST(PlantedSignal, ZeroPlantsNothing) {
  const MarketSimulator sim =
      MakeSim(testing::CleanParams(), 60, DaysFromCivil(2021, 1, 1), DaysFromCivil(2021, 12, 31), 0.0, 2024);
  const IcStats ic = MeasureDailyIc(sim);
  EXPECT_NEAR(ic.mean, 0.0, 4.0 * ic.se);
}

TEST(PlantedSignal, SignalIsStandardNormalAndUnpredictedByThePast) {
  // The signal at t carries no information about the return into t (close t-1 → close t): it is
  // drawn before t+1's shocks only.
  const MarketSimulator sim =
      MakeSim(testing::CleanParams(), 60, DaysFromCivil(2021, 1, 1), DaysFromCivil(2021, 12, 31), 0.3, 5);
  std::vector<double> all;
  std::vector<std::vector<double>> sig, ret;
  for (int i = 0; i < sim.num_tickers(); ++i) {
    SimulatedTicker t = sim.GenerateTicker(i);
    all.insert(all.end(), t.signal.begin(), t.signal.end());
    sig.push_back(t.signal);
    ret.push_back(testing::AdjustedLogReturns(testing::DailyFromBars(t.bars), t.actions));
  }
  EXPECT_NEAR(testing::Mean(all), 0.0, 0.03);
  EXPECT_NEAR(testing::StdDev(all), 1.0, 0.03);
  std::vector<double> same_day_ic;
  for (size_t d = 1; d < sig[0].size(); ++d) {
    std::vector<double> s, r;
    for (size_t i = 0; i < sig.size(); ++i) {
      s.push_back(sig[i][d]);
      r.push_back(ret[i][d]);
    }
    same_day_ic.push_back(testing::Spearman(s, r));
  }
  const double se = testing::StdDev(same_day_ic) / std::sqrt(static_cast<double>(same_day_ic.size()));
  EXPECT_NEAR(testing::Mean(same_day_ic), 0.0, 4.0 * se);
}

}  // namespace
}  // namespace qtp::sim
