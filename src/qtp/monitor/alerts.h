// Alerts of the daily job and the monitor. Every alert goes to the trail (one JSON line in
// data/logs/alerts.jsonl, append-only) and, unless the policy holds it back, to the log (stderr through
// spdlog) and the webhook (a JSON POST). Holding back:
//   - severity below the policy's minimum: "quiet" (trail and store only)
//   - the same key already sent within the cool-down: "suppressed" (a failing check re-run every few
//     minutes pages once, and the repeats stay countable)
// A webhook that cannot be reached is logged, never fatal: the alert is already in the trail.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "qtp/core/status.h"
#include "qtp/core/time.h"
#include "qtp/data/store/store.h"

namespace qtp {

struct Alert {
  std::string severity;            // info, warning, critical
  std::string source;              // what raised it: "daily", "monitor"
  std::string key;                 // de-duplication key, e.g. "monitor/drift/features"; empty = source/subject
  std::string subject;             // one line: "qtp daily 2024-01-02: stage features failed"
  nlohmann::ordered_json details;  // job_id, as_of, stage, error, ...
  DateDays as_of = kNullDate;      // the day it is about (kNullDate: the day it was raised)
};

struct AlertPolicy {
  double cooldown_hours = 0;          // 0: every alert is sent
  std::string min_severity = "info";  // info, warning, critical
};

struct RaisedAlert {
  Alert alert;
  TimestampUs raised_at = 0;
  std::string status;      // sent, suppressed, quiet
  bool delivered = false;  // the webhook answered 2xx
};

class AlertSink {
 public:
  // `webhook_url` may be empty (log only). The URL is never logged: it can carry a token.
  AlertSink(std::string data_dir, std::string webhook_url, AlertPolicy policy = {});
  // Records `alert` in the trail, then logs and delivers it unless held back (see above).
  RaisedAlert Raise(const Alert& alert);
  // Every alert this sink raised, in order (what StoreAlerts writes).
  const std::vector<RaisedAlert>& raised() const { return raised_; }

 private:
  // When `key` was last sent according to the trail (0: never).
  TimestampUs LastSent(const std::string& key) const;

  std::string data_dir_;
  std::string webhook_url_;
  AlertPolicy policy_;
  std::vector<RaisedAlert> raised_;
};

// The alert as posted: {"severity", "source", "key", "subject", "time" (UTC ISO 8601), "details"}.
nlohmann::ordered_json AlertJson(const Alert& alert, const std::string& time_utc);

// Merges `alerts` into monitor_alerts (committed by the caller).
Status StoreAlerts(Store& store, const std::vector<RaisedAlert>& alerts);

}  // namespace qtp
