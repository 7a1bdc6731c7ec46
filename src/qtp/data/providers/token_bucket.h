// A token bucket: `per_minute` requests a minute on average, bursts of up to `burst` at once. Acquire
// sleeps until a token is there, so a pull paces itself instead of meeting the provider's 429s.
#pragma once

#include <chrono>
#include <functional>

namespace qtp::providers {

using SteadyClock = std::function<std::chrono::steady_clock::time_point()>;
using Sleeper = std::function<void(std::chrono::milliseconds)>;

class TokenBucket {
 public:
  // per_minute <= 0: unlimited (Acquire never waits). burst defaults to per_minute, at least 1. An empty
  // `sleep` is std::this_thread::sleep_for.
  TokenBucket(double per_minute, double burst, SteadyClock now, Sleeper sleep);
  // Takes one token, sleeping first if the bucket is empty. Returns how long it slept.
  std::chrono::milliseconds Acquire();
  // How long Acquire would sleep now.
  std::chrono::milliseconds Wait();

 private:
  void Refill();

  double per_ms_;  // tokens per millisecond
  double capacity_;
  double tokens_;
  SteadyClock now_;
  Sleeper sleep_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace qtp::providers
