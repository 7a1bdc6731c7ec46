// Alerts of the daily job and the monitor. Every alert goes to the log (stderr through spdlog, and one JSON line in
// data/logs/alerts.jsonl, the durable trail) and, when a webhook is configured, as a JSON POST to it.
// A webhook that cannot be reached is logged, never fatal: the alert is already in the trail.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "qtp/core/status.h"

namespace qtp {

struct Alert {
  std::string severity;            // info, warning, critical
  std::string source;              // what raised it: "daily"
  std::string subject;             // one line: "qtp daily 2024-01-02: stage features failed"
  nlohmann::ordered_json details;  // job_id, as_of, stage, error, ...
};

class AlertSink {
 public:
  // `webhook_url` may be empty (log only). The URL is never logged: it can carry a token.
  AlertSink(std::string data_dir, std::string webhook_url);
  // Logs and delivers `alert`; returns whether the webhook (when configured) accepted it (2xx).
  Status Raise(const Alert& alert);

 private:
  std::string data_dir_;
  std::string webhook_url_;
};

// The alert as posted: {"severity", "source", "subject", "time" (UTC ISO 8601), "details"}.
nlohmann::ordered_json AlertJson(const Alert& alert, const std::string& time_utc);

}  // namespace qtp
