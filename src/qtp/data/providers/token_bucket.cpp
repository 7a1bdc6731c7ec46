#include "qtp/data/providers/token_bucket.h"

#include <algorithm>
#include <cmath>
#include <thread>

namespace qtp::providers {

TokenBucket::TokenBucket(double per_minute, double burst, SteadyClock now, Sleeper sleep)
    : per_ms_(per_minute > 0 ? per_minute / 60000.0 : 0.0),
      capacity_(std::max(1.0, burst > 0 ? burst : per_minute)),
      tokens_(capacity_),
      now_(std::move(now)),
      sleep_(sleep ? std::move(sleep) : Sleeper([](std::chrono::milliseconds ms) { std::this_thread::sleep_for(ms); })),
      last_(now_()) {}

void TokenBucket::Refill() {
  const auto now = now_();
  const double elapsed_ms = std::chrono::duration<double, std::milli>(now - last_).count();
  tokens_ = std::min(capacity_, tokens_ + elapsed_ms * per_ms_);
  last_ = now;
}

std::chrono::milliseconds TokenBucket::Wait() {
  if (per_ms_ == 0) return std::chrono::milliseconds(0);
  Refill();
  if (tokens_ >= 1.0) return std::chrono::milliseconds(0);
  return std::chrono::milliseconds(static_cast<int64_t>(std::ceil((1.0 - tokens_) / per_ms_)));
}

std::chrono::milliseconds TokenBucket::Acquire() {
  if (per_ms_ == 0) return std::chrono::milliseconds(0);
  const std::chrono::milliseconds wait = Wait();
  if (wait.count() > 0) {
    sleep_(wait);
    Refill();
  }
  tokens_ = std::max(0.0, tokens_ - 1.0);
  return wait;
}

}  // namespace qtp::providers
