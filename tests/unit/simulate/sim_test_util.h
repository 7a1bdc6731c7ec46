// Helpers shared by the simulator tests: small markets, daily closes from raw bars, and statistics
// computed independently of the simulator's code.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
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
                               double signal = 0.0, uint64_t seed = 7) {
  SimulateRequest request;
  request.tickers = tickers;
  request.start = start;
  request.end = end;
  request.seed = seed;
  request.signal = signal;
  auto sim = MarketSimulator::Make(params, request);
  EXPECT_TRUE(sim.ok()) << sim.status().ToString();
  return std::move(sim).value();
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

using test_util::Pearson;
inline constexpr auto& Ranks = test_util::AverageRanks;

inline double Spearman(const std::vector<double>& a, const std::vector<double>& b) {
  return Pearson(Ranks(a), Ranks(b));
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
