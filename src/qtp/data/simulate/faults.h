// Feed faults injected into clean simulated bars, with the ground truth of every injection so tests
// and the cleaning stage can be scored against it. A bar gets at most one fault.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "qtp/core/bars.h"
#include "qtp/core/time.h"
#include "qtp/data/simulate/params.h"
#include "qtp/data/simulate/random.h"

namespace qtp::sim {

enum class FaultKind {
  kMissingBar,  // the bar is absent
  kDuplicate,   // an exact copy follows the bar
  kOutOfOrder,  // the bar is delivered after the next bar of its session
  kBadPrint,    // one of open/high/low/close is 0 or the negative of its value
  kSpike,       // close moved 5–30% (high or low widened to match); the next bar is clean, so it reverts
};
inline constexpr int kNumFaultKinds = 5;
const char* FaultKindName(FaultKind kind);  // "missing_bar", "duplicate", "out_of_order", "bad_print", "spike"

struct InjectedFault {
  TimestampUs ts = 0;  // start of the affected bar
  FaultKind kind = FaultKind::kMissingBar;
};

using FaultCounts = std::array<size_t, kNumFaultKinds>;
FaultCounts CountFaults(const std::vector<InjectedFault>& faults);

// Streams clean bars into `out` with faults injected at `rates` (each a probability per clean bar),
// appending the ground truth to `truth` in bar order. Spikes and out-of-order swaps stay inside a
// session (a spike needs a next bar to revert on), and the bar after a spike or a swap is left clean,
// so spikes are isolated. The draws depend only on the rng and the bar sequence: one uniform per
// bar, plus a fixed number per injected fault.
class FaultInjector {
 public:
  FaultInjector(const FaultRates& rates, Rng rng, const std::string& source, Bars5m& out,
                std::vector<InjectedFault>& truth);
  // Bars in time order; `last_of_session` marks the last bar of its day.
  void Add(const Bar5m& bar, bool last_of_session);

 private:
  void Emit(const Bar5m& bar) { out_.push_back(bar, source_); }

  double t_missing_, t_duplicate_, t_out_of_order_, t_bad_print_, t_any_;
  Rng rng_;
  const std::string& source_;
  Bars5m& out_;
  std::vector<InjectedFault>& truth_;
  bool held_ = false;  // an out-of-order bar waits for the next one
  Bar5m held_bar_;
  bool next_clean_ = false;  // the previous bar was a spike or a swap
};

}  // namespace qtp::sim
