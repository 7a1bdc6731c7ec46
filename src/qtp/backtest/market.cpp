#include "qtp/backtest/market.h"

#include <cmath>
#include <span>

#include "qtp/core/bars.h"
#include "qtp/execution/liquidity_buckets.h"

namespace qtp::backtest {

void Market::Allocate() {
  const size_t n = num_days() * num_tickers();
  for (std::vector<double>* v : {&open, &close, &vwap, &adv_usd, &amihud, &spread, &volatility, &score}) {
    v->assign(n, kNaN);
  }
  split_ratio.assign(n, 1.0);
  dividend.assign(n, 0.0);
  bucket.assign(n, 0);
  member.assign(n, 0);
  benchmark.assign(num_days(), kNaN);
  sector.assign(num_tickers(), -1);
}

double Market::GrowthFactor(size_t day, size_t ticker) const {
  const size_t previous = At(day - 1, ticker), i = At(day, ticker);
  if (!(close[previous] > 0) || !(close[i] > 0)) return kNaN;
  return split_ratio[i] * (close[i] + dividend[i]) / close[previous];
}

void Market::AssignBuckets(int buckets) {
  const size_t nt = num_tickers();
  for (size_t d = 0; d < num_days(); ++d) {
    const std::vector<uint8_t> b =
        execution::LiquidityBuckets(std::span<const double>(adv_usd.data() + d * nt, nt), buckets);
    std::copy(b.begin(), b.end(), bucket.begin() + static_cast<std::ptrdiff_t>(d * nt));
  }
}

namespace {

template <typename T>
std::vector<T> DayRange(const std::vector<T>& values, size_t per_day, size_t first, size_t end) {
  return std::vector<T>(values.begin() + static_cast<std::ptrdiff_t>(first * per_day),
                        values.begin() + static_cast<std::ptrdiff_t>(end * per_day));
}

}  // namespace

Market Market::Slice(size_t first, size_t end) const {
  Market m;
  m.dates = DayRange(dates, 1, first, end);
  m.tickers = tickers;
  m.sector = sector;
  m.sectors = sectors;
  const size_t nt = num_tickers();
  m.open = DayRange(open, nt, first, end);
  m.close = DayRange(close, nt, first, end);
  m.vwap = DayRange(vwap, nt, first, end);
  m.split_ratio = DayRange(split_ratio, nt, first, end);
  m.dividend = DayRange(dividend, nt, first, end);
  m.adv_usd = DayRange(adv_usd, nt, first, end);
  m.amihud = DayRange(amihud, nt, first, end);
  m.spread = DayRange(spread, nt, first, end);
  m.volatility = DayRange(volatility, nt, first, end);
  m.bucket = DayRange(bucket, nt, first, end);
  m.member = DayRange(member, nt, first, end);
  m.score = DayRange(score, nt, first, end);
  m.benchmark = DayRange(benchmark, 1, first, end);
  m.benchmark_name = benchmark_name;
  return m;
}

std::vector<double> EqualWeightReturns(const Market& m) {
  std::vector<double> out(m.num_days(), kNaN);
  for (size_t d = 1; d < m.num_days(); ++d) {
    double sum = 0;
    size_t n = 0;
    for (size_t t = 0; t < m.num_tickers(); ++t) {
      const double growth = m.GrowthFactor(d, t);
      if (!m.member[m.At(d - 1, t)] || std::isnan(growth)) continue;
      sum += growth - 1;
      ++n;
    }
    if (n > 0) out[d] = sum / static_cast<double>(n);
  }
  return out;
}

}  // namespace qtp::backtest
