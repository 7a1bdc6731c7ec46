// /api/monitor and /api/monitor/history over a store holding rows of every monitor view: each answer is
// checked against the rows written here.
#include "qtp/data/store/monitor_columns.h"
#include "unit/serve/serve_fixture.h"

namespace qtp::serve::testing {
namespace {

// Three monitored days: checks on the last two, drift on all three, decay on the first and last, alerts
// 40 days before the last one (outside its 30-day window), on the second (raised last, as by a backfill) and
// on the last day.
const DateDays kMonitorDay1 = Day(2024, 1, 3);
const DateDays kMonitorDay2 = Day(2024, 1, 4);
const DateDays kMonitorDay3 = Day(2024, 1, 5);
const DateDays kOldAlertDay = Day(2023, 11, 26);

struct DriftRow {
  DateDays as_of;
  std::string name;
  std::string metric;
  double value;
  std::string status;
};
const std::vector<DriftRow>& MonitorDriftRows() {
  static const std::vector<DriftRow> rows = {
      {kMonitorDay1, "ret_20d", "psi", 0.31, "alert"}, {kMonitorDay2, "mom_12_1", "psi", 0.02, "ok"},
      {kMonitorDay2, "ret_20d", "ks", 0.4, "alert"},   {kMonitorDay2, "ret_20d", "psi", 0.35, "alert"},
      {kMonitorDay3, "ret_20d", "ks", 0.15, "warn"},   {kMonitorDay3, "ret_20d", "psi", 0.05, "ok"}};
  return rows;
}

struct DecayRow {
  DateDays as_of;
  double rank_ic;
  double t_stat;
  double cusum;
  std::string status;
};
const std::vector<DecayRow>& MonitorDecayRows() {
  static const std::vector<DecayRow> rows = {{kMonitorDay1, 0.04, -0.5, 0.0, "ok"},
                                             {kMonitorDay3, -0.01, -2.5, 4.5, "alert"}};
  return rows;
}

struct AlertRow {
  DateDays as_of;
  int64_t raised_at;  // micros
  std::string key;
  std::string severity;
};
const std::vector<AlertRow>& MonitorAlertRows() {
  auto at = [](DateDays d, int hour) { return int64_t{d} * kMicrosPerDay + hour * 3600 * kMicrosPerSecond; };
  static const std::vector<AlertRow> rows = {{kOldAlertDay, at(kOldAlertDay, 22), "monitor/drift/old", "warning"},
                                             {kMonitorDay2, at(kMonitorDay3, 23), "monitor/drift/ret_20d", "critical"},
                                             {kMonitorDay3, at(kMonitorDay3, 21), "daily/coverage", "warning"},
                                             {kMonitorDay3, at(kMonitorDay3, 22), "monitor/decay/xgb", "critical"}};
  return rows;
}

void BuildMonitorStore(const std::string& data_dir) {
  auto opened = Store::Open({data_dir, "test", StoreMode::kWrite, 0});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Store& store = **opened;
  const std::vector<std::tuple<DateDays, std::string, std::string, double>> checks = {
      {kMonitorDay2, "coverage", "fail", 0.5},
      {kMonitorDay3, "coverage", "ok", 0.97},
      {kMonitorDay3, "drift", "warn", 2}};
  Table check_rows =
      Fill(schema::MonitorChecks(), checks.size(), [&](const std::string& c, size_t r) -> std::optional<Cell> {
        const auto& [as_of, name, status, value] = checks[r];
        if (c == "as_of") return int64_t{as_of};
        if (c == "name") return name;
        if (c == "status") return status;
        if (c == "value") return value;
        if (c == "threshold") return 0.9;
        if (c == "message") return name + " is " + status;
        return std::nullopt;
      });
  ASSERT_TRUE(store.Merge(schema::MonitorChecks(), "", std::move(check_rows)).ok());
  const std::vector<DriftRow>& drift = MonitorDriftRows();
  Table drift_rows =
      Fill(schema::MonitorDrift(), drift.size(), [&](const std::string& c, size_t r) -> std::optional<Cell> {
        if (c == "as_of") return int64_t{drift[r].as_of};
        if (c == "kind") return std::string("feature");
        if (c == "name") return drift[r].name;
        if (c == "metric") return drift[r].metric;
        if (c == "value") return drift[r].value;
        if (c == "threshold") return 0.1;
        if (c == "alert_threshold") return 0.25;
        if (c == "status") return drift[r].status;
        if (c == "reference_first") return int64_t{Day(2023, 1, 3)};
        if (c == "reference_last") return int64_t{Day(2023, 6, 30)};
        if (c == "current_first") return int64_t{drift[r].as_of - 28};
        if (c == "current_last") return int64_t{drift[r].as_of};
        if (c == "n_reference") return int64_t{1200};
        if (c == "n_current") return int64_t{240};
        return std::nullopt;
      });
  ASSERT_TRUE(store.Merge(schema::MonitorDrift(), "", std::move(drift_rows)).ok());
  const std::vector<DecayRow>& decay = MonitorDecayRows();
  Table decay_rows =
      Fill(schema::MonitorDecay(), decay.size(), [&](const std::string& c, size_t r) -> std::optional<Cell> {
        if (c == "as_of") return int64_t{decay[r].as_of};
        if (c == "model_id") return std::string(kPrimaryModel);
        if (c == "n_days") return int64_t{20};
        if (c == "rank_ic") return decay[r].rank_ic;
        if (c == "ic") return std::nan("");
        if (c == "validated_rank_ic") return 0.05;
        if (c == "t_stat") return decay[r].t_stat;
        if (c == "cusum") return decay[r].cusum;
        if (c == "status") return decay[r].status;
        return std::nullopt;
      });
  ASSERT_TRUE(store.Merge(schema::MonitorDecay(), "", std::move(decay_rows)).ok());
  const std::vector<AlertRow>& alerts = MonitorAlertRows();
  Table alert_rows =
      Fill(schema::MonitorAlerts(), alerts.size(), [&](const std::string& c, size_t r) -> std::optional<Cell> {
        if (c == "as_of") return int64_t{alerts[r].as_of};
        if (c == "raised_at") return alerts[r].raised_at;
        if (c == "key") return alerts[r].key;
        if (c == "severity") return alerts[r].severity;
        if (c == "source") return alerts[r].key.substr(0, alerts[r].key.find('/'));
        if (c == "subject") return "subject of " + alerts[r].key;
        if (c == "status") return std::string("sent");
        if (c == "delivered") return int64_t{0};
        if (c == "details") return std::string(R"({"n": 1})");
        return std::nullopt;
      });
  ASSERT_TRUE(store.Merge(schema::MonitorAlerts(), "", std::move(alert_rows)).ok());
  ASSERT_TRUE(store.Commit().ok());
}

class MonitorApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test_util::TempDir();
    BuildMonitorStore(dir_->path() + "/data");
    server_ = new ServerFixture(dir_->path() + "/data");
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static Answer Call(const std::string& target) { return Get(*server_, target); }

  static test_util::TempDir* dir_;
  static ServerFixture* server_;
};
test_util::TempDir* MonitorApiTest::dir_ = nullptr;
ServerFixture* MonitorApiTest::server_ = nullptr;

std::vector<std::string> MonitorStrings(const Json& items, const std::string& name) {
  std::vector<std::string> out;
  for (const Json& item : items) out.push_back(item.at(name).get<std::string>());
  return out;
}

TEST_F(MonitorApiTest, LatestDayHoldsItsChecksDriftDecayAndTheAlertsOfItsWindow) {
  const Answer a = Call("/api/monitor");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["as_of"], "2024-01-05");
  EXPECT_EQ(a.json["status"], "warn");
  EXPECT_EQ(MonitorStrings(a.json["checks"], "name"), (std::vector<std::string>{"coverage", "drift"}));
  EXPECT_DOUBLE_EQ(a.json["checks"][0]["value"].get<double>(), 0.97);
  EXPECT_EQ(a.json["checks"][1]["message"], "drift is warn");

  // Drift of that day only, by kind, name, metric, every column but as_of.
  const Json& drift = a.json["drift"];
  ASSERT_EQ(drift.size(), 2u) << drift.dump();
  EXPECT_EQ(MonitorStrings(drift, "metric"), (std::vector<std::string>{"ks", "psi"}));
  EXPECT_DOUBLE_EQ(drift[0]["value"].get<double>(), 0.15);
  EXPECT_EQ(drift[0]["status"], "warn");
  EXPECT_EQ(drift[0]["current_first"], "2023-12-08");
  EXPECT_EQ(drift[0]["reference_last"], "2023-06-30");
  EXPECT_EQ(drift[0]["n_current"], 240);
  EXPECT_FALSE(drift[0].contains("as_of"));

  const Json& decay = a.json["decay"];
  ASSERT_EQ(decay.size(), 1u) << decay.dump();
  EXPECT_EQ(decay[0]["model_id"], kPrimaryModel);
  EXPECT_DOUBLE_EQ(decay[0]["rank_ic"].get<double>(), -0.01);
  EXPECT_DOUBLE_EQ(decay[0]["validated_rank_ic"].get<double>(), 0.05);
  EXPECT_DOUBLE_EQ(decay[0]["cusum"].get<double>(), 4.5);
  EXPECT_TRUE(decay[0]["ic"].is_null());
  EXPECT_EQ(decay[0]["status"], "alert");

  // The alerts of the 30 days up to 2024-01-05, the latest as-of first, then the latest raised; the one of
  // 2023-11-26 is older.
  const Json& alerts = a.json["alerts"];
  EXPECT_EQ(MonitorStrings(alerts, "key"),
            (std::vector<std::string>{"monitor/decay/xgb", "daily/coverage", "monitor/drift/ret_20d"}));
  EXPECT_EQ(alerts[0]["raised_at"], "2024-01-05T22:00:00Z");
  EXPECT_EQ(alerts[0]["as_of"], "2024-01-05");
  EXPECT_EQ(alerts[0]["severity"], "critical");
  EXPECT_EQ(alerts[0]["details"], R"({"n": 1})");
}

TEST_F(MonitorApiTest, AnEarlierDayShowsNoLaterAlert) {
  const Answer a = Call("/api/monitor?as_of=2024-01-04");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["as_of"], "2024-01-04");
  EXPECT_EQ(a.json["status"], "fail");
  EXPECT_EQ(a.json["drift"].size(), 3u);
  EXPECT_TRUE(a.json["decay"].empty());
  EXPECT_EQ(MonitorStrings(a.json["alerts"], "key"), (std::vector<std::string>{"monitor/drift/ret_20d"}));

  // Drift without checks: the day is served, its status says there were no checks.
  const Answer first = Call("/api/monitor?as_of=2024-01-03");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json["status"], "no_data");
  EXPECT_TRUE(first.json["checks"].empty());
  EXPECT_EQ(first.json["drift"].size(), 1u);

  EXPECT_EQ(Call("/api/monitor?as_of=2024-01-02").status, 404);
}

TEST_F(MonitorApiTest, HistoryCountsDriftAlertsAndCarriesTheDecayPerDay) {
  const Answer a = Call("/api/monitor/history");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["days"], 120);
  const Json& items = a.json["items"];
  ASSERT_EQ(items.size(), 3u) << items.dump();
  EXPECT_EQ(MonitorStrings(items, "as_of"), (std::vector<std::string>{"2024-01-03", "2024-01-04", "2024-01-05"}));
  // Counted from MonitorDriftRows independently of the SQL.
  for (const Json& item : items) {
    int64_t alerts = 0, warnings = 0, statistics = 0;
    for (const DriftRow& row : MonitorDriftRows()) {
      if (FormatDate(row.as_of) != item["as_of"].get<std::string>()) continue;
      ++statistics;
      alerts += row.status == "alert";
      warnings += row.status == "warn";
    }
    EXPECT_EQ(item["drift_alerts"], alerts) << item.dump();
    EXPECT_EQ(item["drift_warnings"], warnings) << item.dump();
    EXPECT_EQ(item["drift_statistics"], statistics) << item.dump();
  }
  EXPECT_DOUBLE_EQ(items[0]["rank_ic"].get<double>(), 0.04);
  EXPECT_DOUBLE_EQ(items[0]["t_stat"].get<double>(), -0.5);
  EXPECT_EQ(items[0]["decay_status"], "ok");
  EXPECT_TRUE(items[1]["model_id"].is_null());
  EXPECT_TRUE(items[1]["rank_ic"].is_null());
  EXPECT_DOUBLE_EQ(items[2]["cusum"].get<double>(), 4.5);
  EXPECT_DOUBLE_EQ(items[2]["validated_rank_ic"].get<double>(), 0.05);
  EXPECT_EQ(items[2]["decay_status"], "alert");

  const Answer last = Call("/api/monitor/history?days=2");
  ASSERT_EQ(last.status, 200) << last.body;
  EXPECT_EQ(MonitorStrings(last.json["items"], "as_of"), (std::vector<std::string>{"2024-01-04", "2024-01-05"}));
  EXPECT_EQ(Call("/api/monitor/history?days=0").status, 400);
}

}  // namespace
}  // namespace qtp::serve::testing
