// A two-stage pipeline for per-ticker stages: read item i on the calling thread (store reads must
// stay there), compute it on a worker, and finish it (store writes, progress) back on the calling
// thread, in item order. With `overlap`, item i is computed while item i+1 is read and item i−1 is
// finished, so on two cores I/O and compute run side by side; the results do not depend on it.
#pragma once

#include <cstddef>
#include <functional>
#include <future>
#include <optional>

#include "qtp/core/status.h"

namespace qtp {

template <typename Input, typename Output>
Status RunOverlapped(size_t count, bool overlap, const std::function<Result<Input>(size_t)>& read,
                     const std::function<Result<Output>(Input)>& compute,
                     const std::function<Status(size_t, Result<Output>)>& finish) {
  std::optional<std::future<Result<Output>>> pending;  // item count − 1's compute, at most one in flight
  size_t pending_index = 0;
  for (size_t i = 0; i < count; ++i) {
    Result<Input> input = read(i);
    if (!input.ok()) {
      if (pending) pending->wait();  // never leave a task running on the caller's data
      return input.status();
    }
    if (!overlap) {
      QTP_RETURN_IF_ERROR(finish(i, compute(std::move(input).value())));
      continue;
    }
    std::future<Result<Output>> next =
        std::async(std::launch::async, [&compute, in = std::move(input).value()]() mutable { return compute(std::move(in)); });
    if (pending) {
      Status status = finish(pending_index, pending->get());
      pending.reset();
      if (!status.ok()) {
        next.wait();
        return status;
      }
    }
    pending.emplace(std::move(next));
    pending_index = i;
  }
  if (pending) return finish(pending_index, pending->get());
  return Status::OK();
}

}  // namespace qtp
