// Liquidity buckets: the day's names split into equal-count quantiles of adv_20.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace qtp::execution {

// Bucket of each name, 1 (least liquid) .. `buckets` (most liquid), by its position among the
// names with a positive adv (ties in index order); 0 where adv is missing or not positive.
std::vector<uint8_t> LiquidityBuckets(std::span<const double> adv_usd, int buckets);

}  // namespace qtp::execution
