// config/refresh.yaml: the weekly refresh `qtp refresh` runs. The schedule is a weekday and a New York
// wall-clock time; `qtp refresh` is meant to be called often (cron hourly, a systemd timer) and pulls
// only when a scheduled time has passed since the last successful refresh, so a machine that was off
// at the scheduled time catches up at its next call.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "qtp/config/section.h"
#include "qtp/core/status.h"
#include "qtp/core/time.h"

namespace qtp::providers {

inline constexpr const char* kRefreshFile = "config/refresh.yaml";

struct RefreshSchedule {
  std::string day_of_week = "saturday";  // after Friday's close, before Monday's open
  std::string time = "06:00";            // HH:MM, New York wall clock
  std::string provider = "auto";
  std::vector<std::string> tickers;          // empty = every ticker with raw 5-minute bars in the store
  std::string history_start = "2024-01-01";  // first day pulled for a ticker with nothing stored yet
  int refetch_days = 3;  // the last N stored trading days are pulled again (late corrections become revisions)

  // InvalidArgument naming the key when time or history_start do not parse.
  Status Validate() const;
  // The latest scheduled instant (UTC µs) at or before `now`, and the first one after it.
  TimestampUs LastDue(TimestampUs now) const;
  TimestampUs NextDue(TimestampUs now) const;
};

void DescribeParams(config::Section& section, RefreshSchedule& schedule);
// config/refresh.yaml as `qtp init` writes it.
Result<std::string> DefaultRefreshYaml();

}  // namespace qtp::providers
