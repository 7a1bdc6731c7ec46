// RunEda's outputs on the simulated market: the datasets, the report files, the metadata YAML and
// the event log; a run on another thread count writes identical files. (Incremental runs:
// incremental_test.cpp.)
#include "qtp/eda/run_eda.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "eda_test_util.h"
#include "qtp/core/file_util.h"
#include "qtp/data/store/eda_columns.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/eda/plots.h"
#include "qtp/eda/report.h"

namespace qtp::eda {
namespace {

using testing::ReportFiles;
using testing::Text;

size_t Lines(const std::string& text) { return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')); }

TEST(RunEda, WritesDatasetsReportsMetadataAndEventsReproducibly) {
  const testing::FeatureTables market = testing::ReadFeatures(*testing::SignalMarket().store);
  test_util::TempDir dir, one_thread_dir;
  auto store = testing::FeatureStore(dir.path() + "/data", market);
  const char* path = std::getenv("PATH");
  EdaParams params;
  params.plots = FindGnuplot(path == nullptr ? "" : path).ok();
  if (!params.plots) std::fprintf(stderr, "gnuplot not found: the plots are not checked\n");
  const std::string data = store->data_dir();
  const std::string events = data + "/" + kEdaEventsFile;

  auto first = RunEda(*store, params, features::FeatureParams{}, "eda-run-1", {});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->tickers, 60u);
  EXPECT_EQ(first->days, 252u + 251u) << "the NYSE trading days of 2021 and 2022";
  EXPECT_EQ(first->top.front(), "sim_signal");
  if (params.plots) {
    EXPECT_EQ(first->plots.size(), 5u);
    for (const std::string& png : first->plots) {
      const std::string bytes = Text(png);
      EXPECT_GT(bytes.size(), 10000u) << png;
      EXPECT_EQ(bytes.substr(1, 3), "PNG") << png;
    }
  }
  const std::string summary = Text(first->summary_path);
  EXPECT_NE(summary.find("| 1 | sim_signal |"), std::string::npos) << summary;
  EXPECT_NE(summary.find("Survivor bias"), std::string::npos) << "no membership history in a simulated market";

  // Datasets: one stability row per predictor, window and regime (all, 3 stress windows, calm).
  auto stability = store->Read(schema::FeatureStability(), "");
  ASSERT_TRUE(stability.ok());
  EXPECT_EQ(stability->num_rows(), first->features * 3 * 5);
  auto ic = store->Read(schema::FeatureIc(), "");
  ASSERT_TRUE(ic.ok());
  EXPECT_EQ(ic->num_rows(), first->ic_rows.rows_in);
  EXPECT_GT(ic->num_rows(), first->features * 4 * 400);

  // The metadata describes every registry column and every pruning decision.
  YAML::Node meta = YAML::Load(Text(first->metadata_path));
  ASSERT_EQ(meta["features"].size(), schema::FeatureColumns().size());
  size_t dropped = 0;
  for (const auto& f : meta["features"]) {
    EXPECT_FALSE(f["definition"].as<std::string>().empty());
    const std::string decision = f["decision"].as<std::string>();
    EXPECT_FALSE(f["reason"].as<std::string>().empty()) << f["name"].as<std::string>();
    dropped += decision == "dropped" ? 1 : 0;
    if (f["name"].as<std::string>() == "sim_signal") {
      EXPECT_EQ(decision, "kept");
      EXPECT_NEAR(f["ic"]["h1"]["mean_rank_ic"].as<double>(), 0.3, 0.03);
    }
    if (f["name"].as<std::string>() == "hurst") {
      EXPECT_EQ(f["params"]["hurst_window"].as<int>(), 128);
    }
  }
  EXPECT_EQ(dropped, first->dropped);
  EXPECT_EQ(meta["thresholds"]["stability_threshold"].as<double>(), 0.7);
  EXPECT_EQ(meta["feature_params"]["pca_window"].as<int>(), 60);

  // The log holds one "computed" and one "pruned" per dropped feature.
  const std::string log = Text(events);
  EXPECT_EQ(Lines(log), 1 + first->dropped);
  YAML::Node last = YAML::Load(log.substr(log.rfind('\n', log.size() - 2) + 1));
  EXPECT_EQ(last["run_id"].as<std::string>(), "eda-run-1");

  auto one_thread = testing::FeatureStore(one_thread_dir.path() + "/data", market);
  params.threads = 1;
  auto second = RunEda(*one_thread, params, features::FeatureParams{}, "eda-run-1", {});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(ReportFiles(one_thread->data_dir()), ReportFiles(data))
      << "same inputs, same bytes, whatever the thread count";
}

TEST(RunEda, NoFeaturesIsAClearError) {
  test_util::TempDir dir;
  auto store = testing::OpenWriteStore(dir.path() + "/data");
  EdaParams params;
  params.plots = false;
  auto r = RunEda(*store, params, features::FeatureParams{}, "x", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("run qtp features first"), std::string::npos) << r.status().ToString();
}

}  // namespace
}  // namespace qtp::eda
