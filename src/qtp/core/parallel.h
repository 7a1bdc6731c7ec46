// ParallelFor: body(i) for i in [0, n) on up to `threads` threads (the caller's included), items
// dealt round-robin. For independent items that each write only their own outputs, so the result
// does not depend on the thread count.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

namespace qtp {

inline void ParallelFor(size_t n, int threads, const std::function<void(size_t)>& body) {
  const size_t workers = std::max<size_t>(1, std::min<size_t>(n, static_cast<size_t>(std::max(threads, 1))));
  auto run = [&](size_t worker) {
    for (size_t i = worker; i < n; i += workers) body(i);
  };
  std::vector<std::thread> pool;
  for (size_t w = 1; w < workers; ++w) pool.emplace_back(run, w);
  run(0);
  for (std::thread& t : pool) t.join();
}

}  // namespace qtp
