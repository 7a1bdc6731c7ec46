// Date/time cells of real CSV files and their conversion to UTC instants.
//
// Accepted cell forms (one parser for every row, so a file may mix them):
//   date only      YYYY-MM-DD, YYYY/M/D (zero padding optional), M/D/YYYY (US order), YYYYMMDD
//   date and time  <date>[ |T]H:MM[:SS[.ffffff]] [offset], offset = Z | UTC | ±HH | ±HH:MM | ±HHMM
//   epoch          9–10 digits = Unix seconds, 12–13 digits = Unix milliseconds (UTC instants)
// NOTE: a slash date whose first part has 4 digits is year-first, otherwise month/day/year (US); a
// day-first file (DD/MM/YYYY) is not detected and must be converted before import.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "qtp/core/status.h"
#include "qtp/core/time.h"

namespace date {
class time_zone;
}  // namespace date

namespace qtp {

enum class TimeBasis {
  kNaive,     // wall-clock time with no zone: read in the import's --tz
  kOffset,    // wall-clock time with an explicit UTC offset (Z, -05:00, ...): honored as written
  kEpoch,     // Unix epoch number: already a UTC instant
};

struct ParsedTime {
  DateDays date = 0;            // civil date as written (UTC date for kEpoch)
  bool has_time = false;        // false for a date-only cell
  int64_t micros_of_day = 0;    // wall-clock time as written (UTC time for kEpoch)
  TimeBasis basis = TimeBasis::kNaive;
  int32_t offset_seconds = 0;   // kOffset: wall clock = UTC + offset
};

// InvalidArgument naming the text and the expected forms when the cell is not one of the forms above.
Result<ParsedTime> ParseTimeCell(std::string_view text);

// An IANA time zone from the system tz database (Howard Hinnant's date/tz). Cheap to copy.
class TimeZone {
 public:
  // NotFound naming the zone when the tz database does not know it.
  static Result<TimeZone> Locate(const std::string& name);

  const std::string& name() const { return name_; }
  // UTC instant of wall-clock `micros_of_day` on `date` in this zone. An ambiguous wall time (the
  // repeated hour when DST ends) resolves to the earlier instant; a skipped one (DST start) to the
  // transition instant. Market hours never hit either case in US zones.
  TimestampUs LocalToUtc(DateDays date, int64_t micros_of_day) const;
  // Civil date and wall-clock micros of day of a UTC instant in this zone.
  std::pair<DateDays, int64_t> UtcToLocal(TimestampUs ts) const;

 private:
  TimeZone(const date::time_zone* zone, std::string name) : zone_(zone), name_(std::move(name)) {}
  const date::time_zone* zone_;
  std::string name_;
};

// The UTC instant of a parsed cell: naive times are read in `zone`, offsets and epochs are honored.
TimestampUs ToUtc(const ParsedTime& time, const TimeZone& zone);

}  // namespace qtp
