#include "qtp/execution/liquidity_buckets.h"

#include <algorithm>
#include <numeric>

namespace qtp::execution {

std::vector<uint8_t> LiquidityBuckets(std::span<const double> adv_usd, int buckets) {
  std::vector<uint8_t> bucket(adv_usd.size(), 0);
  std::vector<uint32_t> order;
  for (uint32_t i = 0; i < adv_usd.size(); ++i) {
    if (adv_usd[i] > 0) order.push_back(i);  // false for NaN
  }
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return adv_usd[a] < adv_usd[b]; });
  const size_t n = order.size();
  for (size_t k = 0; k < n; ++k) bucket[order[k]] = static_cast<uint8_t>(k * static_cast<size_t>(buckets) / n + 1);
  return bucket;
}

}  // namespace qtp::execution
