// Point-in-time index membership for the selection, from the universe_membership dataset
// (intervals [start_date, end_date), end_date NULL while still a member).
//
// Membership is "known" on a date from the earliest start_date in the table on: from then on only
// members are eligible. Before it, and always when the table is empty, nothing says who was in the
// index, so every ticker with features is eligible and the selection is survivor-only there (the
// tickers with data are the ones that survived to be collected). Tickers absent from the table are
// non-members on known dates.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/table.h"
#include "qtp/core/time.h"
#include "qtp/universe/expansion_candidates.h"

namespace qtp::universe {

class MembershipIndex {
 public:
  MembershipIndex() = default;
  // `table` has the schema::UniverseMembership() columns. InvalidArgument naming the ticker for an
  // interval that ends on or before its start.
  static Result<MembershipIndex> FromTable(const Table& table);

  bool empty() const { return intervals_.empty(); }
  // Membership data applies on `date`.
  bool Known(DateDays date) const { return !empty() && date >= first_start_; }
  // `ticker` was a member on `date` (start_date <= date < end_date). False for unknown tickers.
  bool IsMember(const std::string& ticker, DateDays date) const;
  // Makes the candidates eligible from their `added` day (at the earliest where membership is known) on.
  // They count as members for IsMember, not for MembersOn (the index's own size). Nothing changes for an
  // empty index: every ticker is eligible there already.
  void AddCandidates(const std::vector<ExpansionCandidate>& candidates);
  // Number of members on `date`.
  size_t MembersOn(DateDays date) const;

 private:
  using Interval = std::pair<DateDays, DateDays>;  // [start, end); end = max DateDays while a member
  std::unordered_map<std::string, std::vector<Interval>> intervals_;
  std::vector<Interval> all_;  // every interval, for MembersOn
  DateDays first_start_ = 0;
};

}  // namespace qtp::universe
