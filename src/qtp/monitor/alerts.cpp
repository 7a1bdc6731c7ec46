#include "qtp/monitor/alerts.h"

#include <algorithm>
#include <fstream>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "qtp/core/file_util.h"
#include "qtp/data/providers/http_transport.h"
#include "qtp/data/store/monitor_columns.h"
#include "qtp/data/store/paths.h"

namespace qtp {

namespace {

constexpr int kWebhookTimeoutMs = 10000;
constexpr double kMicrosPerHour = 3600e6;

int SeverityLevel(const std::string& severity) {
  if (severity == "critical") return 2;
  if (severity == "warning") return 1;
  return 0;
}

std::string KeyOf(const Alert& alert) { return alert.key.empty() ? alert.source + "/" + alert.subject : alert.key; }

std::string TrailPath(const std::string& data_dir) { return paths::Join(data_dir, "logs/alerts.jsonl"); }

}  // namespace

nlohmann::ordered_json AlertJson(const Alert& alert, const std::string& time_utc) {
  nlohmann::ordered_json json;
  json["severity"] = alert.severity;
  json["source"] = alert.source;
  json["key"] = KeyOf(alert);
  json["subject"] = alert.subject;
  json["time"] = time_utc;
  json["details"] = alert.details;
  return json;
}

AlertSink::AlertSink(std::string data_dir, std::string webhook_url, AlertPolicy policy)
    : data_dir_(std::move(data_dir)), webhook_url_(std::move(webhook_url)), policy_(std::move(policy)) {}

TimestampUs AlertSink::LastSent(const std::string& key) const {
  std::ifstream trail(TrailPath(data_dir_));
  TimestampUs last = 0;
  for (std::string line; std::getline(trail, line);) {
    // Lines that do not parse (a torn last line after a crash) are skipped.
    const nlohmann::json entry = nlohmann::json::parse(line, nullptr, false);
    if (!entry.is_object() || entry.value("key", "") != key || entry.value("status", "") != "sent") continue;
    last = std::max<TimestampUs>(last, entry.value("raised_at_us", TimestampUs{0}));
  }
  return last;
}

RaisedAlert AlertSink::Raise(const Alert& alert) {
  // Strictly increasing within a sink: raised_at is part of monitor_alerts' key, so two alerts of one key
  // raised in the same microsecond still make two rows.
  const TimestampUs now = raised_.empty() ? NowUs() : std::max(NowUs(), raised_.back().raised_at + 1);
  RaisedAlert raised{alert, now, "sent", false};
  if (raised.alert.as_of == kNullDate) raised.alert.as_of = DateOfTimestampUtc(raised.raised_at);
  const std::string key = KeyOf(alert);
  raised.alert.key = key;
  const TimestampUs last = LastSent(key);
  if (SeverityLevel(alert.severity) < SeverityLevel(policy_.min_severity)) {
    raised.status = "quiet";
  } else if (last != 0 && raised.raised_at - last < policy_.cooldown_hours * kMicrosPerHour) {
    raised.status = "suppressed";
  }
  const nlohmann::ordered_json body = AlertJson(alert, FormatTimestampUtc(raised.raised_at));
  nlohmann::ordered_json entry = body;
  entry["status"] = raised.status;
  entry["raised_at_us"] = raised.raised_at;
  // The trail is appended, not replaced: an alert is an event, and a torn last line from a crash
  // costs that line only.
  const std::string logs = paths::Join(data_dir_, "logs");
  std::ofstream trail;
  if (MakeDirs(logs).ok()) trail.open(TrailPath(data_dir_), std::ios::app);
  trail << entry.dump() << '\n';
  trail.flush();
  if (!trail) spdlog::error("could not append to {}/alerts.jsonl", logs);
  raised_.push_back(raised);
  if (raised.status != "sent") return raised;
  if (alert.severity == "critical") {
    spdlog::error("alert: {}", alert.subject);
  } else {
    spdlog::warn("alert: {}", alert.subject);
  }
  if (webhook_url_.empty()) return raised;
  providers::CurlTransport transport;
  Result<providers::HttpResponse> reply =
      transport.Post(webhook_url_, {{"Content-Type", "application/json"}}, body.dump(), kWebhookTimeoutMs);
  if (!reply.ok()) {
    spdlog::warn("alert webhook not reached: {}", reply.status().ToString());
  } else if (reply->status < 200 || reply->status >= 300) {
    spdlog::warn("alert webhook answered HTTP {}", reply->status);
  } else {
    raised.delivered = true;
  }
  raised_.back().delivered = raised.delivered;
  return raised;
}

Status StoreAlerts(Store& store, const std::vector<RaisedAlert>& alerts) {
  if (alerts.empty()) return Status::OK();
  Table t(schema::MonitorAlerts());
  for (const RaisedAlert& r : alerts) {
    t.Column<int32_t>("as_of").push_back(r.alert.as_of);
    t.Column<int64_t>("raised_at").push_back(r.raised_at);
    t.Column<std::string>("key").push_back(r.alert.key);
    t.Column<std::string>("severity").push_back(r.alert.severity);
    t.Column<std::string>("source").push_back(r.alert.source);
    t.Column<std::string>("subject").push_back(r.alert.subject);
    t.Column<std::string>("status").push_back(r.status);
    t.Column<int64_t>("delivered").push_back(r.delivered ? 1 : 0);
    t.Column<std::string>("details").push_back(r.alert.details.dump());
  }
  return store.Merge(schema::MonitorAlerts(), "", std::move(t)).status();
}

}  // namespace qtp
