// ParallelFor: independent, index-addressed jobs on a few threads (the caller's among them). Jobs
// write only to their own output slots, so the result never depends on the thread count or on
// scheduling.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "qtp/core/status.h"

namespace qtp {

// Calls job(i) for every i in [0, count) on up to `threads` threads (the caller's among them).
// After a job fails no new job starts; returns the failure of the lowest failed index, or OK.
inline Status ParallelFor(size_t count, int threads, const std::function<Status(size_t)>& job) {
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  size_t first_failed = count;
  Status first_error;
  auto work = [&] {
    for (size_t i = next++; i < count && !failed; i = next++) {
      Status status = job(i);
      if (status.ok()) continue;
      std::lock_guard<std::mutex> lock(mutex);
      if (i < first_failed) {
        first_failed = i;
        first_error = std::move(status);
      }
      failed = true;
    }
  };
  const size_t helpers = std::min(count, static_cast<size_t>(std::max(threads, 1))) - (count > 0 ? 1 : 0);
  std::vector<std::thread> pool;
  for (size_t k = 0; k < helpers; ++k) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  return first_error;
}

}  // namespace qtp
