#include "qtp/data/providers/wire_format.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "qtp/calendar/nyse_calendar.h"

namespace qtp::providers {

using nlohmann::json;

std::string Truncated(std::string_view text, size_t max_chars) {
  return text.size() <= max_chars ? std::string(text) : std::string(text.substr(0, max_chars)) + "...";
}

std::string PrintableSnippet(std::string_view text, size_t max_chars) {
  std::string out;
  for (char c : text.substr(0, max_chars)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return out;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Status Reprefix(const Status& status, std::string_view provider, std::string_view prefix) {
  std::string_view message = status.message();
  const std::string own = fmt::format("{}: ", provider);
  if (message.substr(0, own.size()) == own) message.remove_prefix(own.size());
  return Status(status.code(), fmt::format("{}{}", prefix, message));
}

Result<json> ParseJsonReply(std::string_view body, std::string_view provider) {
  try {
    return json::parse(body.begin(), body.end());
  } catch (const json::exception& e) {
    // The parser's reason quotes the token it stopped at, which may be long or binary: bounded too.
    return Status::InvalidArgument(fmt::format("{}: reply is not JSON ({}): '{}'", provider,
                                               PrintableSnippet(e.what(), 200), PrintableSnippet(body)));
  }
}

std::string JsonText(const json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

Result<double> NumberInRange(const json& value, std::string_view provider, std::string_view what, double min,
                             double max) {
  if (!value.is_number()) return Status::InvalidArgument(fmt::format("{}: {} is not a number", provider, what));
  const double x = value.get<double>();
  if (!std::isfinite(x) || x < min || x > max) {
    return Status::InvalidArgument(fmt::format("{}: {} is out of range: {}", provider, what, x));
  }
  return x;
}

bool ReadDigits(std::string_view text, size_t pos, size_t count, int* out) {
  if (pos > text.size() || count > text.size() - pos) return false;
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

WallClockTime EasternWallClockToUtc(std::string_view text, int grid_minutes, DateDays min_date, DateDays max_date) {
  WallClockTime out;
  int hour = 0, minute = 0, second = 0;
  if (text.size() != 19 || text[10] != ' ' || text[13] != ':' || text[16] != ':' || !ReadDigits(text, 11, 2, &hour) ||
      !ReadDigits(text, 14, 2, &minute) || !ReadDigits(text, 17, 2, &second) || hour > 23 || minute > 59 ||
      second > 59) {
    out.fault = WallClockFault::kShape;
    return out;
  }
  const Result<DateDays> date = ParseDate(text.substr(0, 10));
  if (!date.ok() || *date < min_date || *date >= max_date) {
    out.fault = WallClockFault::kDate;
    return out;
  }
  const int minute_of_day = hour * 60 + minute;
  if (grid_minutes <= 0 || second != 0 || minute_of_day % grid_minutes != 0) {
    out.fault = WallClockFault::kGrid;
    return out;
  }
  out.utc = NyseCalendar::ExchangeTimeToUtc(*date, minute_of_day);
  return out;
}

Bar1d DailyBarOf(const Bar5m& bar) {
  Bar1d day;
  day.date = NyseCalendar::ExchangeDate(bar.ts);
  day.open = bar.open;
  day.high = bar.high;
  day.low = bar.low;
  day.close = bar.close;
  day.volume = bar.volume;
  day.vwap = bar.vwap;
  day.n_bars = kNullInt64;
  return day;
}

}  // namespace qtp::providers
