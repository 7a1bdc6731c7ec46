// The regime shift (`qtp simulate --regime-shift D`): every day up to D is the market without the
// shift, bit for bit; after D the realized volatility and the mean pairwise correlation rise as the
// multipliers say, and the planted IC follows its decay curve (docs/simulated_market.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>
#include <vector>

#include "qtp/data/simulate/universe.h"
#include "sim_test_util.h"

namespace qtp::sim {
namespace {

using testing::MakeSim;

// Index of the first trading day after `shift` (the first day of the new regime).
size_t FirstShiftedDay(const MarketSimulator& sim, DateDays shift) {
  const std::vector<DateDays>& days = sim.trading_days();
  return static_cast<size_t>(std::upper_bound(days.begin(), days.end(), shift) - days.begin());
}

TEST(RegimeShift, DaysUpToTheShiftAreThoseOfTheMarketWithoutIt) {
  SimulatorParams p;  // defaults: GARCH, fat tails, corporate actions and faults on
  p.faults.spike = 1e-3;
  const DateDays start = DaysFromCivil(2021, 1, 1), end = DaysFromCivil(2021, 6, 30);
  const DateDays shift = DaysFromCivil(2021, 3, 12);
  const MarketSimulator plain = MakeSim(p, 12, start, end, 0.1, 31);
  const MarketSimulator shifted = MakeSim(p, 12, start, end, 0.1, 31, shift);
  const MarketSimulator shift_at_end = MakeSim(p, 12, start, end, 0.1, 31, end);
  for (int i = 0; i < 12; ++i) {
    SimulatedTicker a = plain.GenerateTicker(i);
    SimulatedTicker b = shifted.GenerateTicker(i);
    testing::ExpectSameTicker(a, shift_at_end.GenerateTicker(i));
    // The signal is drawn from its own stream: the whole series is unchanged, only its effect decays.
    EXPECT_EQ(a.signal, b.signal);
    EXPECT_NE(a.bars.close.back(), b.bars.close.back()) << "the market after the shift is another";
    EXPECT_GT(testing::TruncateTicker(a, shift), 0u);
    EXPECT_GT(testing::TruncateTicker(b, shift), 0u);
    // Shares outstanding are those after the last day's splits (which follow the shifted prices).
    b.info.shares_outstanding = a.info.shares_outstanding;
    testing::ExpectSameTicker(a, b);
  }
  // A shift before the first day: the whole request is in the new regime, from its first bar.
  const MarketSimulator early = MakeSim(p, 12, start, end, 0.1, 31, start - 10);
  EXPECT_NE(early.GenerateTicker(0).bars.close.front(), plain.GenerateTicker(0).bars.close.front());
}

// Gaussian shocks at constant volatility: the realized variance of a window has the sampling error
// of i.i.d. normals, so the expected ratios below hold within a few standard errors.
SimulatorParams ConstantVolParams() {
  SimulatorParams p = testing::CleanParams();
  p.garch_alpha = 0.0;
  p.garch_beta = 0.0;
  p.tail_dof = 1000.0;
  return p;
}

struct RegimeWindowStats {
  double variance = 0.0;     // mean over tickers of the sample variance of daily returns
  double correlation = 0.0;  // mean over ticker pairs of the Pearson correlation of daily returns
  // Mean pairwise covariance / mean variance: the average correlation whose population value is a
  // ratio of the model's moments (the mean of the pairs' correlations is not, quite).
  double average_correlation = 0.0;
  size_t days = 0;
};

// Daily returns into days [first, last) of every ticker.
RegimeWindowStats MeasureRegimeWindow(const testing::DailyPanel& panel, size_t first, size_t last) {
  const double n = static_cast<double>(panel.returns.size());
  std::vector<std::vector<double>> window;
  std::vector<double> equal_weight(last - first, 0.0);
  RegimeWindowStats stats;
  for (const std::vector<double>& r : panel.returns) {
    window.emplace_back(r.begin() + static_cast<std::ptrdiff_t>(first), r.begin() + static_cast<std::ptrdiff_t>(last));
    stats.variance += std::pow(testing::StdDev(window.back()), 2) / n;
    for (size_t t = 0; t < equal_weight.size(); ++t) equal_weight[t] += window.back()[t] / n;
  }
  double sum = 0.0;
  size_t pairs = 0;
  for (size_t i = 0; i < window.size(); ++i) {
    for (size_t j = i + 1; j < window.size(); ++j, ++pairs) sum += testing::Pearson(window[i], window[j]);
  }
  stats.correlation = sum / static_cast<double>(pairs);
  // Var(mean return) = (Σ var_i + Σ_{i≠j} cov_ij) / n².
  const double mean_covariance =
      (n * n * std::pow(testing::StdDev(equal_weight), 2) - n * stats.variance) / (n * (n - 1));
  stats.average_correlation = mean_covariance / stats.variance;
  stats.days = last - first;
  return stats;
}

TEST(RegimeShift, VolatilityAndCorrelationRiseAsTheMultipliersSay) {
  const SimulatorParams p = ConstantVolParams();
  constexpr int kTickers = 200;
  const DateDays shift = DaysFromCivil(2018, 12, 31);
  const MarketSimulator sim =
      MakeSim(p, kTickers, DaysFromCivil(2017, 1, 1), DaysFromCivil(2020, 12, 31), 0.0, 11, shift);
  const testing::DailyPanel panel = testing::GenerateDailyPanel(sim);
  const size_t first_shifted = FirstShiftedDay(sim, shift);
  const RegimeWindowStats before = MeasureRegimeWindow(panel, 1, first_shifted);
  const RegimeWindowStats after = MeasureRegimeWindow(panel, first_shifted, sim.trading_days().size());

  // Population moments of a ticker's daily variance (annualised units), from the documented laws:
  // common part F = E[β²] σ_M² + E[γ²] σ_S², idiosyncratic part I = E[σ_i²] (lognormal), and the
  // covariance of two tickers E[β]² σ_M² (+ E[γ]² σ_S² in the same sector).
  const double beta2 = p.beta_mean * p.beta_mean + p.beta_sd * p.beta_sd;
  const double loading2 = 1.0 + p.sector_loading_sd * p.sector_loading_sd;
  const double market = p.market_vol * p.market_vol;
  const double sector = p.sector_vol * p.sector_vol;
  const double common_market = beta2 * market;
  const double common_sector = loading2 * sector;
  const double common = common_market + common_sector;
  const double idio = p.idio_vol_median * p.idio_vol_median * std::exp(2.0 * std::pow(p.idio_vol_dispersion, 2));
  const double mf = p.regime_shift.factor_vol_multiplier;
  const double mi = p.regime_shift.idio_vol_multiplier;
  const double expected_ratio = (mf * mf * common + mi * mi * idio) / (common + idio);

  // Standard error of the ratio: in each window the market variance is realized once (relative error
  // √(2/T) of a normal variance), the sector variance as a mean over 11 independent sectors, the
  // idiosyncratic variance over many ticker-days (negligible); and the idiosyncratic level is a mean
  // over the tickers' lognormal draws.
  const double total_before = common + idio;
  const double total_after = mf * mf * common + mi * mi * idio;
  const double days_before = static_cast<double>(before.days), days_after = static_cast<double>(after.days);
  const double market_before = common_market / total_before, market_after = mf * mf * common_market / total_after;
  const double sector_before = common_sector / total_before, sector_after = mf * mf * common_sector / total_after;
  const double factor_rel_var =
      2.0 * (market_before * market_before / days_before + market_after * market_after / days_after +
             (sector_before * sector_before / days_before + sector_after * sector_after / days_after) / kNumSectors);
  const double idio_level_cv = std::sqrt((std::exp(4.0 * std::pow(p.idio_vol_dispersion, 2)) - 1.0) / kTickers);
  const double share_change = mf * mf * common / total_after - common / total_before;
  const double ratio_rel_se = std::sqrt(factor_rel_var + std::pow(share_change * idio_level_cv, 2));
  const double ratio = after.variance / before.variance;
  EXPECT_NEAR(ratio, expected_ratio, 4.0 * ratio_rel_se * expected_ratio)
      << "daily vol ratio " << std::sqrt(ratio) << ", expected " << std::sqrt(expected_ratio);
  // The test can fail: scaling only the factors, or only the idiosyncratic parts, is far outside.
  EXPECT_GT(std::fabs((common + mi * mi * idio) / (common + idio) - expected_ratio),
            6.0 * ratio_rel_se * expected_ratio);
  EXPECT_GT(std::fabs((mf * mf * common + idio) / (common + idio) - expected_ratio),
            6.0 * ratio_rel_se * expected_ratio);

  // Average correlation = E[cov] / E[var], with E[cov] = E[β]² σ_M² + P(same sector) E[γ]² σ_S².
  const std::vector<int> sectors = AssignSectors(kTickers);
  double same_sector_pairs = 0.0;
  for (size_t i = 0; i < sectors.size(); ++i) {
    for (size_t j = i + 1; j < sectors.size(); ++j) same_sector_pairs += sectors[i] == sectors[j] ? 1.0 : 0.0;
  }
  const double same_sector = same_sector_pairs / (kTickers * (kTickers - 1) / 2.0);
  const double covariance = p.beta_mean * p.beta_mean * market + same_sector * sector;
  const double expected_before = covariance / total_before;
  const double expected_after = mf * mf * covariance / total_after;
  // Standard errors: a window's realized market variance off by δ moves its average correlation by
  // about ρ(1 − ρ)δ, independently in the two windows; the tickers' mean beta (squared: relative
  // error 2 beta_sd / √N) and idiosyncratic level are sampled once, a relative error common to both.
  const auto realization_se = [](double rho, double days) { return rho * (1 - rho) * std::sqrt(2.0 / days); };
  const double se_before = realization_se(expected_before, days_before);
  const double se_after = realization_se(expected_after, days_after);
  const double static_rel_se =
      std::hypot(2.0 * p.beta_sd / p.beta_mean / std::sqrt(kTickers), idio / total_before * idio_level_cv);
  EXPECT_NEAR(before.average_correlation, expected_before,
              4.0 * std::hypot(se_before, expected_before * static_rel_se));
  EXPECT_NEAR(after.average_correlation, expected_after, 4.0 * std::hypot(se_after, expected_after * static_rel_se));
  const double expected_rise = expected_after - expected_before;
  const double rise_se =
      std::sqrt(se_before * se_before + se_after * se_after + std::pow(expected_rise * static_rel_se, 2));
  EXPECT_GT(expected_rise, 4.0 * rise_se);
  EXPECT_NEAR(after.average_correlation - before.average_correlation, expected_rise, 4.0 * rise_se);
  // The plain mean of the pairs' correlations rises as much, give or take the same errors.
  EXPECT_NEAR(after.correlation - before.correlation, expected_rise, 4.0 * rise_se);
}

// The planted IC of each return day after the shift against its expected value: mean residuals over
// windows of days since the shift, within 4 standard errors.
void ExpectIcFollowsTheDecayCurve(double half_life) {
  SimulatorParams p = testing::CleanParams();
  p.regime_shift.signal_half_life = half_life;
  constexpr int kTickers = 1000;
  constexpr double kIc = 0.4;
  const DateDays shift = DaysFromCivil(2021, 2, 12);
  const MarketSimulator sim =
      MakeSim(p, kTickers, DaysFromCivil(2021, 1, 1), DaysFromCivil(2021, 4, 30), kIc, 2024, shift);
  const std::vector<double> ics = testing::DailySignalIcs(testing::GenerateDailyPanel(sim));
  const size_t first_shifted = FirstShiftedDay(sim, shift);

  // ics[t] is the IC of the return into day t + 1; that day is the k-th after the shift, k ≥ 1.
  std::vector<double> expected(ics.size());
  std::vector<double> residual(ics.size());
  for (size_t t = 0; t < ics.size(); ++t) {
    const size_t day = t + 1;
    double x = kIc;
    if (day >= first_shifted) {
      const double k = static_cast<double>(day - first_shifted + 1);
      x = half_life == 0.0 ? 0.0 : kIc * std::pow(0.5, k / half_life);
    }
    expected[t] = testing::MoranExpectedSpearman(2.0 * std::sin(std::numbers::pi * x / 6.0), kTickers);
    residual[t] = ics[t] - expected[t];
  }
  const double day_sd = testing::StdDev(residual);
  EXPECT_LT(day_sd, 1.2 / std::sqrt(kTickers - 1.0)) << "about (1 − X²)/√(N − 1) per day";
  // Windows of return days: before the shift, then days [1, 5], [6, 15] and [16, end] after it.
  const std::vector<std::pair<size_t, size_t>> windows = {{0, first_shifted - 1},
                                                          {first_shifted - 1, first_shifted + 4},
                                                          {first_shifted + 4, first_shifted + 14},
                                                          {first_shifted + 14, ics.size()}};
  for (const auto& [first, last] : windows) {
    const std::vector<double> r(residual.begin() + static_cast<std::ptrdiff_t>(first),
                                residual.begin() + static_cast<std::ptrdiff_t>(last));
    const std::vector<double> e(expected.begin() + static_cast<std::ptrdiff_t>(first),
                                expected.begin() + static_cast<std::ptrdiff_t>(last));
    const double se = day_sd / std::sqrt(static_cast<double>(r.size()));
    EXPECT_NEAR(testing::Mean(r), 0.0, 4.0 * se) << "half-life " << half_life << ", return days " << first + 1 << ".."
                                                 << last << ": expected mean IC " << testing::Mean(e);
    if (first + 1 == first_shifted) {
      // The first week after the shift separates the curve from both "no decay" and "0 at once".
      const double mean_expected = testing::Mean(e);
      if (half_life > 0.0) {
        EXPECT_GT(kIc * kTickers / (kTickers + 1.0) - mean_expected, 8.0 * se);
        EXPECT_GT(mean_expected, 8.0 * se);
      }
    }
  }
  // Well after the shift (30+ days, 6+ half-lives: at most X / 64 left) the signal is gone.
  const std::vector<double> late(ics.begin() + static_cast<std::ptrdiff_t>(first_shifted + 30), ics.end());
  EXPECT_NEAR(testing::Mean(late), 0.0, 4.0 * day_sd / std::sqrt(static_cast<double>(late.size())) + kIc / 64);
}

TEST(RegimeShift, PlantedIcDecaysWithTheHalfLife) { ExpectIcFollowsTheDecayCurve(5.0); }

TEST(RegimeShift, AZeroHalfLifeRemovesTheSignalAtOnce) { ExpectIcFollowsTheDecayCurve(0.0); }

}  // namespace
}  // namespace qtp::sim
