#include "qtp/data/clean/order_check.h"

#include <fmt/format.h>

#include <string>

namespace qtp::clean {
namespace {

std::string FormatTime(TimestampUs ts) { return FormatTimestampUtc(ts); }
std::string FormatTime(DateDays date) { return FormatDate(date); }

}  // namespace

template <typename T>
Status CheckSortedUnique(const std::vector<T>& times, std::string_view dataset, std::string_view ticker) {
  for (size_t i = 1; i < times.size(); ++i) {
    if (times[i] <= times[i - 1]) {
      return Status::Corruption(
          fmt::format("{} ticker={}: row {} has time {} after {} (rows must be sorted and unique)", dataset, ticker, i,
                      FormatTime(times[i]), FormatTime(times[i - 1])));
    }
  }
  return Status::OK();
}

template Status CheckSortedUnique(const std::vector<TimestampUs>&, std::string_view, std::string_view);
template Status CheckSortedUnique(const std::vector<DateDays>&, std::string_view, std::string_view);

}  // namespace qtp::clean
