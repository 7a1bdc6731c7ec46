// Point-in-time S&P 500 membership from a list of add/remove events and a current constituents list,
// and the ticker → (name, GICS sector) map from constituents lists.
//
// Reconstruction walks backwards from the current list: at an event on date d, an added ticker was
// not a member before d (its interval starts at d), a removed ticker was a member up to d (its
// interval ends at d, exclusive). Intervals are [start_date, end_date); end_date is null while the
// ticker is still a member. Tickers are compared in NormalizeTicker form, so a rename of spelling
// ("BF-B" → "BF.B", "RVTY (Previously PKI)" → "RVTY") that appears as an add+remove pair of the same
// ticker on one date is a no-op (counted in renames_collapsed). Real renames (PKI → RVTY) stay an
// end and a start, as the source lists them.
//
// NOTE: survivorship. The membership says who was in the index; it does not bring back prices of
// removed companies, which no dataset here has. Before the first event the record is censored: a
// ticker already a member then gets start_date = first event date - 1 and start_censored = true.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/table.h"
#include "qtp/core/time.h"

namespace qtp {

struct MembershipEvent {
  DateDays date = 0;
  std::vector<std::string> added;    // NormalizeTicker form
  std::vector<std::string> removed;
  size_t line = 0;                   // in the source file
};

// Parses `date,added_tickers,removed_tickers` where the ticker cells are Python list literals
// ("['WCOEQ', 'NLV']", "['CSE']", empty or "[]"). Events are returned sorted by date (stable).
// InvalidArgument naming path:line:column for a bad date, a cell that is not a list literal or a bad ticker.
Result<std::vector<MembershipEvent>> ParseMembershipChanges(std::string_view text, const std::string& path);

struct Constituent {
  std::string ticker;  // NormalizeTicker form
  std::string name;
  std::string sector;  // GICS sector as written in the list
};

struct ConstituentsList {
  std::string path;
  // Snapshot date: the latest value of a `date` column when the file has one, else a YYYY-MM-DD or
  // YYYY-MM (→ the 1st) in the file name, else kNullDate.
  DateDays as_of = kNullDate;
  std::vector<Constituent> members;  // file order, unique tickers
};

// Reads a constituents list (Symbol/symbol/ticker + GICS Sector/Sector + Security/Name columns).
// InvalidArgument naming path:line:column for a row without ticker or with a repeated ticker.
Result<ConstituentsList> ParseConstituents(std::string_view text, const std::string& path);

struct MembershipInterval {
  std::string ticker;
  DateDays start_date = 0;
  DateDays end_date = kNullDate;  // exclusive; kNullDate = still a member
  bool start_censored = false;    // member since before the record starts
};

struct MembershipHistory {
  std::vector<MembershipInterval> intervals;  // sorted by (ticker, start_date)
  DateDays record_start = kNullDate;          // date of the first event
  size_t events = 0;
  size_t renames_collapsed = 0;
  // Events that contradict the walk (an add of a ticker that is not a member afterwards, a removal of
  // one that is already a member afterwards), each with the source line and what was done.
  std::vector<std::string> warnings;
};

// `current` is the member list on `current_as_of` (kNullDate = after every event).
// InvalidArgument if events are dated after `current_as_of` (the list is older than the events:
// pass a newer list).
Result<MembershipHistory> ReconstructMembership(const ConstituentsList& current,
                                                const std::vector<MembershipEvent>& events);

// Members on `date` (start_date <= date < end_date), sorted.
std::vector<std::string> MembersOn(const MembershipHistory& history, DateDays date);

// The schema::UniverseMembership() table of `history`: source = `source`, with ";start_censored"
// appended for censored starts. Sorted by (ticker, start_date).
Result<Table> BuildUniverseMembership(const MembershipHistory& history, const std::string& source);

// One row per ticker from several lists: a ticker takes its name and sector from the newest list
// (by as_of; a list without a date counts as oldest) that has it, so 2026 sectors win for current
// members and 2021 sectors cover tickers that left since (FB, TWTR, ...). Sorted by ticker.
std::vector<Constituent> MergeConstituents(std::vector<ConstituentsList> lists);

// data/universe/sp500_constituents.csv content: "ticker,name,sector,shares_outstanding" with an
// empty shares_outstanding (unknown for real data); fields quoted when they hold ',' or '"'.
std::string UniverseCsv(const std::vector<Constituent>& constituents);

}  // namespace qtp
