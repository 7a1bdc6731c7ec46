#include "qtp/data/clean/order_check.h"

#include <gtest/gtest.h>

namespace qtp::clean {
namespace {

TEST(CheckSortedUnique, EmptyAndSortedAreOk) {
  EXPECT_TRUE(CheckSortedUnique(std::vector<TimestampUs>{}, "raw/bars_5m", "AAA").ok());
  EXPECT_TRUE(CheckSortedUnique(std::vector<TimestampUs>{1, 2, 5}, "raw/bars_5m", "AAA").ok());
  EXPECT_TRUE(CheckSortedUnique(std::vector<DateDays>{10, 11}, "raw/bars_1d", "AAA").ok());
}

TEST(CheckSortedUnique, DuplicateIsCorruptionNamingRowAndTicker) {
  const Status status = CheckSortedUnique(std::vector<TimestampUs>{1, 2, 2}, "raw/bars_5m", "AAA");
  EXPECT_EQ(status.code(), StatusCode::kCorruption);
  EXPECT_NE(status.message().find("AAA"), std::string::npos);
  EXPECT_NE(status.message().find("row 2"), std::string::npos);
}

TEST(CheckSortedUnique, OutOfOrderIsCorruption) {
  const Status status = CheckSortedUnique(std::vector<DateDays>{DaysFromCivil(2021, 1, 5), DaysFromCivil(2021, 1, 4)},
                                          "raw/bars_1d", "BBB");
  EXPECT_EQ(status.code(), StatusCode::kCorruption);
  EXPECT_NE(status.message().find("2021-01-04"), std::string::npos);
}

}  // namespace
}  // namespace qtp::clean
