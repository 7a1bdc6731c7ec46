#include "qtp/universe/membership_index.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace qtp::universe {
namespace {

constexpr DateDays kOpenEnd = std::numeric_limits<DateDays>::max();

}  // namespace

Result<MembershipIndex> MembershipIndex::FromTable(const Table& table) {
  MembershipIndex index;
  const auto& ticker = table.Column<std::string>("ticker");
  const auto& start = table.Column<int32_t>("start_date");
  const auto& end = table.Column<int32_t>("end_date");
  index.first_start_ = std::numeric_limits<DateDays>::max();
  for (size_t i = 0; i < table.num_rows(); ++i) {
    const DateDays stop = end[i] == kNullDate ? kOpenEnd : end[i];
    if (stop <= start[i]) {
      return Status::InvalidArgument(
          fmt::format("universe_membership: {} has an interval ending {} on or before its "
                      "start {}",
                      ticker[i], FormatDate(stop), FormatDate(start[i])));
    }
    index.intervals_[ticker[i]].push_back({start[i], stop});
    index.all_.push_back({start[i], stop});
    index.first_start_ = std::min(index.first_start_, start[i]);
  }
  return index;
}

void MembershipIndex::AddCandidates(const std::vector<ExpansionCandidate>& candidates) {
  if (empty()) return;
  for (const ExpansionCandidate& c : candidates) {
    intervals_[c.ticker].push_back({std::max(c.added, first_start_), kOpenEnd});
  }
}

bool MembershipIndex::IsMember(const std::string& ticker, DateDays date) const {
  auto it = intervals_.find(ticker);
  if (it == intervals_.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(),
                     [date](const Interval& iv) { return iv.first <= date && date < iv.second; });
}

size_t MembershipIndex::MembersOn(DateDays date) const {
  return static_cast<size_t>(std::count_if(
      all_.begin(), all_.end(), [date](const Interval& iv) { return iv.first <= date && date < iv.second; }));
}

}  // namespace qtp::universe
