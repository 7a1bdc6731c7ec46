#include "qtp/data/providers/fmp.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "qtp/calendar/nyse_calendar.h"

namespace qtp::providers {

namespace {

using nlohmann::json;

constexpr const char* kPriceSource = "fmp;adj=split";
constexpr double kMaxPrice = 1e7;
constexpr double kMaxVolume = 1e13;
constexpr DateDays kMinDate = DaysFromCivil(1900, 1, 1);
constexpr DateDays kMaxDate = DaysFromCivil(2100, 1, 1);
constexpr int kDailyWindowYears = 5;

Status Invalid(const std::string& what) { return Status::InvalidArgument("fmp: " + what); }

std::string Snippet(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 160)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return out;
}

std::string UrlEncode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// FMP's error object ({"Error Message": "..."}), whatever the HTTP status it came with.
Status ErrorReply(const json& error) {
  const std::string text = error.is_string() ? error.get<std::string>() : error.dump();
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  const std::string message = "fmp: " + Snippet(text);
  if (lower.find("limit reach") != std::string::npos) return Status::LimitExceeded(message);
  if (lower.find("exclusive endpoint") != std::string::npos || lower.find("special endpoint") != std::string::npos ||
      lower.find("restricted endpoint") != std::string::npos || lower.find("legacy endpoint") != std::string::npos ||
      lower.find("subscription") != std::string::npos) {
    return Status::NotSupported(message);
  }
  return Status::InvalidArgument(message);  // "Invalid API KEY. ...", unknown errors: not retried
}

Result<json> ParseDocument(std::string_view body) {
  json doc = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Invalid(fmt::format("reply is not JSON: '{}'", Snippet(body)));
  if (doc.is_object()) {
    if (auto it = doc.find("Error Message"); it != doc.end()) return ErrorReply(*it);
  }
  return doc;
}

Status Number(const json& row, const char* name, size_t index, double max, double* out) {
  const auto it = row.find(name);
  if (it == row.end() || !it->is_number()) return Invalid(fmt::format("row {} has no numeric '{}'", index, name));
  const double value = it->get<double>();
  if (!std::isfinite(value) || value < 0 || value > max) {
    return Invalid(fmt::format("row {} has '{}' = {} out of range", index, name, value));
  }
  *out = value;
  return Status::OK();
}

Result<std::string_view> Text(const json& row, const char* name, size_t index) {
  const auto it = row.find(name);
  if (it == row.end() || !it->is_string()) return Invalid(fmt::format("row {} has no '{}' string", index, name));
  return std::string_view(it->get_ref<const std::string&>());
}

bool Digits(std::string_view text, size_t pos, size_t count, int* out) {
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (i >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

Result<DateDays> Date(std::string_view text, size_t index) {
  Result<DateDays> date = ParseDate(text);
  if (!date.ok() || *date < kMinDate || *date >= kMaxDate) {
    return Invalid(fmt::format("row {} has date '{}', not YYYY-MM-DD", index, Snippet(text)));
  }
  return *date;
}

// "YYYY-MM-DD HH:MM:SS", US/Eastern wall clock, on the 5-minute grid → UTC instant.
Result<TimestampUs> EasternToUtc(std::string_view text, size_t index) {
  int hour = 0, minute = 0, second = 0;
  if (text.size() != 19 || text[10] != ' ' || text[13] != ':' || text[16] != ':' || !Digits(text, 11, 2, &hour) ||
      !Digits(text, 14, 2, &minute) || !Digits(text, 17, 2, &second) || hour > 23 || minute > 59 || second > 59) {
    return Invalid(fmt::format("row {} has date '{}', not 'YYYY-MM-DD HH:MM:SS'", index, Snippet(text)));
  }
  QTP_ASSIGN_OR_RETURN(const DateDays date, Date(text.substr(0, 10), index));
  const int minute_of_day = hour * 60 + minute;
  if (second != 0 || minute_of_day % 5 != 0) {
    return Invalid(fmt::format("row {} at '{}' is not on the 5-minute grid", index, Snippet(text)));
  }
  return NyseCalendar::ExchangeTimeToUtc(date, minute_of_day);
}

// "fmp: AAPL 2024-03-01..2024-03-31: <what>".
Status Annotate(const Status& status, const std::string& ticker, DateDays first, DateDays last) {
  std::string_view message = status.message();
  constexpr std::string_view kPrefix = "fmp: ";
  if (message.substr(0, kPrefix.size()) == kPrefix) message.remove_prefix(kPrefix.size());
  return Status(status.code(), fmt::format("fmp: {} {}..{}: {}", ticker, FormatDate(first), FormatDate(last), message));
}

DateDays EndOfMonth(DateDays day) {
  const CivilDate c = CivilFromDays(day);
  return c.month == 12 ? DaysFromCivil(c.year + 1, 1, 1) - 1 : DaysFromCivil(c.year, c.month + 1, 1) - 1;
}

}  // namespace

Result<std::vector<Bar5m>> ParseFmpIntraday(std::string_view body) {
  QTP_ASSIGN_OR_RETURN(const json doc, ParseDocument(body));
  if (doc.is_object() && doc.empty()) return std::vector<Bar5m>{};  // FMP's reply for some unknown symbols
  if (!doc.is_array()) return Invalid("intraday reply is not a JSON array");
  std::vector<Bar5m> bars;
  bars.reserve(doc.size());
  for (size_t i = 0; i < doc.size(); ++i) {
    const json& row = doc[i];
    if (!row.is_object()) return Invalid(fmt::format("row {} is not an object", i));
    QTP_ASSIGN_OR_RETURN(const std::string_view date, Text(row, "date", i));
    Bar5m bar;
    QTP_ASSIGN_OR_RETURN(bar.ts, EasternToUtc(date, i));
    QTP_RETURN_IF_ERROR(Number(row, "open", i, kMaxPrice, &bar.open));
    QTP_RETURN_IF_ERROR(Number(row, "high", i, kMaxPrice, &bar.high));
    QTP_RETURN_IF_ERROR(Number(row, "low", i, kMaxPrice, &bar.low));
    QTP_RETURN_IF_ERROR(Number(row, "close", i, kMaxPrice, &bar.close));
    QTP_RETURN_IF_ERROR(Number(row, "volume", i, kMaxVolume, &bar.volume));
    if (bar.high < bar.low) return Invalid(fmt::format("row {} has high below low", i));
    bars.push_back(bar);
  }
  std::sort(bars.begin(), bars.end(), [](const Bar5m& a, const Bar5m& b) { return a.ts < b.ts; });
  return bars;
}

Result<std::vector<Bar1d>> ParseFmpDaily(std::string_view body) {
  QTP_ASSIGN_OR_RETURN(const json doc, ParseDocument(body));
  const json* rows = nullptr;
  if (doc.is_array()) {
    rows = &doc;  // the /stable/historical-price-eod/full shape
  } else if (doc.is_object()) {
    const auto it = doc.find("historical");
    if (it == doc.end()) return std::vector<Bar1d>{};  // {} or {"symbol": ...}: nothing for this range
    if (!it->is_array()) return Invalid("'historical' is not an array");
    rows = &*it;
  } else {
    return Invalid("daily reply is neither an object nor an array");
  }
  std::vector<Bar1d> bars;
  bars.reserve(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) {
    const json& row = (*rows)[i];
    if (!row.is_object()) return Invalid(fmt::format("row {} is not an object", i));
    QTP_ASSIGN_OR_RETURN(const std::string_view date, Text(row, "date", i));
    Bar1d bar;
    QTP_ASSIGN_OR_RETURN(bar.date, Date(date, i));
    QTP_RETURN_IF_ERROR(Number(row, "open", i, kMaxPrice, &bar.open));
    QTP_RETURN_IF_ERROR(Number(row, "high", i, kMaxPrice, &bar.high));
    QTP_RETURN_IF_ERROR(Number(row, "low", i, kMaxPrice, &bar.low));
    QTP_RETURN_IF_ERROR(Number(row, "close", i, kMaxPrice, &bar.close));
    QTP_RETURN_IF_ERROR(Number(row, "volume", i, kMaxVolume, &bar.volume));
    if (bar.high < bar.low) return Invalid(fmt::format("row {} has high below low", i));
    bars.push_back(bar);
  }
  std::sort(bars.begin(), bars.end(), [](const Bar1d& a, const Bar1d& b) { return a.date < b.date; });
  return bars;
}

Result<PullResult> FmpProvider::Pull(const PullRequest& request, Fetcher& fetcher) {
  if (request.last < request.first) {
    return Status::InvalidArgument(fmt::format("fmp: {}: empty range {}..{}", request.ticker, FormatDate(request.first),
                                               FormatDate(request.last)));
  }
  const bool intraday = request.interval == Interval::k5Min;
  PullResult out;
  out.bars5m.ticker = request.ticker;
  out.bars1d.ticker = request.ticker;
  for (DateDays window_first = request.first; window_first <= request.last;) {
    DateDays window_last = request.last;
    if (intraday) {
      window_last = std::min(window_last, EndOfMonth(window_first));
    } else {
      const CivilDate c = CivilFromDays(window_first);
      window_last = std::min(window_last, DaysFromCivil(c.year + kDailyWindowYears, c.month, 1) - 1);
    }
    HttpRequest http;
    http.url = fmt::format("{}/api/v3/{}/{}?from={}&to={}&apikey={}", base_url_,
                           intraday ? "historical-chart/5min" : "historical-price-full", UrlEncode(request.ticker),
                           FormatDate(window_first), FormatDate(window_last), UrlEncode(api_key_));
    http.cacheable = window_last < request.today;
    std::vector<Bar5m> bars5m;
    std::vector<Bar1d> bars1d;
    const Status status = fetcher.Get(http, [&](std::string_view body) -> Status {
      if (intraday) {
        Result<std::vector<Bar5m>> parsed = ParseFmpIntraday(body);
        if (!parsed.ok()) return parsed.status();
        bars5m = std::move(*parsed);
      } else {
        Result<std::vector<Bar1d>> parsed = ParseFmpDaily(body);
        if (!parsed.ok()) return parsed.status();
        bars1d = std::move(*parsed);
      }
      return Status::OK();
    });
    ++out.requests;
    if (!status.ok()) return Annotate(status, request.ticker, window_first, window_last);
    for (const Bar5m& bar : bars5m) {
      const DateDays date = NyseCalendar::ExchangeDate(bar.ts);
      if (date >= request.first && date <= request.last) out.bars5m.push_back(bar, kPriceSource);
    }
    for (const Bar1d& bar : bars1d) {
      if (bar.date >= request.first && bar.date <= request.last) out.bars1d.push_back(bar, kPriceSource);
    }
    window_first = window_last + 1;
  }
  return out;
}

}  // namespace qtp::providers
