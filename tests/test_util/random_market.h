// A synthetic backtest::Market (engine tests and bench/backtest_bench.cpp).
#pragma once

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "qtp/backtest/market.h"
#include "qtp/core/bars.h"

namespace qtp::test_util {

// A market of random walks for the backtest's tests and benchmark: daily log returns of 1.5%, an
// overnight gap, splits (2:1 or 1:2, 0.5% of days) and dividends (1% of days), missing bars (1%,
// unless !gaps), missing VWAPs (5%: the fill falls back to the open), random cost inputs, 80%
// universe membership and a random N(0,1) score. Days are consecutive from `first_day`.
inline backtest::Market RandomMarket(size_t days, size_t names, uint32_t seed, bool gaps = true,
                                     DateDays first_day = 19000) {
  std::vector<std::string> tickers;
  for (size_t t = 0; t < names; ++t) tickers.push_back(fmt::format("T{}", t));
  backtest::Market m;
  for (size_t d = 0; d < days; ++d) m.dates.push_back(first_day + static_cast<DateDays>(d));
  m.tickers = std::move(tickers);
  m.Allocate();
  m.sectors = {"S0", "S1", "S2", "S3"};
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(0, 1);
  std::uniform_real_distribution<double> u(0, 1);
  for (size_t t = 0; t < names; ++t) {
    m.sector[t] = static_cast<int>(t % 4);
    double price = 20 + 100 * u(rng);
    for (size_t d = 0; d < days; ++d) {
      const size_t i = m.At(d, t);
      if (d > 0 && u(rng) < 0.005) m.split_ratio[i] = u(rng) < 0.5 ? 2.0 : 0.5;
      if (d > 0 && u(rng) < 0.01) m.dividend[i] = 0.005 * price;
      price = price / m.split_ratio[i] - m.dividend[i];
      const double open = price * std::exp(0.005 * z(rng));
      price = open * std::exp(0.015 * z(rng));
      if (u(rng) < 0.01 && gaps) continue;  // a missing bar
      m.open[i] = open;
      m.vwap[i] = u(rng) < 0.05 ? kNaN : 0.5 * (open + price);
      m.close[i] = price;
      m.adv_usd[i] = 1e5 * std::exp(3 * u(rng));
      m.amihud[i] = 0.05 * u(rng);
      m.spread[i] = 0.002 * u(rng);
      m.volatility[i] = 0.01 + 0.02 * u(rng);
      m.member[i] = u(rng) < 0.8;
      m.score[i] = z(rng);
    }
  }
  for (size_t d = 1; d < days; ++d) m.benchmark[d] = 0.01 * z(rng);
  m.AssignBuckets(5);
  return m;
}

}  // namespace qtp::test_util
