// Kept apart from membership.cpp so the pure reconstruction links without the store module.
#include "qtp/data/import/membership.h"
#include "qtp/data/store/schema.h"

namespace qtp {

Result<Table> BuildUniverseMembership(const MembershipHistory& history, const std::string& source) {
  Table table(schema::UniverseMembership());
  auto& ticker = table.Column<std::string>("ticker");
  auto& start = table.Column<int32_t>("start_date");
  auto& end = table.Column<int32_t>("end_date");
  auto& src = table.Column<std::string>("source");
  for (const MembershipInterval& m : history.intervals) {
    ticker.push_back(m.ticker);
    start.push_back(m.start_date);
    end.push_back(m.end_date);
    src.push_back(m.start_censored ? source + ";start_censored" : source);
  }
  QTP_RETURN_IF_ERROR(table.Validate());
  return table;
}

}  // namespace qtp
