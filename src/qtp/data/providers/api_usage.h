// The API-call budgets of config/system_limits.yaml (api_calls_per_day, all providers together) and
// config/data_sources.yaml (each provider's max_calls_per_day, e.g. Alpha Vantage's free 25), counted
// across commands: every call is recorded in <data dir>/staging/api_usage.json as a count per
// provider and wall-clock minute, kept for 24 h, so ten runs of `qtp ingest` cannot spend ten days'
// quota in one day. Minute buckets keep the file small (at most 1,440 entries a provider) however many
// calls a day brings; a call leaves the window up to a minute late, never early.
// NOTE: commands that write the store hold its lock, so only `qtp providers check` can race an ingest
// on this file; the race can only under-count by the calls of one command.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "qtp/core/status.h"

namespace qtp::providers {

using WallSeconds = std::function<int64_t()>;  // Unix seconds; injectable for tests
int64_t UnixNow();

class ApiUsageLedger {
 public:
  // Loads `path` if it exists (a missing file = no calls yet); `path` empty = count in memory only.
  static Result<ApiUsageLedger> Open(std::string path, int64_t system_calls_per_day, WallSeconds now = UnixNow);

  // Records one call to `provider` and persists it, or refuses without recording: LimitExceeded naming
  // the spent budget (its config key and file) and when the oldest counted call leaves the window.
  Status Reserve(const std::string& provider, int64_t provider_calls_per_day);
  int64_t CallsLastDay(const std::string& provider) const;  // "" = all providers
  const std::string& path() const { return path_; }

 private:
  ApiUsageLedger(std::string path, int64_t system_calls_per_day, WallSeconds now)
      : path_(std::move(path)), system_per_day_(system_calls_per_day), now_(std::move(now)) {}
  void Expire(int64_t now);
  Status Save() const;

  std::string path_;
  int64_t system_per_day_;
  WallSeconds now_;
  struct MinuteCount {
    int64_t minute = 0;  // Unix seconds / 60
    int64_t calls = 0;
  };
  std::map<std::string, std::vector<MinuteCount>> calls_;  // provider → counts by minute, ascending
};

}  // namespace qtp::providers
