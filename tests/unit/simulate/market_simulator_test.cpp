#include "qtp/data/simulate/market_simulator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <thread>

#include "qtp/calendar/nyse_calendar.h"
#include "sim_test_util.h"

namespace qtp::sim {
namespace {

using testing::CleanParams;
using testing::DailyFromBars;
using testing::ExpectSameTicker;
using testing::MakeSim;

constexpr TimestampUs kHour = 60 * kMicrosPerMinute;

TimestampUs Utc(int y, unsigned m, unsigned d, int hour, int minute) {
  return DaysFromCivil(y, m, d) * kMicrosPerDay + hour * kHour + minute * kMicrosPerMinute;
}

TEST(MarketSimulator, RejectsBadRequests) {
  SimulateRequest r;
  r.start = DaysFromCivil(2020, 1, 1);
  r.end = DaysFromCivil(2020, 2, 1);
  r.tickers = 0;
  EXPECT_FALSE(MarketSimulator::Make(SimulatorParams{}, r).ok());
  r.tickers = 5;
  r.signal = 1.5;
  EXPECT_FALSE(MarketSimulator::Make(SimulatorParams{}, r).ok());
  r.signal = 0.0;
  std::swap(r.start, r.end);
  EXPECT_FALSE(MarketSimulator::Make(SimulatorParams{}, r).ok());
  std::swap(r.start, r.end);
  SimulatorParams p;
  p.garch_alpha = 0.5;
  p.garch_beta = 0.6;
  EXPECT_FALSE(MarketSimulator::Make(p, r).ok());
  // A weekend only: no trading day.
  r.start = DaysFromCivil(2020, 2, 1);
  r.end = DaysFromCivil(2020, 2, 2);
  EXPECT_FALSE(MarketSimulator::Make(SimulatorParams{}, r).ok());
}

TEST(MarketSimulator, FollowsTheNyseCalendar) {
  const MarketSimulator sim = MakeSim(CleanParams(), 2, DaysFromCivil(2020, 6, 29), DaysFromCivil(2020, 12, 31));
  const SimulatedTicker t = sim.GenerateTicker(1);
  std::map<DateDays, std::vector<TimestampUs>> by_date;
  for (TimestampUs ts : t.bars.ts) by_date[NyseCalendar::ExchangeDate(ts)].push_back(ts);
  EXPECT_EQ(by_date.count(DaysFromCivil(2020, 11, 26)), 0u);  // Thanksgiving
  EXPECT_EQ(by_date.count(DaysFromCivil(2020, 12, 25)), 0u);  // Christmas
  EXPECT_EQ(by_date.count(DaysFromCivil(2020, 7, 3)), 0u);    // Independence Day observed
  EXPECT_EQ(by_date.count(DaysFromCivil(2020, 11, 28)), 0u);  // Saturday
  EXPECT_EQ(by_date[DaysFromCivil(2020, 11, 25)].size(), 78u);
  EXPECT_EQ(by_date[DaysFromCivil(2020, 11, 27)].size(), 42u);  // early close 13:00
  EXPECT_EQ(by_date[DaysFromCivil(2020, 12, 24)].size(), 42u);
  // 09:30 ET is 13:30Z in summer (EDT) and 14:30Z in winter (EST); bars are 5 minutes apart.
  EXPECT_EQ(by_date[DaysFromCivil(2020, 7, 1)].front(), Utc(2020, 7, 1, 13, 30));
  EXPECT_EQ(by_date[DaysFromCivil(2020, 7, 1)].back(), Utc(2020, 7, 1, 19, 55));
  EXPECT_EQ(by_date[DaysFromCivil(2020, 11, 27)].front(), Utc(2020, 11, 27, 14, 30));
  EXPECT_EQ(by_date[DaysFromCivil(2020, 11, 27)].back(), Utc(2020, 11, 27, 17, 55));
  // DST ends on 2020-11-01: the Friday before opens at 13:30Z, the Monday after at 14:30Z.
  EXPECT_EQ(by_date[DaysFromCivil(2020, 10, 30)].front(), Utc(2020, 10, 30, 13, 30));
  EXPECT_EQ(by_date[DaysFromCivil(2020, 11, 2)].front(), Utc(2020, 11, 2, 14, 30));
  size_t full = 0;
  for (const auto& [date, ts] : by_date) {
    ASSERT_TRUE(ts.size() == 78 || ts.size() == 42) << FormatDate(date);
    full += ts.size() == 78;
    for (size_t i = 1; i < ts.size(); ++i) ASSERT_EQ(ts[i] - ts[i - 1], 5 * kMicrosPerMinute);
  }
  EXPECT_EQ(by_date.size(), sim.trading_days().size());
  EXPECT_EQ(full + 2, by_date.size());
}

TEST(MarketSimulator, CleanBarsAreConsistent) {
  SimulatorParams p = CleanParams();
  p.split_rate = 2.0;
  const MarketSimulator sim = MakeSim(p, 20, DaysFromCivil(2019, 1, 1), DaysFromCivil(2019, 12, 31), 0.05);
  for (int i = 0; i < sim.num_tickers(); ++i) {
    const SimulatedTicker t = sim.GenerateTicker(i);
    const Bars5m& b = t.bars;
    ASSERT_EQ(b.size(), sim.bars_per_ticker());
    EXPECT_TRUE(t.faults.empty());
    EXPECT_EQ(b.ticker, t.info.ticker);
    for (size_t k = 0; k < b.size(); ++k) {
      const bool ordered = k == 0 || b.ts[k] > b.ts[k - 1];
      // Prices sit on the cent grid (sub-dollar stocks on 1/100 cent).
      const double per_unit = b.open[k] >= 1.0 ? 100.0 : 10000.0;
      const bool on_grid = std::fabs(b.close[k] * per_unit - std::round(b.close[k] * per_unit)) < 1e-6;
      const bool ok = ordered && b.low[k] > 0.0 && b.low[k] <= std::min(b.open[k], b.close[k]) &&
                      b.high[k] >= std::max(b.open[k], b.close[k]) && b.vwap[k] >= b.low[k] && b.vwap[k] <= b.high[k] &&
                      b.volume[k] >= 1.0 && b.volume[k] == std::floor(b.volume[k]) && b.trade_count[k] >= 1 &&
                      static_cast<double>(b.trade_count[k]) <= b.volume[k] && b.source[k] == "simulated" && on_grid;
      ASSERT_TRUE(ok) << t.info.ticker << " " << FormatTimestampUtc(b.ts[k]) << " O=" << b.open[k] << " H=" << b.high[k]
                      << " L=" << b.low[k] << " C=" << b.close[k] << " V=" << b.volume[k] << " vwap=" << b.vwap[k]
                      << " n=" << b.trade_count[k];
    }
  }
}

TEST(MarketSimulator, IsDeterministic) {
  SimulatorParams p;  // default faults on
  p.faults.spike = 1e-3;
  const DateDays start = DaysFromCivil(2021, 1, 1);
  const DateDays end = DaysFromCivil(2021, 6, 30);
  const MarketSimulator a = MakeSim(p, 12, start, end, 0.05, 99);
  const MarketSimulator b = MakeSim(p, 12, start, end, 0.05, 99);
  for (int i = 0; i < 12; ++i) ExpectSameTicker(a.GenerateTicker(i), b.GenerateTicker(i));

  // Generation order and threads do not matter: two threads, each in reverse order.
  std::vector<SimulatedTicker> threaded(12);
  std::thread even([&] {
    for (int i = 10; i >= 0; i -= 2) threaded[static_cast<size_t>(i)] = a.GenerateTicker(i);
  });
  std::thread odd([&] {
    for (int i = 11; i >= 1; i -= 2) threaded[static_cast<size_t>(i)] = a.GenerateTicker(i);
  });
  even.join();
  odd.join();
  for (int i = 0; i < 12; ++i) ExpectSameTicker(threaded[static_cast<size_t>(i)], b.GenerateTicker(i));

  // Another seed gives another market.
  const MarketSimulator c = MakeSim(p, 12, start, end, 0.05, 100);
  EXPECT_NE(c.GenerateTicker(0).bars.close, a.GenerateTicker(0).bars.close);
}

// A later end date extends the same path: every bar, action and signal value up to the earlier end
// is unchanged, so extending the end is how a daily refresh is simulated (scripts/demo.sh).
TEST(MarketSimulator, ALaterEndExtendsTheSamePath) {
  SimulatorParams p;  // default faults on
  const DateDays start = DaysFromCivil(2021, 1, 1), end = DaysFromCivil(2021, 6, 30);
  const MarketSimulator shorter = MakeSim(p, 6, start, end, 0.05, 7);
  const MarketSimulator longer = MakeSim(p, 6, start, DaysFromCivil(2021, 7, 15), 0.05, 7);
  for (int i = 0; i < 6; ++i) {
    const SimulatedTicker a = shorter.GenerateTicker(i);
    SimulatedTicker b = longer.GenerateTicker(i);
    ASSERT_GT(b.signal_dates.size(), a.signal_dates.size());
    EXPECT_GT(testing::TruncateTicker(b, end), 0u);
    ExpectSameTicker(a, b);
  }
}

TEST(MarketSimulator, FaultRatesDoNotChangeTheCleanMarket) {
  // Faults draw from their own stream: turning them on changes only the faulted bars (checked in
  // detail by the fault test); here the universe, actions and signal stay identical.
  const DateDays start = DaysFromCivil(2021, 1, 1);
  const DateDays end = DaysFromCivil(2021, 3, 31);
  SimulatorParams faulty;
  faulty.faults = FaultRates{0.01, 0.01, 0.01, 0.01, 0.01};
  const SimulatedTicker a = MakeSim(CleanParams(), 3, start, end, 0.1).GenerateTicker(2);
  const SimulatedTicker b = MakeSim(faulty, 3, start, end, 0.1).GenerateTicker(2);
  EXPECT_EQ(a.info.shares_outstanding, b.info.shares_outstanding);
  EXPECT_EQ(a.signal, b.signal);
  EXPECT_EQ(a.actions.size(), b.actions.size());
  EXPECT_FALSE(b.faults.empty());
}

TEST(MarketSimulator, InjectsEachFaultKindAtItsRateWithGroundTruth) {
  SimulatorParams p = CleanParams();
  const FaultRates rates{0.006, 0.004, 0.004, 0.002, 0.004};
  const DateDays start = DaysFromCivil(2022, 1, 1);
  const DateDays end = DaysFromCivil(2022, 12, 31);
  constexpr int kTickers = 16;
  const MarketSimulator clean_sim = MakeSim(p, kTickers, start, end);
  p.faults = rates;
  const MarketSimulator faulty_sim = MakeSim(p, kTickers, start, end);

  FaultCounts counts{};
  size_t clean_bars = 0;
  for (int i = 0; i < kTickers; ++i) {
    const SimulatedTicker clean = clean_sim.GenerateTicker(i);
    const SimulatedTicker faulty = faulty_sim.GenerateTicker(i);
    const Bars5m& cb = clean.bars;
    const Bars5m& fb = faulty.bars;
    clean_bars += cb.size();
    auto clean_row = [&cb](TimestampUs ts) {
      return static_cast<size_t>(std::lower_bound(cb.ts.begin(), cb.ts.end(), ts) - cb.ts.begin());
    };
    std::map<TimestampUs, FaultKind> truth;
    for (const InjectedFault& f : faulty.faults) {
      ASSERT_TRUE(truth.emplace(f.ts, f.kind).second) << "one fault per bar";
      ++counts[static_cast<size_t>(f.kind)];
    }
    std::vector<TimestampUs> seen(fb.ts);
    std::sort(seen.begin(), seen.end());
    auto times_seen = [&seen](TimestampUs ts) {
      return std::upper_bound(seen.begin(), seen.end(), ts) - std::lower_bound(seen.begin(), seen.end(), ts);
    };
    for (size_t k = 0; k < fb.size(); ++k) {
      const Bar5m row = fb.row(k);
      const size_t c_k = clean_row(row.ts);
      ASSERT_LT(c_k, cb.size());
      const Bar5m want = cb.row(c_k);
      const bool same = row.ts == want.ts && row.open == want.open && row.high == want.high && row.low == want.low &&
                        row.close == want.close && row.volume == want.volume && row.vwap == want.vwap &&
                        row.trade_count == want.trade_count;
      auto it = truth.find(row.ts);
      if (it == truth.end() || it->second == FaultKind::kDuplicate || it->second == FaultKind::kOutOfOrder) {
        ASSERT_TRUE(same) << "unrecorded change at " << FormatTimestampUtc(row.ts);
        continue;
      }
      ASSERT_NE(it->second, FaultKind::kMissingBar);
      if (it->second == FaultKind::kBadPrint) {
        const int bad = (row.open <= 0) + (row.high <= 0) + (row.low <= 0) + (row.close <= 0);
        ASSERT_EQ(bad, 1) << FormatTimestampUtc(row.ts);
      } else {  // spike: the close moved 5–30%, the bar stays internally consistent, the next bar is clean
        const double move = std::fabs(std::log(row.close / want.close));
        ASSERT_GT(move, std::log(1.049));         // +5% up, rounded to the tick
        ASSERT_LT(move, -std::log(1.0 - 0.301));  // −30% down, rounded to the tick
        ASSERT_LE(row.low, std::min(row.open, row.close));
        ASSERT_GE(row.high, std::max(row.open, row.close));
        ASSERT_LT(k + 1, fb.size());
        ASSERT_EQ(truth.count(fb.ts[k + 1]), 0u) << "spike not isolated";
        ASSERT_EQ(fb.close[k + 1], cb.close[c_k + 1]);
      }
    }
    size_t missing = 0;
    size_t duplicates = 0;
    std::set<TimestampUs> recorded_late;
    for (const auto& [ts, kind] : truth) {
      switch (kind) {
        case FaultKind::kMissingBar:
          ASSERT_EQ(times_seen(ts), 0);
          ++missing;
          break;
        case FaultKind::kDuplicate:
          ASSERT_EQ(times_seen(ts), 2);
          ++duplicates;
          break;
        case FaultKind::kOutOfOrder:
          recorded_late.insert(ts);
          [[fallthrough]];
        default:
          ASSERT_EQ(times_seen(ts), 1);
          break;
      }
    }
    // Out-of-order rows: exactly the recorded ones come after a later bar.
    std::set<TimestampUs> late;
    for (size_t k = 1; k < fb.size(); ++k) {
      if (fb.ts[k] < fb.ts[k - 1]) late.insert(fb.ts[k]);
    }
    ASSERT_EQ(late, recorded_late);
    ASSERT_EQ(fb.size(), cb.size() - missing + duplicates);
  }
  const double rate[kNumFaultKinds] = {rates.missing_bar, rates.duplicate, rates.out_of_order, rates.bad_print,
                                       rates.spike};
  for (int k = 0; k < kNumFaultKinds; ++k) {
    const double expected = rate[k] * static_cast<double>(clean_bars);
    // Spikes and swaps skip the last bar of a session (1/78) and the bar after another spike or swap.
    EXPECT_NEAR(static_cast<double>(counts[static_cast<size_t>(k)]), expected,
                0.03 * expected + 5 * std::sqrt(expected))
        << FaultKindName(static_cast<FaultKind>(k));
  }
}

TEST(MarketSimulator, SplitsAndDividendsAreUnadjustedInRawBars) {
  SimulatorParams p = CleanParams();
  p.split_rate = 1.0;
  p.reverse_split_below = 25.0;  // makes some 1:10 reverse splits happen
  p.dividend_payer_share = 1.0;
  p.dividend_yield_median = 0.04;
  const MarketSimulator sim = MakeSim(p, 40, DaysFromCivil(2018, 1, 1), DaysFromCivil(2019, 12, 31));
  int splits = 0;
  int reverse = 0;
  std::vector<double> dividend_gap;
  std::vector<double> dividend_drop;
  std::vector<double> volume_shift;
  for (int i = 0; i < sim.num_tickers(); ++i) {
    const SimulatedTicker t = sim.GenerateTicker(i);
    const auto days = DailyFromBars(t.bars);
    std::map<DateDays, size_t> day_index;
    for (size_t d = 0; d < days.size(); ++d) day_index[days[d].date] = d;
    double share_factor = 1.0;
    for (const CorporateAction& a : t.actions) {
      EXPECT_EQ(a.ticker, t.info.ticker);
      EXPECT_EQ(a.source, "simulated");
      const size_t d = day_index.at(a.ex_date);
      ASSERT_GT(d, 0u);
      const double gap = std::log(days[d].open / days[d - 1].close);
      if (a.type == CorporateActionType::kSplit) {
        share_factor *= a.split_ratio;
        // The raw open jumps by the split ratio, up to the overnight move (a few %).
        EXPECT_NEAR(gap, -std::log(a.split_ratio), 0.15) << t.info.ticker << " " << FormatDate(a.ex_date);
        ++(a.split_ratio < 1 ? reverse : splits);
        if (d >= 5 && d + 5 <= days.size()) {
          double before = 0, after = 0;
          for (size_t k = 0; k < 5; ++k) {
            before += std::log(days[d - 1 - k].volume);
            after += std::log(days[d + k].volume);
          }
          volume_shift.push_back((after - before) / 5 - std::log(a.split_ratio));
        }
      } else {
        EXPECT_TRUE(std::isnan(a.split_ratio));
        EXPECT_GT(a.dividend, 0.0);
        EXPECT_EQ(a.dividend, std::round(a.dividend * 100) / 100);
        dividend_gap.push_back(gap);
        dividend_drop.push_back(std::log(1.0 - a.dividend / days[d - 1].close));
      }
    }
    EXPECT_GT(t.info.shares_outstanding, 0);
  }
  EXPECT_GT(splits, 20);
  EXPECT_GT(reverse, 0);
  // Volume in shares scales inversely with price across a split.
  ASSERT_GT(volume_shift.size(), 10u);
  EXPECT_NEAR(testing::Mean(volume_shift), 0.0, 0.2);
  // Dividends: the raw open drops by the dividend on the ex-date, on average.
  ASSERT_GT(dividend_gap.size(), 200u);
  const double se = testing::StdDev(dividend_gap) / std::sqrt(static_cast<double>(dividend_gap.size()));
  EXPECT_NEAR(testing::Mean(dividend_gap), testing::Mean(dividend_drop), 4 * se);
  EXPECT_LT(testing::Mean(dividend_drop), -4 * se);
}

// Daily log returns adjusted for actions, minus the cross-sectional mean of the day (removes the
// market factor), standardised per ticker.
std::vector<std::vector<double>> ResidualReturns(const MarketSimulator& sim) {
  std::vector<std::vector<double>> r;
  for (int i = 0; i < sim.num_tickers(); ++i) {
    const SimulatedTicker t = sim.GenerateTicker(i);
    r.push_back(testing::AdjustedLogReturns(DailyFromBars(t.bars), t.actions));
  }
  const size_t days = r[0].size();
  for (size_t d = 1; d < days; ++d) {
    double mean = 0;
    for (const auto& x : r) mean += x[d];
    mean /= static_cast<double>(r.size());
    for (auto& x : r) x[d] -= mean;
  }
  for (auto& x : r) {
    x.erase(x.begin());
    const double m = testing::Mean(x);
    const double s = testing::StdDev(x);
    for (double& v : x) v = (v - m) / s;
  }
  return r;
}

double PooledKurtosis(const std::vector<std::vector<double>>& r) {
  std::vector<double> all;
  for (const auto& x : r) all.insert(all.end(), x.begin(), x.end());
  return testing::ExcessKurtosis(all);
}

double MeanSquaredAutocorrelation(const std::vector<std::vector<double>>& r) {
  std::vector<double> acf;
  for (const auto& x : r) {
    std::vector<double> a(x.begin(), x.end() - 1);
    std::vector<double> b(x.begin() + 1, x.end());
    for (double& v : a) v *= v;
    for (double& v : b) v *= v;
    acf.push_back(testing::Pearson(a, b));
  }
  return testing::Mean(acf);
}

TEST(MarketSimulator, FatTailsAndVolatilityClustering) {
  const DateDays start = DaysFromCivil(2016, 1, 1);
  const DateDays end = DaysFromCivil(2018, 12, 31);
  const auto fat = ResidualReturns(MakeSim(CleanParams(), 40, start, end));
  EXPECT_GT(PooledKurtosis(fat), 1.0);
  EXPECT_GT(MeanSquaredAutocorrelation(fat), 0.04);
  // The same statistics on a Gaussian, constant-volatility market are near 0: the tests can fail.
  SimulatorParams gaussian = CleanParams();
  gaussian.tail_dof = 1000.0;
  gaussian.garch_alpha = 0.0;
  gaussian.garch_beta = 0.0;
  const auto plain = ResidualReturns(MakeSim(gaussian, 40, start, end));
  EXPECT_NEAR(PooledKurtosis(plain), 0.0, 0.3);
  EXPECT_NEAR(MeanSquaredAutocorrelation(plain), 0.0, 0.02);
}

TEST(MarketSimulator, LiquidityAndIntradayVolumeProfile) {
  const MarketSimulator sim = MakeSim(CleanParams(), 200, DaysFromCivil(2021, 3, 1), DaysFromCivil(2021, 3, 31));
  std::vector<double> median_dollar_volume;
  std::vector<double> by_bar(78, 0.0);
  for (int i = 0; i < sim.num_tickers(); ++i) {
    const SimulatedTicker t = sim.GenerateTicker(i);
    auto days = DailyFromBars(t.bars);
    std::vector<double> dv;
    for (const auto& d : days) dv.push_back(d.dollar_volume);
    std::nth_element(dv.begin(), dv.begin() + static_cast<std::ptrdiff_t>(dv.size() / 2), dv.end());
    median_dollar_volume.push_back(dv[dv.size() / 2]);
    // Share of each bar in its day's volume (all March 2021 days are full days).
    size_t k = 0;
    for (const auto& d : days) {
      ASSERT_EQ(d.bars, 78);
      for (int b = 0; b < 78; ++b, ++k) by_bar[static_cast<size_t>(b)] += t.bars.volume[k] / d.volume;
    }
  }
  const auto [lo, hi] = std::minmax_element(median_dollar_volume.begin(), median_dollar_volume.end());
  EXPECT_GE(*hi / *lo, 1000.0) << "dollar volume spans fewer than 3 orders of magnitude";
  const double midday = (by_bar[37] + by_bar[38] + by_bar[39] + by_bar[40]) / 4;
  EXPECT_GT(by_bar[0], 1.8 * midday);
  EXPECT_GT(by_bar[77], 1.8 * midday);
  EXPECT_GT(by_bar[10], by_bar[38]);
  EXPECT_GT(by_bar[67], by_bar[38]);
}

TEST(MarketSimulator, UniverseHasSyntheticTickersAndRealisticSectors) {
  const MarketSimulator sim = MakeSim(CleanParams(), 503, DaysFromCivil(2021, 3, 1), DaysFromCivil(2021, 3, 5));
  std::array<int, kNumSectors> counts{};
  std::set<std::string> names;
  for (int i = 0; i < sim.num_tickers(); ++i) {
    const TickerInfo& info = sim.universe()[static_cast<size_t>(i)];
    EXPECT_EQ(info.ticker, TickerSymbol(i));
    EXPECT_EQ(info.ticker.rfind("SIM", 0), 0u);
    EXPECT_EQ(info.name.find(','), std::string::npos);
    EXPECT_GT(info.shares_outstanding, 0);
    names.insert(info.name);
    ++counts[static_cast<size_t>(info.sector)];
  }
  EXPECT_EQ(sim.universe()[0].ticker, "SIM0001");
  EXPECT_GT(names.size(), 480u);
  for (int k = 0; k < kNumSectors; ++k)
    EXPECT_EQ(counts[static_cast<size_t>(k)], GicsSectors()[static_cast<size_t>(k)].weight);
}

}  // namespace
}  // namespace qtp::sim
