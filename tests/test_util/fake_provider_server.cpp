#include "test_util/fake_provider_server.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include <httplib.h>

#include "qtp/calendar/nyse_calendar.h"

namespace qtp::testing {

namespace {

// SplitMix64: a stateless hash, so a bar depends on (ticker, instant) only.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t TickerSeed(const std::string& ticker) {
  uint64_t h = 1469598103934665603ULL;
  for (char c : ticker) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

double Unit(uint64_t h) { return static_cast<double>(h >> 11) / static_cast<double>(1ULL << 53); }  // [0, 1)
double Cents(double x) { return std::round(x * 100.0) / 100.0; }

}  // namespace

std::vector<FakeBar> FakeBars5m(const std::string& ticker, DateDays first, DateDays last) {
  const NyseCalendar& calendar = NyseCalendar::Get();
  const uint64_t seed = TickerSeed(ticker);
  const double base = 40.0 + 200.0 * Unit(Mix(seed));
  std::vector<FakeBar> bars;
  for (DateDays day : calendar.TradingDays(first, last)) {
    for (int minute = 8 * 60; minute < 18 * 60; minute += 5) {
      FakeBar bar;
      bar.start_utc = NyseCalendar::ExchangeTimeToUtc(day, minute);
      const uint64_t h = Mix(seed ^ static_cast<uint64_t>(bar.start_utc));
      const double level = base * (1.0 + 0.08 * std::sin(day / 11.0) + 0.01 * std::sin(minute / 37.0));
      bar.close = Cents(level * (1.0 + 0.004 * (Unit(h) - 0.5)));
      bar.open = Cents(level * (1.0 + 0.004 * (Unit(Mix(h)) - 0.5)));
      bar.high = Cents(std::max(bar.open, bar.close) * (1.0 + 0.001 * Unit(Mix(h + 1))));
      bar.low = Cents(std::min(bar.open, bar.close) * (1.0 - 0.001 * Unit(Mix(h + 2))));
      bar.volume = std::floor(100.0 + 20000.0 * Unit(Mix(h + 3)));
      bars.push_back(bar);
    }
  }
  return bars;
}

std::vector<FakeDailyBar> FakeBars1d(const std::string& ticker, DateDays first, DateDays last) {
  const NyseCalendar& calendar = NyseCalendar::Get();
  std::vector<FakeDailyBar> days;
  FakeDailyBar current;
  for (const FakeBar& bar : FakeBars5m(ticker, first, last)) {
    if (!calendar.IsRegularSessionBar(bar.start_utc)) continue;
    const DateDays day = NyseCalendar::ExchangeDate(bar.start_utc);
    if (days.empty() || days.back().date != day) {
      days.push_back({day, bar.open, bar.high, bar.low, bar.close, 0.0});
    }
    FakeDailyBar& d = days.back();
    d.high = std::max(d.high, bar.high);
    d.low = std::min(d.low, bar.low);
    d.close = bar.close;
    d.volume += bar.volume;
  }
  return days;
}

TimestampUs UtcOfCivil(int year, int month, int day, int hour, int minute, int second) {
  const int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return (days * 86400 + hour * 3600 + minute * 60 + second) * kMicrosPerSecond;
}

FakeProviderServer::FakeProviderServer() : server_(std::make_unique<httplib::Server>()) {
  RegisterFakeAlpaca(*server_, *this);
  RegisterFakeIbkr(*server_, *this);
  RegisterFakeYahoo(*server_, *this);
  RegisterFakeAlphaVantage(*server_, *this);
  RegisterFakeFmp(*server_, *this);
  // Headers and body go out in separate writes: without TCP_NODELAY the body of a reply on a kept-alive
  // connection waits ~40 ms for a delayed ACK, which made the fake, not qtp, the bottleneck of a pull.
  server_->set_tcp_nodelay(true);
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("fake provider server: cannot bind 127.0.0.1");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // NOTE: cpp-httplib 0.11 has no wait_until_ready(); poll is_running().
  for (int i = 0; i < 500 && !server_->is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
}

FakeProviderServer::~FakeProviderServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string FakeProviderServer::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void FakeProviderServer::QueueFaults(const std::string& provider, std::vector<Fault> faults) {
  std::lock_guard lock(mutex_);
  for (const Fault& f : faults) faults_[provider].push_back(f);
}

void FakeProviderServer::Distort(const std::string& provider,
                                 std::function<void(const std::string& ticker, std::vector<FakeBar>&)> f) {
  std::lock_guard lock(mutex_);
  distortions_[provider] = std::move(f);
}

std::vector<LoggedRequest> FakeProviderServer::Requests(const std::string& provider) const {
  std::lock_guard lock(mutex_);
  auto it = log_.find(provider);
  return it == log_.end() ? std::vector<LoggedRequest>{} : it->second;
}

size_t FakeProviderServer::RequestCount(const std::string& provider) const { return Requests(provider).size(); }

void FakeProviderServer::OnRequest(std::function<void(const std::string& provider, size_t count)> hook) {
  std::lock_guard lock(mutex_);
  hook_ = std::move(hook);
}

bool FakeProviderServer::Begin(const std::string& provider, const httplib::Request& req, httplib::Response& res,
                               bool* malformed) {
  *malformed = false;
  LoggedRequest logged;
  logged.path = req.path;
  for (const auto& [key, value] : req.params) {
    logged.params[key] = value;
    logged.query += (logged.query.empty() ? "" : "&") + key + "=" + value;
  }
  for (const auto& [key, value] : req.headers) {
    std::string lower = key;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    logged.headers[lower] = value;
  }
  std::optional<Fault> fault;
  std::function<void(const std::string&, size_t)> hook;
  size_t count = 0;
  {
    std::lock_guard lock(mutex_);
    log_[provider].push_back(std::move(logged));
    count = log_[provider].size();
    std::deque<Fault>& queue = faults_[provider];
    if (!queue.empty()) {
      fault = queue.front();
      queue.pop_front();
    }
    hook = hook_;
  }
  if (hook) hook(provider, count);
  if (!fault) return false;
  switch (fault->kind) {
    case FaultKind::kRateLimited:
      res.status = 429;
      if (fault->retry_after_s >= 0) res.set_header("Retry-After", std::to_string(fault->retry_after_s));
      res.set_content(R"({"message":"too many requests."})", "application/json");
      return true;
    case FaultKind::kServerError:
      res.status = 500;
      res.set_content(R"({"message":"internal server error"})", "application/json");
      return true;
    case FaultKind::kStall:
      std::this_thread::sleep_for(std::chrono::milliseconds(fault->stall_ms));
      return false;
    case FaultKind::kMalformed:
      *malformed = true;
      return false;
  }
  return false;
}

std::vector<FakeBar> FakeProviderServer::Bars5m(const std::string& provider, const std::string& ticker, DateDays first,
                                                DateDays last) const {
  std::vector<FakeBar> bars = FakeBars5m(ticker, first, last);
  std::function<void(const std::string&, std::vector<FakeBar>&)> distort;
  {
    std::lock_guard lock(mutex_);
    auto it = distortions_.find(provider);
    if (it != distortions_.end()) distort = it->second;
  }
  if (distort) distort(ticker, bars);
  return bars;
}

std::vector<ServedBar> FakeProviderServer::ServedBars5m(const std::string& provider, const std::string& ticker,
                                                        DateDays first, DateDays last) const {
  std::vector<ServedBar> served;
  for (const FakeBar& b : Bars5m(provider, ticker, first, last)) {
    served.push_back({b.start_utc, b.open, b.high, b.low, b.close, b.volume});
  }
  return served;
}

std::vector<ServedBar> FakeProviderServer::ServedBars1d(const std::string& ticker, DateDays first, DateDays last,
                                                        const std::function<TimestampUs(DateDays date)>& stamp) {
  std::vector<ServedBar> served;
  for (const FakeDailyBar& d : FakeBars1d(ticker, first, last)) {
    served.push_back({stamp(d.date), d.open, d.high, d.low, d.close, d.volume});
  }
  return served;
}

void FakeProviderServer::Reply(httplib::Response& res, std::string body, const char* content_type, bool malformed) {
  if (malformed) body.resize(body.size() / 2);
  res.status = 200;
  res.set_content(std::move(body), content_type);
}

}  // namespace qtp::testing
