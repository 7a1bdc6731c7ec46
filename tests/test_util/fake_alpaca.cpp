// Alpaca Market Data v2 stand-in: GET /v2/stocks/{symbol}/bars in Alpaca's wire format (keys c,h,l,n,o,t,v,vw
// in alphabetical order, t = bar start in UTC, "bars": null for an empty range, base64 page tokens of
// "SYMBOL|M|<epoch-ns of the next bar>" like the recorded replies), with a small page size so a few
// days already paginate.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "qtp/calendar/nyse_calendar.h"
#include "test_util/fake_provider_server.h"

namespace qtp::testing {

namespace {

using nlohmann::json;

// Real Alpaca allows limit <= 10000; the fake caps pages at 200 bars so pagination is always exercised.
constexpr int kFakeMaxPage = 200;
constexpr int kDefaultLimit = 1000;

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64Encode(const std::string& in) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const uint32_t n =
        (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8) | static_cast<uint8_t>(in[i + 2]);
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += kBase64[(n >> 6) & 63];
    out += kBase64[n & 63];
  }
  if (i + 1 == in.size()) {
    const uint32_t n = static_cast<uint8_t>(in[i]) << 16;
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const uint32_t n = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8);
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += kBase64[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

std::optional<std::string> Base64Decode(const std::string& in) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    const char* p = std::find(kBase64, kBase64 + 64, c);
    if (p == kBase64 + 64) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(p - kBase64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS[.fff]Z" (what the connector and most clients send).
std::optional<TimestampUs> ParseTime(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char tail[8] = {0};
  if (text.size() == 10 && std::sscanf(text.c_str(), "%4d-%2d-%2d", &y, &mo, &d) == 3) {
    return NyseCalendar::ExchangeTimeToUtc(DaysFromCivil(y, mo, d), 0);
  }
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%7s", &y, &mo, &d, &h, &mi, &s, tail) != 7) return std::nullopt;
  if (tail[0] != 'Z' && tail[0] != '.') return std::nullopt;
  return UtcOfCivil(y, mo, d, h, mi, s);
}

std::string Rfc3339(TimestampUs ts) { return FormatTimestampUtc(ts); }

double Round(double x, double scale) { return std::round(x * scale) / scale; }

void Error(httplib::Response& res, int status, int code, const std::string& message) {
  res.status = status;
  json body = {{"code", code}, {"message", message}};
  res.set_content(body.dump(), "application/json");
}

void HandleBars(const httplib::Request& req, httplib::Response& res, FakeProviderServer& state) {
  bool malformed = false;
  if (state.Begin("alpaca", req, res, &malformed)) return;
  if (!req.has_header("APCA-API-KEY-ID") || !req.has_header("APCA-API-SECRET-KEY")) {
    res.status = 401;
    res.set_content(R"({"message":"unauthorized."})", "application/json");
    return;
  }
  if (req.get_header_value("APCA-API-KEY-ID") != FakeProviderServer::kAlpacaKeyId ||
      req.get_header_value("APCA-API-SECRET-KEY") != FakeProviderServer::kAlpacaSecret) {
    res.status = 403;
    res.set_content(R"({"message":"forbidden"})", "application/json");
    return;
  }
  const std::string symbol = req.matches[1];
  const std::string timeframe = req.get_param_value("timeframe");
  if (timeframe != "5Min" && timeframe != "1Day") return Error(res, 422, 42210000, "invalid timeframe");
  const std::string adjustment = req.has_param("adjustment") ? req.get_param_value("adjustment") : "raw";
  if (adjustment != "raw" && adjustment != "split" && adjustment != "dividend" && adjustment != "all") {
    return Error(res, 422, 42210000, "invalid adjustment");
  }
  if (req.has_param("feed")) {
    const std::string feed = req.get_param_value("feed");
    if (feed != "iex" && feed != "sip" && feed != "otc") return Error(res, 422, 42210000, "invalid feed");
  }
  const std::string sort = req.has_param("sort") ? req.get_param_value("sort") : "asc";
  if (sort != "asc" && sort != "desc") return Error(res, 422, 42210000, "invalid sort");
  if (!req.has_param("start") || !req.has_param("end")) {
    // Real Alpaca defaults to "today"; the fake has no clock worth trusting, so it insists.
    return Error(res, 422, 42210000, "start and end are required by the fake");
  }
  const std::optional<TimestampUs> start = ParseTime(req.get_param_value("start"));
  const std::optional<TimestampUs> end = ParseTime(req.get_param_value("end"));
  if (!start) return Error(res, 422, 42210000, "invalid start");
  if (!end) return Error(res, 422, 42210000, "invalid end");
  if (*end < *start) return Error(res, 422, 42210000, "end should not be before start");
  int limit = kDefaultLimit;
  if (req.has_param("limit")) {
    try {
      limit = std::stoi(req.get_param_value("limit"));
    } catch (const std::exception&) {
      return Error(res, 422, 42210000, "invalid limit");
    }
    if (limit < 1 || limit > 10000) return Error(res, 422, 42210000, "invalid limit");
  }
  limit = std::min(limit, kFakeMaxPage);

  const DateDays first = NyseCalendar::ExchangeDate(*start);
  const DateDays last = NyseCalendar::ExchangeDate(*end);
  // Alpaca stamps daily bars at New York midnight (04:00Z in summer, 05:00Z in winter).
  std::vector<ServedBar> bars = timeframe == "5Min"
                                    ? state.ServedBars5m("alpaca", symbol, first, last)
                                    : FakeProviderServer::ServedBars1d(symbol, first, last, [](DateDays date) {
                                        return NyseCalendar::ExchangeTimeToUtc(date, 0);
                                      });
  std::erase_if(bars, [&](const ServedBar& b) { return b.ts < *start || b.ts > *end; });  // both ends inclusive
  std::sort(bars.begin(), bars.end(),
            [&](const ServedBar& a, const ServedBar& b) { return sort == "asc" ? a.ts < b.ts : a.ts > b.ts; });

  size_t begin = 0;
  if (req.has_param("page_token")) {
    // The token names the first bar of the next page: "SYMBOL|M|<epoch-ns>".
    const std::optional<std::string> decoded = Base64Decode(req.get_param_value("page_token"));
    const std::string prefix = symbol + "|M|";
    if (!decoded || decoded->compare(0, prefix.size(), prefix) != 0) {
      return Error(res, 422, 42210000, "invalid page token");
    }
    int64_t ns = 0;
    try {
      ns = std::stoll(decoded->substr(prefix.size()));
    } catch (const std::exception&) {
      return Error(res, 422, 42210000, "invalid page token");
    }
    const TimestampUs from = ns / 1000;
    while (begin < bars.size() && (sort == "asc" ? bars[begin].ts < from : bars[begin].ts > from)) ++begin;
  }
  const size_t stop = std::min(bars.size(), begin + static_cast<size_t>(limit));

  json page = json::array();
  for (size_t i = begin; i < stop; ++i) {
    const ServedBar& b = bars[i];
    json bar;  // nlohmann's std::map keeps Alpaca's alphabetical key order
    bar["c"] = b.close;
    bar["h"] = b.high;
    bar["l"] = b.low;
    bar["n"] = static_cast<int64_t>(1 + b.volume / 150.0);
    bar["o"] = b.open;
    bar["t"] = Rfc3339(b.ts);
    bar["v"] = static_cast<int64_t>(b.volume);
    bar["vw"] = Round((b.high + b.low + b.close) / 3.0, 1e6);
    page.push_back(std::move(bar));
  }
  json body;
  body["bars"] = page.empty() ? json(nullptr) : page;
  body["next_page_token"] =
      stop < bars.size() ? json(Base64Encode(fmt::format("{}|M|{}", symbol, bars[stop].ts * 1000))) : json(nullptr);
  body["symbol"] = symbol;
  FakeProviderServer::Reply(res, body.dump(), "application/json", malformed);
}

}  // namespace

void RegisterFakeAlpaca(httplib::Server& server, FakeProviderServer& state) {
  server.Get(R"(/v2/stocks/([A-Za-z0-9.\-]+)/bars)",
             [&state](const httplib::Request& req, httplib::Response& res) { HandleBars(req, res, state); });
}

}  // namespace qtp::testing
