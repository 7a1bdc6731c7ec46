// config/system_limits.yaml: hard caps on what a qtp run may consume, and the checks that enforce
// them. The store calls CheckStorage before publishing a write, the CLI holds a RuntimeBudget for
// the whole command, providers hold an ApiCallBudget and call TryAcquire before each request.
// Every refusal is a LimitExceeded (or RateLimited) status that names the limit, its config key and
// the observed amount, so the user knows which line of system_limits.yaml to raise.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>

#include "qtp/config/section.h"
#include "qtp/core/status.h"

namespace qtp::config {

inline constexpr const char* kSystemLimitsFile = "config/system_limits.yaml";

struct SystemLimits {
  double storage_cap_gb = 50;         // whole data dir, GB = 1e9 bytes
  double min_free_disk_gb = 2;        // free space the file system must keep after a write
  double runtime_cap_minutes = 240;   // wall clock per command
  int64_t api_calls_per_day = 10000;  // all providers together, rolling 24 h
  int64_t api_calls_per_minute = 200; // all providers together, rolling 60 s
  int max_tickers = 600;              // tickers per simulate/import/clean run
};

void DescribeParams(Section& section, SystemLimits& limits);

// LimitExceeded if the store would hold more than storage_cap_gb after a write that brings its
// total to `bytes_after_write`.
Status CheckStorage(uint64_t bytes_after_write, const SystemLimits& limits);
// LimitExceeded if writing `bytes_to_write` more under `path` (an existing directory) would leave
// the file system with less than min_free_disk_gb; IOError if the free space cannot be read.
Status CheckFreeDisk(const std::string& path, uint64_t bytes_to_write, const SystemLimits& limits);
// LimitExceeded if a run asks for more than max_tickers tickers.
Status CheckTickerCount(int64_t tickers, const SystemLimits& limits);

// The clock is injectable so tests can move time without sleeping.
using SteadyNow = std::function<std::chrono::steady_clock::time_point()>;

// Wall-clock budget of one command, started at construction.
class RuntimeBudget {
 public:
  explicit RuntimeBudget(const SystemLimits& limits, SteadyNow now = std::chrono::steady_clock::now);
  // LimitExceeded once more than runtime_cap_minutes have passed; call between units of work.
  Status Check() const;
  std::chrono::duration<double> Elapsed() const;

 private:
  std::chrono::duration<double> cap_;
  SteadyNow now_;
  std::chrono::steady_clock::time_point start_;
};

// Counts API calls in rolling windows of 60 s and 24 h. Thread-safe. A limit <= 0 means "no limit"
// (as rate_limit_per_minute / max_calls_per_day = 0 in data_sources.yaml), so a provider can build
// one from its own settings as well as from SystemLimits.
// NOTE: the count lives in this process only; separate commands each get the full budget.
class ApiCallBudget {
 public:
  ApiCallBudget(int64_t calls_per_day, int64_t calls_per_minute, SteadyNow now = std::chrono::steady_clock::now);
  explicit ApiCallBudget(const SystemLimits& limits, SteadyNow now = std::chrono::steady_clock::now);

  // Records one call and returns OK, or refuses without recording it:
  //   LimitExceeded when the 24 h budget is spent (stop the run),
  //   RateLimited when the 60 s budget is spent (wait RetryAfter(), then try again).
  Status TryAcquire();
  // How long until TryAcquire can succeed on the per-minute window (zero if it can now).
  std::chrono::milliseconds RetryAfter();
  int64_t calls_last_day();

 private:
  void Expire(std::chrono::steady_clock::time_point now);

  int64_t per_day_;
  int64_t per_minute_;
  SteadyNow now_;
  std::mutex mutex_;
  std::deque<std::chrono::steady_clock::time_point> day_calls_;
  std::deque<std::chrono::steady_clock::time_point> minute_calls_;
};

}  // namespace qtp::config
