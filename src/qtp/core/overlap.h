// A pipeline for per-ticker stages: read item i on the calling thread (store reads must stay
// there), compute it on a worker, and finish it (store writes, progress) back on the calling
// thread, in item order. Up to `in_flight` items are computed at once while the next one is read
// and earlier ones are finished, so on two cores I/O and compute run side by side; 0 runs every
// step on the calling thread. The results do not depend on `in_flight`.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <utility>

#include "qtp/core/status.h"

namespace qtp {

template <typename Input, typename Output>
Status RunOverlapped(size_t count, size_t in_flight, const std::function<Result<Input>(size_t)>& read,
                     const std::function<Result<Output>(Input)>& compute,
                     const std::function<Status(size_t, Result<Output>)>& finish) {
  std::deque<std::pair<size_t, std::future<Result<Output>>>> pending;  // oldest first
  auto drain = [&]() {  // never leave a task running on the caller's data
    for (auto& [index, task] : pending) task.wait();
  };
  for (size_t i = 0; i < count; ++i) {
    Result<Input> input = read(i);
    if (!input.ok()) {
      drain();
      return input.status();
    }
    if (in_flight == 0) {
      QTP_RETURN_IF_ERROR(finish(i, compute(std::move(input).value())));
      continue;
    }
    pending.emplace_back(i, std::async(std::launch::async, [&compute, in = std::move(input).value()]() mutable {
                           return compute(std::move(in));
                         }));
    if (pending.size() > in_flight) {
      Status status = finish(pending.front().first, pending.front().second.get());
      pending.pop_front();
      if (!status.ok()) {
        drain();
        return status;
      }
    }
  }
  while (!pending.empty()) {
    Status status = finish(pending.front().first, pending.front().second.get());
    pending.pop_front();
    if (!status.ok()) {
      drain();
      return status;
    }
  }
  return Status::OK();
}

}  // namespace qtp
