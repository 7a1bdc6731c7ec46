// GET /metrics: the Prometheus text writer on its own, then the endpoint over a store with known
// rows in runs and the monitor datasets (every expected value is worked out from those rows).
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "qtp/data/store/monitor_columns.h"
#include "qtp/serve/metrics_text.h"
#include "unit/serve/serve_fixture.h"

namespace qtp::serve::testing {
namespace {

TEST(MetricsText, FamiliesHaveHelpAndTypeAndEscapedLabels) {
  MetricsText text;
  text.BeginFamily("qtp_a", MetricType::kGauge, "back\\slash and\nnewline, \"quotes\" stay");
  EXPECT_TRUE(text.Sample({}, 1.5));
  text.BeginFamily("qtp_b_total", MetricType::kCounter, "a counter");
  EXPECT_TRUE(text.Sample({{"name", "a\"b\\c\nd"}, {"kind", ""}}, 3));
  EXPECT_TRUE(text.Sample({{"name", "other"}, {"kind", ""}}, 4));
  text.BeginFamily("qtp_empty", MetricType::kGauge, "no samples");
  EXPECT_EQ(text.Render(),
            "# HELP qtp_a back\\\\slash and\\nnewline, \"quotes\" stay\n"
            "# TYPE qtp_a gauge\n"
            "qtp_a 1.5\n"
            "# HELP qtp_b_total a counter\n"
            "# TYPE qtp_b_total counter\n"
            "qtp_b_total{name=\"a\\\"b\\\\c\\nd\",kind=\"\"} 3\n"
            "qtp_b_total{name=\"other\",kind=\"\"} 4\n"
            "# HELP qtp_empty no samples\n"
            "# TYPE qtp_empty gauge\n");
}

TEST(MetricsText, ARepeatedLabelSetIsNotWrittenTwice) {
  MetricsText text;
  text.BeginFamily("qtp_x", MetricType::kGauge, "x");
  EXPECT_TRUE(text.Sample({{"stage", "clean"}}, 1));
  EXPECT_FALSE(text.Sample({{"stage", "clean"}}, 2));
  EXPECT_TRUE(text.Sample({{"stage", "publish"}}, 2));
  text.BeginFamily("qtp_y", MetricType::kGauge, "the same labels in another family are fine");
  EXPECT_TRUE(text.Sample({{"stage", "clean"}}, 3));
  EXPECT_EQ(text.Render(),
            "# HELP qtp_x x\n# TYPE qtp_x gauge\nqtp_x{stage=\"clean\"} 1\nqtp_x{stage=\"publish\"} 2\n"
            "# HELP qtp_y the same labels in another family are fine\n# TYPE qtp_y gauge\nqtp_y{stage=\"clean\"} 3\n");
}

TEST(MetricsText, ValuesReadBackExactly) {
  EXPECT_EQ(FormatMetricValue(std::nan("")), "NaN");
  EXPECT_EQ(FormatMetricValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatMetricValue(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(FormatMetricValue(42), "42");
  EXPECT_EQ(FormatMetricValue(-0.125), "-0.125");
  EXPECT_EQ(FormatMetricValue(1704412800), "1704412800");
  for (const double v : {0.1, 1.0 / 3, 1e-300, 6.02214076e23, 1704412800.123456}) {
    EXPECT_EQ(std::stod(FormatMetricValue(v)), v) << FormatMetricValue(v);
  }
  EXPECT_EQ(EscapeLabelValue("plain"), "plain");
  EXPECT_EQ(EscapeLabelValue("\\\"\n"), "\\\\\\\"\\n");
  EXPECT_EQ(EscapeHelpText("\\\"\n"), "\\\\\"\\n");
}

// Sample lines of an exposition: "name{labels}" → value text. Fails the test on a line that is
// neither a sample nor a HELP/TYPE comment, on a sample before its family's TYPE line, and on a
// repeated sample.
std::map<std::string, std::string> ExpositionSamples(const std::string& body) {
  std::map<std::string, std::string> samples;
  std::set<std::string> typed;
  size_t begin = 0;
  while (begin < body.size()) {
    const size_t end = body.find('\n', begin);
    EXPECT_NE(end, std::string::npos) << "the exposition ends with a line feed";
    const std::string line = body.substr(begin, end - begin);
    begin = end == std::string::npos ? body.size() : end + 1;
    if (line.starts_with("# TYPE ")) {
      typed.insert(line.substr(7, line.find(' ', 7) - 7));
      continue;
    }
    if (line.starts_with("# HELP ")) continue;
    const size_t space = line.rfind(' ');
    if (space == std::string::npos) {
      ADD_FAILURE() << "not a sample: " << line;
      continue;
    }
    const std::string series = line.substr(0, space);
    EXPECT_TRUE(typed.count(series.substr(0, series.find('{')))) << "no TYPE line before " << line;
    EXPECT_TRUE(samples.emplace(series, line.substr(space + 1)).second) << "repeated: " << line;
  }
  return samples;
}

TEST(MetricsEndpoint, AnEmptyStoreDescribesEveryFamilyAndSamplesOnlyTheBuild) {
  test_util::TempDir dir;
  ServerFixture f(dir.path());
  const Answer a = Get(f, "/metrics");
  ASSERT_EQ(a.status, 200) << a.body;
  const std::map<std::string, std::string> samples = ExpositionSamples(a.body);
  ASSERT_EQ(samples.size(), 1u) << a.body;
  EXPECT_EQ(samples.begin()->first, "qtp_build_info{version=\"" + std::string(models::CodeVersion()) + "\"}");
  for (const char* family : {"qtp_job_stage_duration_seconds gauge", "qtp_job_stage_failures_total counter",
                             "qtp_monitor_check_status gauge", "qtp_drift_score gauge", "qtp_decay_cusum gauge",
                             "qtp_alerts_total counter", "qtp_rankings_last_as_of_timestamp_seconds gauge"}) {
    EXPECT_NE(a.body.find(std::string("\n# TYPE ") + family + "\n"), std::string::npos) << family;
  }
}

// Three jobs: 2024-01-04 (all succeeded), then two attempts for 2024-01-05 where attempt 10 started
// after attempt 9 (so it is the latest job though "-10" sorts before "-9" as text).
struct MetricsStageRow {
  std::string job_id;
  DateDays as_of;
  std::string stage;
  int64_t stage_index;
  std::string status;
  TimestampUs started_at;
  double seconds;
  int64_t rows;
};

TimestampUs MetricsTestTime(DateDays day, int64_t hour, double second) {
  return int64_t{day} * kMicrosPerDay + hour * 3600 * kMicrosPerSecond +
         static_cast<int64_t>(second * static_cast<double>(kMicrosPerSecond));
}

class MetricsEndpointTest : public ::testing::Test {
 protected:
  const DateDays day1 = Day(2024, 1, 4);
  const DateDays day2 = Day(2024, 1, 5);
  const std::vector<MetricsStageRow> stages = {
      {"daily-2024-01-04-1", day1, "refresh", 0, "succeeded", MetricsTestTime(day1 + 1, 1, 0), 10, 500},
      {"daily-2024-01-04-1", day1, "clean", 1, "succeeded", MetricsTestTime(day1 + 1, 1, 10), 15, 480},
      {"daily-2024-01-05-9", day2, "refresh", 0, "failed", MetricsTestTime(day2 + 1, 1, 0), 5, -1},
      {"daily-2024-01-05-10", day2, "refresh", 0, "succeeded", MetricsTestTime(day2 + 1, 2, 0), 12.5, 42},
      {"daily-2024-01-05-10", day2, "clean", 1, "succeeded", MetricsTestTime(day2 + 1, 2, 13), 3.25, -1},
      {"daily-2024-01-05-10", day2, "publish", 6, "failed", MetricsTestTime(day2 + 1, 2, 17), 0.5, -1}};
  const std::string odd_check = "odd \"check\"\\name\nline two";

  void WriteStore(const std::string& data_dir) {
    auto opened = Store::Open({data_dir, "test", StoreMode::kWrite, 0});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    Store& store = **opened;
    Table runs = Fill(schema::Runs(), stages.size(), [&](const std::string& c, size_t r) -> std::optional<Cell> {
      const MetricsStageRow& s = stages[r];
      if (c == "job_id") return s.job_id;
      if (c == "as_of") return int64_t{s.as_of};
      if (c == "stage") return s.stage;
      if (c == "stage_index") return s.stage_index;
      if (c == "status") return s.status;
      if (c == "started_at") return s.started_at;
      if (c == "finished_at") return s.started_at + static_cast<int64_t>(s.seconds * 1e6);
      if (c == "seconds") return s.seconds;
      if (c == "rows") return s.rows;
      if (c == "run_id" || c == "error") return std::string("");
      return std::nullopt;
    });
    ASSERT_TRUE(store.Merge(schema::Runs(), "", std::move(runs)).ok());

    const std::vector<std::tuple<DateDays, std::string, double, std::string>> checks = {
        {day1, "coverage", 0.5, "fail"}, {day2, "coverage", 0.97, "ok"}, {day2, odd_check, std::nan(""), "warn"}};
    Table monitor =
        Fill(schema::MonitorChecks(), checks.size(), [&](const std::string& c, size_t r) -> std::optional<Cell> {
          const auto& [as_of, name, value, status] = checks[r];
          if (c == "as_of") return int64_t{as_of};
          if (c == "name") return name;
          if (c == "value") return value;
          if (c == "status") return status;
          return std::nullopt;
        });
    ASSERT_TRUE(store.Merge(schema::MonitorChecks(), "", std::move(monitor)).ok());

    const std::vector<std::tuple<DateDays, std::string, std::string, std::string, double, std::string>> drift = {
        {day1, "feature", "ret_20d", "psi", 0.01, "ok"},
        {day2, "feature", "ret_20d", "ks", 0.12, "warn"},
        {day2, "feature", "ret_20d", "psi", 0.31, "alert"},
        {day2, "prediction", kPrimaryModel, "psi", std::nan(""), "n/a"}};
    Table drift_rows =
        Fill(schema::MonitorDrift(), drift.size(), [&](const std::string& c, size_t r) -> std::optional<Cell> {
          const auto& [as_of, kind, name, metric, value, status] = drift[r];
          if (c == "as_of") return int64_t{as_of};
          if (c == "kind") return kind;
          if (c == "name") return name;
          if (c == "metric") return metric;
          if (c == "value") return value;
          if (c == "status") return status;
          if (c.ends_with("_first") || c.ends_with("_last")) return int64_t{as_of};
          return std::nullopt;
        });
    ASSERT_TRUE(store.Merge(schema::MonitorDrift(), "", std::move(drift_rows)).ok());

    const std::vector<std::tuple<DateDays, std::string, double, double, double>> decay = {
        {day1, kPrimaryModel, 0.05, -0.5, 1.0},
        {day2, kOtherModel, std::nan(""), std::nan(""), 0.0},
        {day2, kPrimaryModel, 0.02, -2.5, 4.75}};
    Table decay_rows =
        Fill(schema::MonitorDecay(), decay.size(), [&](const std::string& c, size_t r) -> std::optional<Cell> {
          const auto& [as_of, model, rank_ic, t_stat, cusum] = decay[r];
          if (c == "as_of") return int64_t{as_of};
          if (c == "model_id") return model;
          if (c == "rank_ic") return rank_ic;
          if (c == "t_stat") return t_stat;
          if (c == "cusum") return cusum;
          if (c == "status") return std::string("ok");
          return std::nullopt;
        });
    ASSERT_TRUE(store.Merge(schema::MonitorDecay(), "", std::move(decay_rows)).ok());

    const std::vector<std::tuple<DateDays, std::string, std::string>> alerts = {{day1, "warning", "sent"},
                                                                                {day1, "critical", "sent"},
                                                                                {day2, "warning", "sent"},
                                                                                {day2, "warning", "suppressed"}};
    Table alert_rows =
        Fill(schema::MonitorAlerts(), alerts.size(), [&](const std::string& c, size_t r) -> std::optional<Cell> {
          const auto& [as_of, severity, status] = alerts[r];
          if (c == "as_of") return int64_t{as_of};
          if (c == "raised_at") return MetricsTestTime(as_of + 1, 3, static_cast<double>(r));
          if (c == "key") return "drift/psi/" + std::to_string(r);
          if (c == "severity") return severity;
          if (c == "status") return status;
          return std::nullopt;
        });
    ASSERT_TRUE(store.Merge(schema::MonitorAlerts(), "", std::move(alert_rows)).ok());
    ASSERT_TRUE(
        store.Merge(schema::Rankings(), "", RankingRows(day1, {{"AAA", "BBB", "CCC"}, {"BBB", "AAA", "CCC"}})).ok());
    ASSERT_TRUE(store.Commit().ok());
  }
};

TEST_F(MetricsEndpointTest, SamplesMatchTheStoredRows) {
  test_util::TempDir dir;
  WriteStore(dir.path());
  ServerFixture f(dir.path());
  const Answer a = Get(f, "/metrics");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.headers.find("Content-Type")->second, "text/plain; version=0.0.4; charset=utf-8");
  const std::map<std::string, std::string> s = ExpositionSamples(a.body);
  auto value = [&](const std::string& series) {
    const auto it = s.find(series);
    return it == s.end() ? std::string("<absent>") : it->second;
  };
  constexpr int64_t kSecondsPerDay = 86400;

  // The latest job is attempt 10 of 2024-01-05: its stages, as stored.
  for (size_t r = 3; r < 6; ++r) {
    const std::string labels = "{stage=\"" + stages[r].stage + "\"}";
    EXPECT_EQ(value("qtp_job_stage_duration_seconds" + labels), FormatMetricValue(stages[r].seconds)) << labels;
    EXPECT_EQ(value("qtp_job_stage_rows" + labels),
              stages[r].rows < 0 ? "<absent>" : FormatMetricValue(static_cast<double>(stages[r].rows)));
    EXPECT_EQ(value("qtp_job_stage_succeeded" + labels), stages[r].status == "succeeded" ? "1" : "0") << labels;
  }
  EXPECT_EQ(value("qtp_job_stage_rows{stage=\"refresh\"}"), "42");
  EXPECT_EQ(value("qtp_job_last_as_of_timestamp_seconds"), std::to_string(int64_t{day2} * kSecondsPerDay));
  // From its first start (02:00:00) to its last end (02:00:17.5).
  EXPECT_EQ(value("qtp_job_duration_seconds"), "17.5");
  // Only the 2024-01-04 job succeeded throughout; its clean stage ended at 01:00:25 the next day.
  EXPECT_EQ(value("qtp_job_last_success_timestamp_seconds"),
            std::to_string((int64_t{day1} + 1) * kSecondsPerDay + 3600 + 25));
  // Failures over every job.
  EXPECT_EQ(value("qtp_job_stage_failures_total{stage=\"refresh\"}"), "1");
  EXPECT_EQ(value("qtp_job_stage_failures_total{stage=\"clean\"}"), "0");
  EXPECT_EQ(value("qtp_job_stage_failures_total{stage=\"publish\"}"), "1");

  // Monitor checks of 2024-01-05 only; a NULL value has no sample, its status still does.
  EXPECT_EQ(value("qtp_monitor_check_value{name=\"coverage\"}"), "0.97");
  EXPECT_EQ(value("qtp_monitor_check_status{name=\"coverage\"}"), "0");
  const std::string odd_labels = "{name=\"odd \\\"check\\\"\\\\name\\nline two\"}";
  EXPECT_EQ(value("qtp_monitor_check_value" + odd_labels), "<absent>");
  EXPECT_EQ(value("qtp_monitor_check_status" + odd_labels), "1");

  // Drift of 2024-01-05: two scores (the NULL one left out), one row per status.
  EXPECT_EQ(value("qtp_drift_score{kind=\"feature\",name=\"ret_20d\",metric=\"psi\"}"), "0.31");
  EXPECT_EQ(value("qtp_drift_score{kind=\"feature\",name=\"ret_20d\",metric=\"ks\"}"), "0.12");
  EXPECT_EQ(value(std::string("qtp_drift_score{kind=\"prediction\",name=\"") + kPrimaryModel + "\",metric=\"psi\"}"),
            "<absent>");
  EXPECT_EQ(value("qtp_drift_statistics{status=\"ok\"}"), "0");
  EXPECT_EQ(value("qtp_drift_statistics{status=\"warn\"}"), "1");
  EXPECT_EQ(value("qtp_drift_statistics{status=\"alert\"}"), "1");
  EXPECT_EQ(value("qtp_drift_statistics{status=\"n/a\"}"), "1");

  // Decay of 2024-01-05.
  const std::string primary = std::string("{model_id=\"") + kPrimaryModel + "\"}";
  const std::string other = std::string("{model_id=\"") + kOtherModel + "\"}";
  EXPECT_EQ(value("qtp_decay_rank_ic" + primary), "0.02");
  EXPECT_EQ(value("qtp_decay_t_stat" + primary), "-2.5");
  EXPECT_EQ(value("qtp_decay_cusum" + primary), "4.75");
  EXPECT_EQ(value("qtp_decay_rank_ic" + other), "<absent>");
  EXPECT_EQ(value("qtp_decay_t_stat" + other), "<absent>");
  EXPECT_EQ(value("qtp_decay_cusum" + other), "0");

  // Alerts over every day.
  EXPECT_EQ(value("qtp_alerts_total{severity=\"warning\",status=\"sent\"}"), "2");
  EXPECT_EQ(value("qtp_alerts_total{severity=\"warning\",status=\"suppressed\"}"), "1");
  EXPECT_EQ(value("qtp_alerts_total{severity=\"critical\",status=\"sent\"}"), "1");

  EXPECT_EQ(value("qtp_rankings_last_as_of_timestamp_seconds"), std::to_string(int64_t{day1} * kSecondsPerDay));
  EXPECT_EQ(value("qtp_build_info{version=\"" + std::string(models::CodeVersion()) + "\"}"), "1");
  // Nothing else: stages 3 + 1 + 3, job 3, failures 3, checks 3, drift 2 + 4, decay 4, alerts 3, rankings 1, build 1.
  EXPECT_EQ(s.size(), 31u) << a.body;
}

}  // namespace
}  // namespace qtp::serve::testing
