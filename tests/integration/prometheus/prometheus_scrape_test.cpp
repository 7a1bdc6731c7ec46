// Debian's Prometheus scraping `qtp serve` with deploy/prometheus.yml (its target and interval
// substituted): the scrape succeeds (up == 1) and a qtp_ metric carries the stored value.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "qtp/data/store/production_columns.h"
#include "qtp/data/store/store.h"
#include "test_util/free_port.h"
#include "test_util/qtp_project.h"
#include "test_util/serve_process.h"

namespace qtp {
namespace {

constexpr const char* kPrometheus = "/usr/bin/prometheus";
constexpr auto kScrapeDeadline = std::chrono::seconds(60);
constexpr double kRefreshSeconds = 12.5;  // the stored duration the scrape must carry

// One `qtp daily` stage record (view runs): refresh of 2024-01-05, kRefreshSeconds long.
void WriteOneStageRecord(const std::string& data_dir) {
  auto opened = Store::Open({data_dir, "test", StoreMode::kWrite, 0});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  const DateDays as_of = DaysFromCivil(2024, 1, 5);
  const TimestampUs started = (int64_t{as_of} + 1) * kMicrosPerDay;
  Table runs(schema::Runs());
  for (const auto& [column, text] : {std::pair{"job_id", "daily-2024-01-05-1"},
                                     {"stage", "refresh"},
                                     {"status", "succeeded"},
                                     {"run_id", ""},
                                     {"error", ""}}) {
    runs.Column<std::string>(column).push_back(text);
  }
  runs.Column<int32_t>("as_of").push_back(as_of);
  runs.Column<int64_t>("stage_index").push_back(0);
  runs.Column<int64_t>("started_at").push_back(started);
  runs.Column<int64_t>("finished_at").push_back(started + static_cast<int64_t>(kRefreshSeconds * kMicrosPerSecond));
  runs.Column<double>("seconds").push_back(kRefreshSeconds);
  runs.Column<int64_t>("rows").push_back(42);
  ASSERT_TRUE((*opened)->Merge(schema::Runs(), "", std::move(runs)).ok());
  ASSERT_TRUE((*opened)->Commit().ok());
}

// `text` with every `from` replaced by `to`; fails the test when there is none (the deploy file
// changed shape and the test would no longer run what it ships).
std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "deploy/prometheus.yml has no \"" << from << "\"";
  for (; at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
  return text;
}

// The value of the single series `query` selects now ("" when Prometheus has none or is not up).
std::string InstantValue(httplib::Client& prometheus, const std::string& query, std::string* answer) {
  const httplib::Result res = prometheus.Get("/api/v1/query", {{"query", query}}, httplib::Headers{});
  if (!res) return "";
  *answer = res->body;
  const nlohmann::json j = nlohmann::json::parse(res->body, nullptr, false);
  if (j.is_discarded() || j.value("status", "") != "success") return "";
  const nlohmann::json& result = j["data"]["result"];
  if (!result.is_array() || result.size() != 1) return "";
  return result[0]["value"][1].get<std::string>();
}

TEST(PrometheusScrape, DebianPrometheusScrapesQtpServe) {
  if (::access(kPrometheus, X_OK) != 0) {
    GTEST_SKIP() << kPrometheus << " is not installed (scripts/setup.sh installs Debian's prometheus package)";
  }
  test_util::TempDir dir;
  const std::string data = dir.path() + "/data";
  ASSERT_EQ(test_util::RunQtp({"init"}, data).exit_code, 0);
  WriteOneStageRecord(data);

  test_util::ServeProcess server(data, {"--port", "0"});
  const std::string line = server.FirstLine(30);
  const int serve_port = test_util::ServePort(line);
  ASSERT_GT(serve_port, 0) << "qtp serve did not announce its URL: " << line;

  std::string config = test_util::ReadFileText(std::string(QTP_SOURCE_DIR) + "/deploy/prometheus.yml");
  config = ReplaceAll(config, "127.0.0.1:8700", "127.0.0.1:" + std::to_string(serve_port));
  config = ReplaceAll(config, "scrape_interval: 30s", "scrape_interval: 1s");
  const std::string config_path = dir.path() + "/prometheus.yml";
  test_util::WriteFileText(config_path, config);
  const int prometheus_port = test_util::FreeLoopbackPort();
  const std::string log_path = dir.path() + "/prometheus.log";
  test_util::ChildProcess prometheus(
      {kPrometheus, "--config.file=" + config_path, "--storage.tsdb.path=" + dir.path() + "/tsdb",
       "--web.listen-address=127.0.0.1:" + std::to_string(prometheus_port)},
      log_path);
  ASSERT_TRUE(prometheus.started());

  httplib::Client client("127.0.0.1", prometheus_port);
  client.set_connection_timeout(2);
  client.set_read_timeout(5);
  const std::string duration_query = "qtp_job_stage_duration_seconds{job=\"qtp\",stage=\"refresh\"}";
  std::string up;
  std::string duration;
  std::string last_answer = "none (nothing answered on 127.0.0.1:" + std::to_string(prometheus_port) + ")";
  const auto deadline = std::chrono::steady_clock::now() + kScrapeDeadline;
  while (std::chrono::steady_clock::now() < deadline) {
    ASSERT_FALSE(prometheus.Finished()) << "prometheus exited with " << prometheus.exit_code() << ":\n"
                                        << test_util::ReadFileText(log_path);
    up = InstantValue(client, "up{job=\"qtp\"}", &last_answer);
    duration = InstantValue(client, duration_query, &last_answer);
    if (up == "1" && !duration.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  ASSERT_EQ(up, "1") << "no successful scrape of qtp serve within 60 s; last answer: " << last_answer
                     << "\nprometheus log:\n"
                     << test_util::ReadFileText(log_path);
  ASSERT_FALSE(duration.empty()) << duration_query << " did not show within 60 s; last answer: " << last_answer;
  EXPECT_EQ(std::stod(duration), kRefreshSeconds);
  EXPECT_EQ(prometheus.Kill(), 128 + SIGKILL);
  EXPECT_EQ(server.Terminate(), 0);
}

}  // namespace
}  // namespace qtp
