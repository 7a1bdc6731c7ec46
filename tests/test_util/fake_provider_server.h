// A local stand-in for the market-data providers, for tests: one cpp-httplib server on 127.0.0.1
// (a free port) that answers each provider's endpoints in that provider's documented wire format
// (fake_<provider>.cpp), from one deterministic fake market, with scripted faults.
//
// Every provider's base URL is base_url() (IBKR's is base_url() + "/v1/api"), so a test points a
// connector or the CLI (QTP_<PROVIDER>_BASE_URL) at it.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "qtp/core/time.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace qtp::testing {

// One bar of the fake market: START instant in UTC, prices as traded.
struct FakeBar {
  TimestampUs start_utc = 0;
  double open = 0, high = 0, low = 0, close = 0, volume = 0;
};

// Every 5-minute bar from 08:00 to 17:55 New York time (pre- and post-market included, so connectors'
// RTH filtering is exercised) on each NYSE trading day in [first, last], half days ending at 16:55.
// Deterministic in (ticker, instant): asking for a sub-range gives the same bars.
std::vector<FakeBar> FakeBars5m(const std::string& ticker, DateDays first, DateDays last);
// Daily bars of the same market (regular-session aggregate), stamped with their exchange date.
struct FakeDailyBar {
  DateDays date = 0;
  double open = 0, high = 0, low = 0, close = 0, volume = 0;
};
std::vector<FakeDailyBar> FakeBars1d(const std::string& ticker, DateDays first, DateDays last);

// One bar as a fake provider serves it: stamped at `ts` (a 5-minute bar's start, or the instant the
// provider stamps a daily bar with), prices and volume as traded.
struct ServedBar {
  TimestampUs ts = 0;
  double open = 0, high = 0, low = 0, close = 0, volume = 0;
};

// The UTC instant of a UTC civil date and time of day (for parsing the times a request carries).
TimestampUs UtcOfCivil(int year, int month, int day, int hour, int minute, int second);

enum class FaultKind {
  kRateLimited,  // 429, with "Retry-After: <retry_after_s>" unless retry_after_s < 0
  kServerError,  // 500
  kStall,        // answers normally after stall_ms (longer than the client's timeout = a timeout)
  kMalformed,    // 200 with the normal body cut in half (broken JSON/CSV)
};

struct Fault {
  FaultKind kind = FaultKind::kServerError;
  int retry_after_s = 1;
  int stall_ms = 0;
};

struct LoggedRequest {
  std::string path;   // e.g. /v2/stocks/AAPL/bars
  std::string query;  // decoded "k=v&k=v" in the server's parameter order
  std::map<std::string, std::string> params;
  std::map<std::string, std::string> headers;  // lower-case names
};

class FakeProviderServer {
 public:
  // Credentials the fake providers accept (anything else: the provider's 401/403 reply).
  static constexpr const char* kAlpacaKeyId = "test-key-id-PK123";
  static constexpr const char* kAlpacaSecret = "test-secret-SK456";
  static constexpr const char* kAlphaVantageKey = "test-av-key-789";
  static constexpr const char* kFmpKey = "test-fmp-key-012";

  FakeProviderServer();  // registers every provider's routes and starts listening
  ~FakeProviderServer();
  FakeProviderServer(const FakeProviderServer&) = delete;
  FakeProviderServer& operator=(const FakeProviderServer&) = delete;

  std::string base_url() const;  // http://127.0.0.1:<port>
  int port() const { return port_; }

  // The next requests to `provider` ("alpaca", "ibkr", "yahoo", "alpha_vantage", "fmp") meet these
  // faults, one per request, in order; then requests are answered normally.
  void QueueFaults(const std::string& provider, std::vector<Fault> faults);
  // Changes the bars `provider` serves (e.g. drop one, move a price) for cross-provider checks.
  void Distort(const std::string& provider, std::function<void(const std::string& ticker, std::vector<FakeBar>&)> f);
  // Every request `provider` received (faulted ones included), in arrival order.
  std::vector<LoggedRequest> Requests(const std::string& provider) const;
  size_t RequestCount(const std::string& provider) const;
  // Called on every request after it is logged (e.g. to kill a client after the Nth page).
  void OnRequest(std::function<void(const std::string& provider, size_t count)> hook);

  // --- for the fake_<provider>.cpp route handlers --------------------------------------------------
  // Logs the request and applies the next queued fault. Returns true when the fault already wrote
  // the response (429/500); `*malformed` is set when the handler must cut its normal body in half.
  bool Begin(const std::string& provider, const httplib::Request& req, httplib::Response& res, bool* malformed);
  // The bars `provider` serves: FakeBars5m with that provider's distortion applied.
  std::vector<FakeBar> Bars5m(const std::string& provider, const std::string& ticker, DateDays first,
                              DateDays last) const;
  // Those bars as ServedBar rows, and the daily bars of FakeBars1d stamped with stamp(date) (Alpaca: New
  // York midnight, IB: the session open), so that a handler serves both intervals from one code path.
  std::vector<ServedBar> ServedBars5m(const std::string& provider, const std::string& ticker, DateDays first,
                                      DateDays last) const;
  static std::vector<ServedBar> ServedBars1d(const std::string& ticker, DateDays first, DateDays last,
                                             const std::function<TimestampUs(DateDays date)>& stamp);
  // Writes body (halved when malformed) with the content type.
  static void Reply(httplib::Response& res, std::string body, const char* content_type, bool malformed);

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::map<std::string, std::deque<Fault>> faults_;
  std::map<std::string, std::vector<LoggedRequest>> log_;
  std::map<std::string, std::function<void(const std::string&, std::vector<FakeBar>&)>> distortions_;
  std::function<void(const std::string&, size_t)> hook_;
};

// Route registration, one per provider (fake_<provider>.cpp).
void RegisterFakeAlpaca(httplib::Server& server, FakeProviderServer& state);
void RegisterFakeIbkr(httplib::Server& server, FakeProviderServer& state);
void RegisterFakeYahoo(httplib::Server& server, FakeProviderServer& state);
void RegisterFakeAlphaVantage(httplib::Server& server, FakeProviderServer& state);
void RegisterFakeFmp(httplib::Server& server, FakeProviderServer& state);

}  // namespace qtp::testing
