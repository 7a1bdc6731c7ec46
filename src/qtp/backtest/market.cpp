#include "qtp/backtest/market.h"

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

}  // namespace qtp::backtest
