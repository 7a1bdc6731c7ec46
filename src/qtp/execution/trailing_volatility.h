// The daily volatility the cost model and the inverse-volatility weights use where rv_20 is missing
// (a store without 5-minute bars): the sample standard deviation of the last 20 daily log total
// returns, up to and including the day, when at least 15 of them are known.
#pragma once

#include <cmath>
#include <deque>

#include "qtp/core/bars.h"

namespace qtp::execution {

class TrailingVolatility {
 public:
  static constexpr size_t kWindow = 20;
  static constexpr size_t kMinReturns = 15;

  // Adds the day's log return (NaN: none) and returns the volatility up to it (NaN: too few).
  double Add(double log_return) {
    window_.push_back(log_return);
    if (window_.size() > kWindow) window_.pop_front();
    double sum = 0, sum_sq = 0;
    size_t n = 0;
    for (double r : window_) {
      if (!std::isfinite(r)) continue;
      sum += r;
      ++n;
    }
    if (n < kMinReturns) return kNaN;
    const double mean = sum / static_cast<double>(n);
    for (double r : window_) {
      if (std::isfinite(r)) sum_sq += (r - mean) * (r - mean);
    }
    return std::sqrt(sum_sq / static_cast<double>(n - 1));
  }

 private:
  std::deque<double> window_;
};

}  // namespace qtp::execution
