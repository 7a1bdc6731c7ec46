// Rule: rows reach cleaning sorted and unique by time.
//
// Ingest owns sorting and de-duplication (ingestor.h: exact duplicates dropped, conflicting ones
// resolved last-wins with the others quarantined), and the store keeps every partition sorted and
// unique by key. Cleaning does not repeat that logic: it only checks the invariant, once per ticker
// (one comparison per row), and refuses to clean a ticker that breaks it, since that means the
// store is corrupt rather than that the market data is dirty.
#pragma once

#include <string_view>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/time.h"

namespace qtp::clean {

// OK when `times` is strictly increasing; Corruption naming the dataset, ticker, row and values
// otherwise. Works for timestamps (µs) and dates (days).
template <typename T>
Status CheckSortedUnique(const std::vector<T>& times, std::string_view dataset, std::string_view ticker);

extern template Status CheckSortedUnique(const std::vector<TimestampUs>&, std::string_view, std::string_view);
extern template Status CheckSortedUnique(const std::vector<DateDays>&, std::string_view, std::string_view);

}  // namespace qtp::clean
