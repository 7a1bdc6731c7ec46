// config/system_limits.yaml: hard caps on what a qtp run may consume, and the checks that enforce
// them. The store calls CheckStorage before publishing a write, the CLI holds a RuntimeBudget for
// the whole command; the provider fetchers enforce the API-call limits (data/providers/api_usage.h for
// the daily budgets, token_bucket.h for the per-minute pacing).
// Every refusal is a LimitExceeded (or RateLimited) status that names the limit, its config key and
// the observed amount, so the user knows which line of system_limits.yaml to raise.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
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

}  // namespace qtp::config
