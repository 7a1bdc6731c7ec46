// The train/predict cycle on real data: 100 tickers of the shared daily S&P 500 set (IEX,
// 2013-2018, split-adjusted) through import -> clean -> features -> train -> predict with the CLI.
// The out-of-sample IC is whatever it is; the test checks the report states it, flags a likely leak
// exactly when a model reaches the leak level, and that nothing simulated leaks in. Skipped when
// the shared data is absent (a user's fresh clone).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "test_util/qtp_project.h"

namespace qtp {
namespace {

namespace fs = std::filesystem;

const std::string kDaily = std::string(QTP_SHARED_DATA_DIR) + "/sp500_daily_iex_2013_2018";

TEST(ModelsOnSharedData, TrainAndPredictStateTheOutOfSampleIcHonestly) {
  if (!fs::is_directory(kDaily)) GTEST_SKIP() << "shared data folder " << kDaily << " is absent";
  test_util::QtpProject p;
  p.RunOk({"init"});
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kDaily)) {
    if (e.path().extension() == ".csv") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 100u);
  const std::string in = p.root() + "/in";
  fs::create_directories(in);
  for (size_t i = 0; i < 100; ++i) fs::copy_file(files[i], in + "/" + files[i].filename().string());
  // Smaller boosters than the defaults keep the test short (it also runs under the sanitizers).
  test_util::WriteFileText(p.root() + "/config/models.yaml",
                           "plots: false\npermutation_folds: 3\nxgb:\n  rounds: 40\nlambdamart:\n  rounds: 40\n");
  p.RunOk({"--quiet", "import", "--path", in});
  p.RunOk({"--quiet", "clean"});
  p.RunOk({"--quiet", "features"});
  const test_util::ProcessResult train = p.RunOk({"train"});

  const nlohmann::json report = nlohmann::json::parse(test_util::ReadFileText(p.DataPath("reports/model_eval.json")));
  const std::string markdown = test_util::ReadFileText(p.DataPath("reports/model_eval.md"));
  ASSERT_EQ(report.at("models").size(), 6u);
  bool any_leak = false;
  for (const auto& m : report.at("models")) {
    const auto& ic = m.at("oos").at("mean_rank_ic");
    ASSERT_TRUE(ic.is_number()) << m.dump();
    EXPECT_GT(m.at("oos").at("days").get<int>(), 900) << "about 1000 out-of-sample days from 2014 to 2018";
    any_leak = any_leak || ic.get<double>() >= 0.1;
    EXPECT_TRUE(test_util::Contains(train.out, m.at("model_id").get<std::string>())) << train.out;
  }
  EXPECT_EQ(test_util::Contains(markdown, "LIKELY LEAK"), any_leak) << markdown.substr(0, 2000);
  if (!any_leak) {
    EXPECT_TRUE(test_util::Contains(markdown, "Real data. No model reaches")) << markdown.substr(0, 2000);
  }
  EXPECT_EQ(report.at("run").at("data"), "real");
  EXPECT_NE(p.QueryValue("SELECT count(*) FROM predictions WHERE model_id LIKE 'ridge-%'"), "0");
  const std::string ridge = p.QueryValue("SELECT DISTINCT model_id FROM model_metrics WHERE model = 'ridge'");
  const nlohmann::json model =
      nlohmann::json::parse(test_util::ReadFileText(p.DataPath("models/" + ridge + "/model.json")));
  for (const auto& f : model.at("features")) EXPECT_NE(f.get<std::string>(), "sim_signal") << "no planted signal here";
  p.RunOk({"predict"});
}

}  // namespace
}  // namespace qtp
