#include "qtp/monitor/alerts.h"

#include <fstream>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "qtp/core/file_util.h"
#include "qtp/data/providers/http_transport.h"
#include "qtp/data/store/paths.h"

namespace qtp {

namespace {

constexpr int kWebhookTimeoutMs = 10000;

}  // namespace

nlohmann::ordered_json AlertJson(const Alert& alert, const std::string& time_utc) {
  nlohmann::ordered_json json;
  json["severity"] = alert.severity;
  json["source"] = alert.source;
  json["subject"] = alert.subject;
  json["time"] = time_utc;
  json["details"] = alert.details;
  return json;
}

AlertSink::AlertSink(std::string data_dir, std::string webhook_url)
    : data_dir_(std::move(data_dir)), webhook_url_(std::move(webhook_url)) {}

Status AlertSink::Raise(const Alert& alert) {
  const std::string body = AlertJson(alert, FormatTimestampUtc(NowUs() / 1000000 * 1000000)).dump();
  if (alert.severity == "critical") {
    spdlog::error("alert: {}", alert.subject);
  } else {
    spdlog::warn("alert: {}", alert.subject);
  }
  // The trail is appended, not replaced: an alert is an event, and a torn last line from a crash
  // costs that line only (readers skip lines that do not parse).
  const std::string logs = paths::Join(data_dir_, "logs");
  QTP_RETURN_IF_ERROR(MakeDirs(logs));
  std::ofstream trail(paths::Join(logs, "alerts.jsonl"), std::ios::app);
  trail << body << '\n';
  trail.flush();
  if (!trail) return Status::IOError(fmt::format("could not append to {}/alerts.jsonl", logs));
  if (webhook_url_.empty()) return Status::OK();
  providers::CurlTransport transport;
  Result<providers::HttpResponse> reply =
      transport.Post(webhook_url_, {{"Content-Type", "application/json"}}, body, kWebhookTimeoutMs);
  if (!reply.ok()) {
    spdlog::warn("alert webhook not reached: {}", reply.status().ToString());
    return reply.status().WithContext("alert webhook");
  }
  if (reply->status < 200 || reply->status >= 300) {
    spdlog::warn("alert webhook answered HTTP {}", reply->status);
    return Status::Unavailable(fmt::format("alert webhook answered HTTP {}", reply->status));
  }
  return Status::OK();
}

}  // namespace qtp
