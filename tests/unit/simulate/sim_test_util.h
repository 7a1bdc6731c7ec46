// Helpers shared by the simulator tests: small markets, daily closes from raw bars, and statistics
// computed independently of the simulator's code.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <numeric>
#include <optional>
#include <vector>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/data/simulate/market_simulator.h"
#include "test_util/plain_stats.h"

namespace qtp::sim::testing {

inline SimulatorParams CleanParams() {
  SimulatorParams p;
  p.faults = FaultRates{0.0, 0.0, 0.0, 0.0, 0.0};
  return p;
}

inline MarketSimulator MakeSim(const SimulatorParams& params, int tickers, DateDays start, DateDays end,
                               double signal = 0.0, uint64_t seed = 7,
                               std::optional<DateDays> regime_shift = std::nullopt) {
  SimulateRequest request;
  request.tickers = tickers;
  request.start = start;
  request.end = end;
  request.seed = seed;
  request.signal = signal;
  request.regime_shift = regime_shift;
  auto sim = MarketSimulator::Make(params, request);
  EXPECT_TRUE(sim.ok()) << sim.status().ToString();
  return std::move(sim).value();
}

inline void ExpectSameBars(const Bars5m& a, const Bars5m& b) {
  EXPECT_EQ(a.ticker, b.ticker);
  EXPECT_EQ(a.ts, b.ts);
  EXPECT_EQ(a.open, b.open);
  EXPECT_EQ(a.high, b.high);
  EXPECT_EQ(a.low, b.low);
  EXPECT_EQ(a.close, b.close);
  EXPECT_EQ(a.volume, b.volume);
  EXPECT_EQ(a.vwap, b.vwap);
  EXPECT_EQ(a.trade_count, b.trade_count);
  EXPECT_EQ(a.source, b.source);
}

inline void ExpectSameTicker(const SimulatedTicker& a, const SimulatedTicker& b) {
  ExpectSameBars(a.bars, b.bars);
  EXPECT_EQ(a.info.ticker, b.info.ticker);
  EXPECT_EQ(a.info.name, b.info.name);
  EXPECT_EQ(a.info.shares_outstanding, b.info.shares_outstanding);
  ASSERT_EQ(a.actions.size(), b.actions.size());
  for (size_t i = 0; i < a.actions.size(); ++i) {
    EXPECT_EQ(a.actions[i].ex_date, b.actions[i].ex_date);
    EXPECT_EQ(a.actions[i].type, b.actions[i].type);
  }
  ASSERT_EQ(a.faults.size(), b.faults.size());
  for (size_t i = 0; i < a.faults.size(); ++i) {
    EXPECT_EQ(a.faults[i].ts, b.faults[i].ts);
    EXPECT_EQ(a.faults[i].kind, b.faults[i].kind);
  }
  EXPECT_EQ(a.signal, b.signal);
  EXPECT_EQ(a.signal_dates, b.signal_dates);
}

// Drops everything of `t` after the New York date `last`: bars, actions, faults and signal rows.
// Returns the number of bars dropped.
inline size_t TruncateTicker(SimulatedTicker& t, DateDays last) {
  const size_t before = t.bars.size();
  std::vector<uint8_t> keep(t.bars.size());
  for (size_t k = 0; k < keep.size(); ++k) keep[k] = NyseCalendar::ExchangeDate(t.bars.ts[k]) <= last ? 1 : 0;
  t.bars.Filter(keep);
  std::erase_if(t.actions, [&](const CorporateAction& x) { return x.ex_date > last; });
  std::erase_if(t.faults, [&](const InjectedFault& f) { return NyseCalendar::ExchangeDate(f.ts) > last; });
  const auto kept = std::upper_bound(t.signal_dates.begin(), t.signal_dates.end(), last) - t.signal_dates.begin();
  t.signal_dates.resize(static_cast<size_t>(kept));
  t.signal.resize(static_cast<size_t>(kept));
  return before - t.bars.size();
}

struct DailyBar {
  DateDays date = 0;
  double open = 0, close = 0, volume = 0, dollar_volume = 0;
  int bars = 0;
};

// Daily open/close/volume from clean raw bars (in time order), keyed by New York date.
inline std::vector<DailyBar> DailyFromBars(const Bars5m& bars) {
  std::vector<DailyBar> days;
  for (size_t i = 0; i < bars.size(); ++i) {
    const DateDays date = NyseCalendar::ExchangeDate(bars.ts[i]);
    if (days.empty() || days.back().date != date) {
      days.push_back({date, bars.open[i], 0, 0, 0, 0});
    }
    DailyBar& d = days.back();
    d.close = bars.close[i];
    d.volume += bars.volume[i];
    d.dollar_volume += bars.volume[i] * bars.close[i];
    ++d.bars;
  }
  return days;
}

// Log close-to-close return from day t-1 to day t, adjusted for a corporate action with ex-date t
// the standard way: the previous close is divided by the split ratio, or reduced by the dividend.
inline std::vector<double> AdjustedLogReturns(const std::vector<DailyBar>& days,
                                              const std::vector<CorporateAction>& actions) {
  std::map<DateDays, const CorporateAction*> by_date;
  for (const CorporateAction& a : actions) by_date[a.ex_date] = &a;
  std::vector<double> out(days.size(), std::nan(""));
  for (size_t t = 1; t < days.size(); ++t) {
    double prev = days[t - 1].close;
    auto it = by_date.find(days[t].date);
    if (it != by_date.end()) {
      const CorporateAction& a = *it->second;
      prev = a.type == CorporateActionType::kSplit ? prev / a.split_ratio : prev - a.dividend;
    }
    out[t] = std::log(days[t].close / prev);
  }
  return out;
}

// Per ticker and trading day: the planted signal and the close-to-close return into that day
// (adjusted for corporate actions; NaN on the first day), from the generated bars.
struct DailyPanel {
  std::vector<std::vector<double>> signal;   // [ticker][day]
  std::vector<std::vector<double>> returns;  // [ticker][day]
};

inline DailyPanel GenerateDailyPanel(const MarketSimulator& sim) {
  DailyPanel panel;
  for (int i = 0; i < sim.num_tickers(); ++i) {
    SimulatedTicker t = sim.GenerateTicker(i);
    const std::vector<DailyBar> days = DailyFromBars(t.bars);
    EXPECT_EQ(days.size(), t.signal_dates.size());
    EXPECT_EQ(days.front().date, t.signal_dates.front());
    panel.signal.push_back(std::move(t.signal));
    panel.returns.push_back(AdjustedLogReturns(days, t.actions));
  }
  return panel;
}

using test_util::Pearson;
inline constexpr auto& Ranks = test_util::AverageRanks;

inline double Spearman(const std::vector<double>& a, const std::vector<double>& b) {
  return Pearson(Ranks(a), Ranks(b));
}

// Per day t = 0 .. days-2: the cross-sectional Spearman IC of signal(t) with the return close(t) → close(t+1).
inline std::vector<double> DailySignalIcs(const DailyPanel& panel) {
  std::vector<double> ics;
  const size_t num_days = panel.signal.front().size();
  for (size_t d = 0; d + 1 < num_days; ++d) {
    std::vector<double> s;
    std::vector<double> r;
    for (size_t i = 0; i < panel.signal.size(); ++i) {
      s.push_back(panel.signal[i][d]);
      r.push_back(panel.returns[i][d + 1]);
    }
    ics.push_back(Spearman(s, r));
  }
  return ics;
}

// Expected sample Spearman of n i.i.d. bivariate normal pairs with Pearson ρ (Moran 1948):
// E[r_s] = 6 / (π (n+1)) · (asin ρ + (n − 2) asin(ρ/2)).
inline double MoranExpectedSpearman(double rho, int n) {
  return 6.0 / (std::numbers::pi * (n + 1)) * (std::asin(rho) + (n - 2) * std::asin(rho / 2));
}

inline double Mean(const std::vector<double>& x) {
  return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}

inline double StdDev(const std::vector<double>& x) {
  const double m = Mean(x);
  double s = 0;
  for (double v : x) s += (v - m) * (v - m);
  return std::sqrt(s / static_cast<double>(x.size() - 1));
}

inline double ExcessKurtosis(const std::vector<double>& x) {
  const double m = Mean(x);
  double m2 = 0, m4 = 0;
  for (double v : x) {
    m2 += (v - m) * (v - m);
    m4 += (v - m) * (v - m) * (v - m) * (v - m);
  }
  m2 /= static_cast<double>(x.size());
  m4 /= static_cast<double>(x.size());
  return m4 / (m2 * m2) - 3.0;
}

}  // namespace qtp::sim::testing
