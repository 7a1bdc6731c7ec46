#include "qtp/core/allocator.h"

#include <malloc.h>

namespace qtp {

void TuneAllocatorForBatches() {
  constexpr int kMmapThreshold = 256 << 20;  // blocks below this come from the heap, not fresh mmaps
  constexpr int kTrimThreshold = 1 << 30;    // keep up to this much free heap instead of trimming it
  mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
  mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
}

}  // namespace qtp
