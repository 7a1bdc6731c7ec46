// `qtp status --json` and the run records every store-changing command leaves in data/runs/.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_util/qtp_project.h"

namespace qtp {
namespace {

using test_util::QtpProject;

using test_util::RunIdOf;

const nlohmann::json* FindDataset(const nlohmann::json& status, const std::string& view) {
  for (const auto& d : status["datasets"]) {
    if (d["view"] == view) return &d;
  }
  return nullptr;
}

TEST(Status, JsonDescribesDatasetsAndRecentRuns) {
  QtpProject p;
  const test_util::ProcessResult sim = p.Simulate(4, "2022-03-01", "2022-04-30");
  const test_util::ProcessResult clean = p.RunOk({"--quiet", "clean"});
  const test_util::ProcessResult r = p.RunOk({"status", "--json"});
  const auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  ASSERT_TRUE(j["datasets"].is_array());
  ASSERT_TRUE(j["recent_runs"].is_array());

  // Rows and tickers per view as the manifest counts them agree with what SQL sees.
  for (const std::string view : {"bars_5m_raw", "bars_5m", "bars_1d", "corporate_actions"}) {
    SCOPED_TRACE(view);
    const nlohmann::json* d = FindDataset(j, view);
    ASSERT_NE(d, nullptr) << r.out;
    EXPECT_EQ(std::to_string((*d)["rows"].get<uint64_t>()), p.QueryValue("SELECT count(*) FROM " + view));
    EXPECT_EQ(std::to_string((*d)["tickers"].get<uint64_t>()),
              p.QueryValue("SELECT count(DISTINCT ticker) FROM " + view));
  }
  const nlohmann::json* raw = FindDataset(j, "bars_5m_raw");
  ASSERT_NE(raw, nullptr);
  EXPECT_EQ((*raw)["tickers"], 4);
  EXPECT_EQ((*raw)["first"], "2022-03-01T14:30:00Z");  // 09:30 EST
  EXPECT_EQ((*raw)["last"], "2022-04-29T19:55:00Z");   // 15:55 EDT

  uint64_t bytes = 0;
  const auto manifest = nlohmann::json::parse(p.Manifest());
  for (const auto& f : manifest["files"]) bytes += f["bytes"].get<uint64_t>();
  EXPECT_EQ(j["total_bytes"].get<uint64_t>(), bytes);

  std::vector<std::string> run_ids;
  for (const auto& run : j["recent_runs"]) run_ids.push_back(run.value("run_id", ""));
  EXPECT_NE(std::find(run_ids.begin(), run_ids.end(), RunIdOf(sim)), run_ids.end()) << j["recent_runs"].dump(1);
  EXPECT_NE(std::find(run_ids.begin(), run_ids.end(), RunIdOf(clean)), run_ids.end()) << j["recent_runs"].dump(1);
  ASSERT_FALSE(run_ids.empty());
  EXPECT_EQ(run_ids.front(), RunIdOf(clean)) << "newest first";

  const test_util::ProcessResult text = p.RunOk({"status"});
  EXPECT_TRUE(test_util::Contains(text.out, "bars_5m_raw")) << text.out;
  EXPECT_TRUE(test_util::Contains(text.out, RunIdOf(sim))) << text.out;
}

TEST(Runs, EachRunLeavesItsRecord) {
  QtpProject p;
  const test_util::ProcessResult sim = p.Simulate(2, "2022-03-01", "2022-03-31", {"--seed", "3"});
  const test_util::ProcessResult clean = p.RunOk({"--quiet", "clean"});
  for (const test_util::ProcessResult* r : {&sim, &clean}) {
    const std::string run_id = RunIdOf(*r);
    ASSERT_FALSE(run_id.empty()) << r->out;
    SCOPED_TRACE(run_id);
    const std::string dir = p.DataPath("runs/" + run_id);
    for (const std::string f : {"run.json", "config.yaml", "metrics.json", "history.jsonl"}) {
      EXPECT_TRUE(std::filesystem::is_regular_file(dir + "/" + f)) << f;
    }
    const auto run = nlohmann::json::parse(test_util::ReadFileText(dir + "/run.json"), nullptr, false);
    ASSERT_FALSE(run.is_discarded());
    EXPECT_EQ(run["run_id"], run_id);
    const auto metrics = nlohmann::json::parse(test_util::ReadFileText(dir + "/metrics.json"), nullptr, false);
    EXPECT_FALSE(metrics.is_discarded());
    std::istringstream history(test_util::ReadFileText(dir + "/history.jsonl"));
    std::string line;
    int lines = 0;
    while (std::getline(history, line)) {
      const auto h = nlohmann::json::parse(line, nullptr, false);
      ASSERT_FALSE(h.is_discarded()) << line;
      EXPECT_EQ(h["run_id"], run_id);
      EXPECT_EQ(h["outcome"], "ok");
      ++lines;
    }
    EXPECT_EQ(lines, 1);
  }
  const auto sim_run = nlohmann::json::parse(test_util::ReadFileText(p.DataPath("runs/" + RunIdOf(sim) + "/run.json")));
  EXPECT_EQ(sim_run["command"], "simulate");
  EXPECT_EQ(sim_run["args"]["seed"], "3");
  EXPECT_EQ(sim_run["args"]["tickers"], "2");
  const auto sim_metrics =
      nlohmann::json::parse(test_util::ReadFileText(p.DataPath("runs/" + RunIdOf(sim) + "/metrics.json")));
  EXPECT_EQ(std::to_string(sim_metrics["ingest"]["rows_added"].get<uint64_t>()),
            p.QueryValue("SELECT count(*) FROM bars_5m_raw"));
}

}  // namespace
}  // namespace qtp
