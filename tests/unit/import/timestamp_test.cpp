#include "qtp/data/import/timestamp.h"

#include <gtest/gtest.h>

#include "unit/import/import_test_util.h"

namespace qtp {
namespace {

using import_testing::kHour;
using import_testing::Utc;

TimeZone NewYork() {
  auto z = TimeZone::Locate("America/New_York");
  EXPECT_TRUE(z.ok()) << z.status().ToString();
  return *z;
}

TimestampUs Convert(std::string_view cell, const TimeZone& zone) {
  auto t = ParseTimeCell(cell);
  EXPECT_TRUE(t.ok()) << cell << ": " << t.status().ToString();
  return ToUtc(*t, zone);
}

TEST(Timestamp, DateOnlyForms) {
  const DateDays expected = DaysFromCivil(1999, 1, 4);
  for (std::string_view cell : {"1999-01-04", "1999/1/4", "1999/01/04", "1/4/1999", "01/04/1999", "19990104"}) {
    auto t = ParseTimeCell(cell);
    ASSERT_TRUE(t.ok()) << cell;
    EXPECT_EQ(t->date, expected) << cell;
    EXPECT_FALSE(t->has_time) << cell;
  }
}

TEST(Timestamp, NaiveEasternSummerAndWinter) {
  const TimeZone ny = NewYork();
  // EDT (UTC-4) in July, EST (UTC-5) in January.
  EXPECT_EQ(Convert("2025-07-01 09:30:00", ny), Utc(2025, 7, 1, 13, 30));
  EXPECT_EQ(Convert("2026-01-15 09:30:00", ny), Utc(2026, 1, 15, 14, 30));
  EXPECT_EQ(Convert("2026-01-15T09:30", ny), Utc(2026, 1, 15, 14, 30));
  // DST starts 2025-03-09: the Friday before is EST, the Monday after EDT.
  EXPECT_EQ(Convert("2025-03-07 09:30:00", ny), Utc(2025, 3, 7, 14, 30));
  EXPECT_EQ(Convert("2025-03-10 09:30:00", ny), Utc(2025, 3, 10, 13, 30));
}

TEST(Timestamp, ExplicitOffsetsHonoredWhateverTheZone) {
  const TimeZone ny = NewYork();
  auto utc = TimeZone::Locate("UTC");
  ASSERT_TRUE(utc.ok());
  for (const TimeZone& zone : {ny, *utc}) {
    EXPECT_EQ(Convert("2026-01-15 09:30:00-05:00", zone), Utc(2026, 1, 15, 14, 30));
    EXPECT_EQ(Convert("2026-01-15T14:30:00Z", zone), Utc(2026, 1, 15, 14, 30));
    EXPECT_EQ(Convert("2025-07-01 09:30:00-0400", zone), Utc(2025, 7, 1, 13, 30));
    EXPECT_EQ(Convert("2025-07-01 15:30:00 +02:00", zone), Utc(2025, 7, 1, 13, 30));
  }
  // A naive time follows the zone.
  EXPECT_EQ(Convert("2026-01-15 09:30:00", *utc), Utc(2026, 1, 15, 9, 30));
}

TEST(Timestamp, EpochSecondsAndMilliseconds) {
  const TimeZone ny = NewYork();
  // 1577975400 = 2020-01-02T14:30:00Z.
  EXPECT_EQ(Convert("1577975400", ny), Utc(2020, 1, 2, 14, 30));
  EXPECT_EQ(Convert("1577975400000", ny), Utc(2020, 1, 2, 14, 30));
  auto t = ParseTimeCell("1577975400");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->basis, TimeBasis::kEpoch);
}

TEST(Timestamp, FractionalSeconds) {
  auto utc = TimeZone::Locate("UTC");
  ASSERT_TRUE(utc.ok());
  EXPECT_EQ(Convert("2020-01-02 14:30:00.25Z", *utc), Utc(2020, 1, 2, 14, 30) + 250'000);
}

TEST(Timestamp, RejectsMalformedCells) {
  for (std::string_view cell : {"", "2021-02-30", "2021-13-01", "20210230", "hello", "2021-01-01 25:00:00",
                                "2021-01-01 09:30:00 EST", "2021-01-01x", "123", "13/45/2020", "2021-01-01 9"}) {
    auto t = ParseTimeCell(cell);
    EXPECT_FALSE(t.ok()) << "accepted '" << cell << "'";
    if (!t.ok()) {
      EXPECT_NE(t.status().message().find("invalid date/time"), std::string::npos);
    }
  }
}

TEST(Timestamp, UnknownZone) {
  auto z = TimeZone::Locate("Mars/Olympus_Mons");
  ASSERT_FALSE(z.ok());
  EXPECT_EQ(z.status().code(), StatusCode::kNotFound);
  EXPECT_NE(z.status().message().find("Mars/Olympus_Mons"), std::string::npos);
}

TEST(Timestamp, UtcToLocalRoundTrip) {
  const TimeZone ny = NewYork();
  const auto [date, micros] = ny.UtcToLocal(Utc(2025, 7, 1, 13, 30));
  EXPECT_EQ(date, DaysFromCivil(2025, 7, 1));
  EXPECT_EQ(micros, 9 * kHour + 30 * kMicrosPerMinute);
  // 02:00 UTC on Jan 16 is still Jan 15 in New York.
  EXPECT_EQ(ny.UtcToLocal(Utc(2026, 1, 16, 2, 0)).first, DaysFromCivil(2026, 1, 15));
}

}  // namespace
}  // namespace qtp
