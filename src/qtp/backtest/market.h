// The backtest's input, dense in memory: for every trading day and name, the prices as traded, the
// corporate actions, the cost inputs, universe membership and the signal. The engine reads nothing
// else, so a test or a benchmark can build one by hand (market_loader.h fills it from the store).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "qtp/core/time.h"
#include "qtp/execution/cost_model.h"

namespace qtp::backtest {

struct Market {
  std::vector<DateDays> dates;  // trading days, ascending
  std::vector<std::string> tickers;
  std::vector<int> sector;  // per ticker: index into `sectors`, -1 when unknown
  std::vector<std::string> sectors;

  // Day-major: the value of (day d, ticker t) is at [d * num_tickers() + t]; NaN where missing.
  std::vector<double> open, close, vwap;  // as traded that day
  std::vector<double> split_ratio;        // shares after / before a split with its ex-date that day (1: none)
  std::vector<double> dividend;           // cash per share with its ex-date that day (0: none)
  // The day's cost inputs (cost_model.h): adv_20, amihud_20, cs_spread_20 and rv_20 of features_raw
  // (volatility: the 20-day deviation of daily log returns where rv_20 is missing, market_loader.h).
  std::vector<double> adv_usd, amihud, spread, volatility;
  std::vector<uint8_t> bucket;  // the day's liquidity bucket (execution/liquidity_buckets.h)
  std::vector<uint8_t> member;  // 1: in the universe at the day's close
  std::vector<double> score;    // the signal dated that day (known at its close)

  std::vector<double> benchmark;  // per day: the benchmark's simple return (NaN: none)
  std::string benchmark_name;

  size_t num_days() const { return dates.size(); }
  size_t num_tickers() const { return tickers.size(); }
  size_t At(size_t day, size_t ticker) const { return day * tickers.size() + ticker; }
  execution::NameCostInputs CostInputs(size_t day, size_t ticker) const {
    const size_t i = At(day, ticker);
    return {.adv_usd = adv_usd[i], .amihud = amihud[i], .spread = spread[i], .volatility = volatility[i]};
  }

  // What one share held over day `day` (>= 1) becomes, in the previous close's money: split_ratio
  // x (close + dividend) / previous close, the day's total return + 1. NaN unless both closes are
  // positive.
  double GrowthFactor(size_t day, size_t ticker) const;

  // Sizes every per-day array for `dates` x `tickers` with the "nothing" values: NaN prices and
  // inputs, ratio 1, dividend 0, bucket 0, not a member; benchmark NaN; sector -1.
  void Allocate();
  // Fills `bucket` from `adv_usd`, day by day.
  void AssignBuckets(int buckets);
  // Days [first, end) as a market of their own (a backtest of it starts at `first`'s close).
  Market Slice(size_t first, size_t end) const;
};

// Total return of each day's equal-weight universe: the mean GrowthFactor - 1 of the names that
// were members at the previous close (NaN on day 0 and on days without any).
std::vector<double> EqualWeightReturns(const Market& market);

}  // namespace qtp::backtest
