// A data-quality finding: one bar (or day) that a rule flagged, with what was done about it.
// Ingest and cleaning both produce these; the `quality_issues` view shows them all.
#pragma once

#include <string>
#include <vector>

#include "qtp/core/time.h"

namespace qtp {

struct QualityIssue {
  std::string ticker;
  TimestampUs ts = kNullInt64;   // the bar's start, or null for a daily / whole-day finding
  DateDays date = kNullDate;     // exchange date
  std::string stage;             // "ingest" or "clean"
  std::string rule;              // e.g. "non_positive_price", "spike_revert", "gap"
  std::string action;            // "quarantined", "dropped_duplicate", "replaced", "flagged", "adjusted"
  std::string detail;            // human-readable: the offending values, the threshold
};

using QualityIssues = std::vector<QualityIssue>;

}  // namespace qtp
