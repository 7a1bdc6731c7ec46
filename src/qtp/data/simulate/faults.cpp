#include "qtp/data/simulate/faults.h"

#include <algorithm>
#include <cmath>

namespace qtp::sim {

const char* FaultKindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kMissingBar:
      return "missing_bar";
    case FaultKind::kDuplicate:
      return "duplicate";
    case FaultKind::kOutOfOrder:
      return "out_of_order";
    case FaultKind::kBadPrint:
      return "bad_print";
    case FaultKind::kSpike:
      return "spike";
  }
  return "unknown";
}

FaultCounts CountFaults(const std::vector<InjectedFault>& faults) {
  FaultCounts counts{};
  for (const InjectedFault& f : faults) ++counts[static_cast<size_t>(f.kind)];
  return counts;
}

FaultInjector::FaultInjector(const FaultRates& rates, Rng rng, const std::string& source, Bars5m& out,
                             std::vector<InjectedFault>& truth)
    : t_missing_(rates.missing_bar),
      t_duplicate_(t_missing_ + rates.duplicate),
      t_out_of_order_(t_duplicate_ + rates.out_of_order),
      t_bad_print_(t_out_of_order_ + rates.bad_print),
      t_any_(t_bad_print_ + rates.spike),
      rng_(rng),
      source_(source),
      out_(out),
      truth_(truth) {}

void FaultInjector::Add(const Bar5m& clean, bool last_of_session) {
  constexpr double kSpikeMin = 0.05;
  constexpr double kSpikeMax = 0.30;
  const double u = rng_.Uniform();
  if (next_clean_) {
    next_clean_ = false;
    Emit(clean);
    if (held_) {
      Emit(held_bar_);
      held_ = false;
    }
    return;
  }
  if (u >= t_any_) {
    Emit(clean);
    return;
  }
  Bar5m bar = clean;
  if (u < t_missing_) {
    truth_.push_back({bar.ts, FaultKind::kMissingBar});
  } else if (u < t_duplicate_) {
    Emit(bar);
    Emit(bar);
    truth_.push_back({bar.ts, FaultKind::kDuplicate});
  } else if (u < t_out_of_order_) {
    if (last_of_session) {
      Emit(bar);
      return;
    }
    held_ = true;
    held_bar_ = bar;
    next_clean_ = true;
    truth_.push_back({bar.ts, FaultKind::kOutOfOrder});
  } else if (u < t_bad_print_) {
    const uint64_t bits = rng_.Next();
    double* fields[4] = {&bar.open, &bar.high, &bar.low, &bar.close};
    double& field = *fields[bits & 3];
    field = (bits & 4) ? 0.0 : -field;
    Emit(bar);
    truth_.push_back({bar.ts, FaultKind::kBadPrint});
  } else {
    if (last_of_session) {
      Emit(bar);
      return;
    }
    const double size = kSpikeMin + (kSpikeMax - kSpikeMin) * rng_.Uniform();
    const bool up = rng_.Next() & 1;
    // A bad tick still sits on the price grid.
    const double per_unit = bar.open >= 1.0 ? 100.0 : 10000.0;
    bar.close = std::round(bar.close * (up ? 1.0 + size : 1.0 - size) * per_unit) / per_unit;
    bar.high = std::max(bar.high, bar.close);
    bar.low = std::min(bar.low, bar.close);
    Emit(bar);
    truth_.push_back({bar.ts, FaultKind::kSpike});
    next_clean_ = true;
  }
}

}  // namespace qtp::sim
