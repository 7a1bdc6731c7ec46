// The alert sink against a local HTTP receiver: what is sent, held back by the cool-down or below the
// minimum severity, what the trail keeps, and the monitor_alerts rows.
#include "qtp/monitor/alerts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "qtp/data/store/monitor_columns.h"
#include "test_util/temp_dir.h"
#include "test_util/webhook_receiver.h"

namespace qtp {
namespace {

Alert Make(const std::string& severity, const std::string& key) {
  Alert a;
  a.severity = severity;
  a.source = "monitor";
  a.key = key;
  a.subject = "qtp monitor 2024-01-02: " + key;
  a.details = {{"as_of", "2024-01-02"}};
  a.as_of = 19724;  // 2024-01-02
  return a;
}

TEST(AlertSink, SendsOncePerKeyWithinTheCooldownAndKeepsEveryAlertInTheTrail) {
  test_util::TempDir dir;
  test_util::WebhookReceiver receiver;
  AlertSink sink(dir.path(), receiver.url(), {24, "warning"});
  EXPECT_EQ(sink.Raise(Make("warning", "monitor/drift/feature")).status, "sent");
  const RaisedAlert repeat = sink.Raise(Make("warning", "monitor/drift/feature"));
  EXPECT_EQ(repeat.status, "suppressed");
  EXPECT_FALSE(repeat.delivered);
  EXPECT_EQ(sink.Raise(Make("critical", "monitor/check/bars_fresh")).status, "sent");
  EXPECT_EQ(sink.Raise(Make("info", "monitor/decay/m")).status, "quiet");

  const std::vector<std::string> posted = receiver.bodies();
  ASSERT_EQ(posted.size(), 2u);
  const nlohmann::json first = nlohmann::json::parse(posted[0]);
  EXPECT_EQ(first["key"], "monitor/drift/feature");
  EXPECT_EQ(first["severity"], "warning");
  EXPECT_EQ(first["details"]["as_of"], "2024-01-02");
  EXPECT_FALSE(first.contains("status")) << "the trail's bookkeeping stays out of the POST";
  EXPECT_EQ(sink.raised().size(), 4u);
  EXPECT_TRUE(sink.raised()[0].delivered);

  // A new sink (the next process) reads the cool-down from the trail: still within 24 h.
  AlertSink next(dir.path(), receiver.url(), {24, "warning"});
  EXPECT_EQ(next.Raise(Make("warning", "monitor/drift/feature")).status, "suppressed");
  // Without a cool-down every alert is sent.
  AlertSink eager(dir.path(), receiver.url(), {0, "info"});
  EXPECT_EQ(eager.Raise(Make("warning", "monitor/drift/feature")).status, "sent");
  EXPECT_EQ(eager.Raise(Make("info", "monitor/decay/m")).status, "sent");
  EXPECT_EQ(receiver.bodies().size(), 4u);
}

TEST(AlertSink, AnUnreachableWebhookIsLoggedAndTheAlertStaysInTheTrail) {
  test_util::TempDir dir;
  AlertSink sink(dir.path(), "http://127.0.0.1:1/hook", {});  // nothing listens on port 1
  const RaisedAlert r = sink.Raise(Make("critical", "daily/stage/clean"));
  EXPECT_EQ(r.status, "sent");
  EXPECT_FALSE(r.delivered);
  std::ifstream trail(dir.path() + "/logs/alerts.jsonl");
  std::string line;
  ASSERT_TRUE(std::getline(trail, line));
  const nlohmann::json entry = nlohmann::json::parse(line);
  EXPECT_EQ(entry["key"], "daily/stage/clean");
  EXPECT_EQ(entry["status"], "sent");
}

TEST(AlertSink, StoredRowsCarryStatusAndDelivery) {
  test_util::TempDir dir;
  test_util::WebhookReceiver receiver;
  AlertSink sink(dir.path() + "/data", receiver.url(), {24, "warning"});
  sink.Raise(Make("warning", "monitor/drift/feature"));
  sink.Raise(Make("warning", "monitor/drift/feature"));
  StoreOptions options;
  options.data_dir = dir.path() + "/data";
  options.run_id = "alerts-test";
  options.mode = StoreMode::kWrite;
  Result<std::unique_ptr<Store>> store = Store::Open(options);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE(StoreAlerts(**store, sink.raised()).ok());
  ASSERT_TRUE((*store)->Commit().ok());
  Result<Table> rows = (*store)->Read(schema::MonitorAlerts(), "");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->num_rows(), 2u);
  const auto& status = rows->Column<std::string>("status");
  const auto& delivered = rows->Column<int64_t>("delivered");
  // Same key, raised within the same second: two rows all the same (raised_at is strictly increasing).
  EXPECT_EQ(std::count(status.begin(), status.end(), "sent"), 1);
  EXPECT_EQ(std::count(status.begin(), status.end(), "suppressed"), 1);
  EXPECT_EQ(std::count(delivered.begin(), delivered.end(), 1), 1);
}

}  // namespace
}  // namespace qtp
