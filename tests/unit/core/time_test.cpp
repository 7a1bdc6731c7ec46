#include "qtp/core/time.h"

#include <gtest/gtest.h>

namespace qtp {
namespace {

TEST(Time, CivilRoundTrip) {
  for (DateDays d = DaysFromCivil(1899, 12, 25); d < DaysFromCivil(2101, 1, 5); ++d) {
    const CivilDate c = CivilFromDays(d);
    ASSERT_EQ(DaysFromCivil(c.year, c.month, c.day), d);
  }
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
}

TEST(Time, WeekdayKnownDates) {
  EXPECT_EQ(WeekdayFromDays(DaysFromCivil(1970, 1, 1)), 4u);   // Thursday
  EXPECT_EQ(WeekdayFromDays(DaysFromCivil(2020, 11, 27)), 5u);  // Friday
  EXPECT_EQ(WeekdayFromDays(DaysFromCivil(1969, 12, 28)), 0u);  // Sunday
}

TEST(Time, ParseAndFormat) {
  auto d = ParseDate("2012-10-29");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(FormatDate(*d), "2012-10-29");
  EXPECT_FALSE(ParseDate("2021-02-30").ok());
  EXPECT_FALSE(ParseDate("2021/02/03").ok());
  EXPECT_FALSE(ParseDate("21-02-03").ok());
  // Each field is digits only (found by fuzzing the provider parsers, which read dates with ParseDate).
  EXPECT_FALSE(ParseDate("2024-1x-05").ok());
  EXPECT_FALSE(ParseDate("2024-01-5 ").ok());
  EXPECT_FALSE(ParseDate("20x4-01-05").ok());
  EXPECT_FALSE(ParseDate("-024-01-05").ok());
  EXPECT_EQ(FormatTimestampUtc(static_cast<TimestampUs>(*d) * kMicrosPerDay + 14 * 3600 * kMicrosPerSecond + 30 * kMicrosPerMinute),
            "2012-10-29T14:30:00Z");
  EXPECT_EQ(DateOfTimestampUtc(-1), -1);
}

}  // namespace
}  // namespace qtp
