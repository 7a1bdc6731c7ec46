// <data>/universe/expansion_candidates.csv: tickers outside the index (sector ETFs, a watch list) that the
// selection may pick besides the index's point-in-time members. Header `ticker,added`; `added` (YYYY-MM-DD,
// may be empty) is the first day a ticker is eligible, so adding a name today does not rewrite which names
// were eligible before (no lookahead through the list). Lines starting with # are comments. Where no
// membership history applies, every ticker with features is eligible anyway and the list changes nothing.
#pragma once

#include <string>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/time.h"

namespace qtp::universe {

inline constexpr const char* kExpansionCandidatesCsv = "universe/expansion_candidates.csv";

struct ExpansionCandidate {
  std::string ticker;
  DateDays added = kNullDate;  // kNullDate: eligible whenever membership applies
};

// The file's candidates (empty when the file does not exist). InvalidArgument naming the line for a
// missing ticker, a bad date or a wrong header.
Result<std::vector<ExpansionCandidate>> ReadExpansionCandidates(const std::string& path);

}  // namespace qtp::universe
