// The pipeline on real data: ten tickers of the shared IBKR 5-minute bars (../shared/data,
// intraday_5min_2025_2026) through import -> clean -> features -> eda with the CLI; the EDA report,
// its tables, plots and the feature metadata must be produced. Skipped when the data is absent.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "qtp/eda/plots.h"
#include "test_util/qtp_project.h"

namespace qtp {
namespace {

namespace fs = std::filesystem;

const std::string kIntraday = std::string(QTP_SHARED_DATA_DIR) + "/intraday_5min_2025_2026";

TEST(EdaOnSharedData, ImportCleanFeaturesEdaProduceTheReport) {
  if (!fs::is_directory(kIntraday)) GTEST_SKIP() << "shared data folder " << kIntraday << " is absent";
  test_util::QtpProject project;
  const std::string in = project.root() + "/in";
  fs::create_directories(in);
  // CAT and META end three days before the others: their gaps exercise the missing-day policy.
  for (const char* t : {"AAPL", "MSFT", "AMZN", "NVDA", "META", "JPM", "XOM", "WMT", "CAT", "GE"}) {
    fs::copy_file(kIntraday + "/" + t + "_5min.csv", in + "/" + t + "_5min.csv");
  }
  // Ten tickers: a day's IC may use as few as five.
  project.WriteDefaultConfig("eda:\n  ic_min_tickers: 5\n");
  project.RunOk({"--quiet", "import", "--path", in});
  project.RunOk({"--quiet", "clean"});
  project.RunOk({"--quiet", "features"});
  const char* path = std::getenv("PATH");
  const bool plots = eda::FindGnuplot(path == nullptr ? "" : path).ok();
  std::vector<std::string> args = {"--quiet", "eda"};
  if (!plots) args.push_back("--no-plots");
  const test_util::ProcessResult r = project.RunOk(args);
  EXPECT_TRUE(test_util::Contains(r.out, "eda: 10 tickers x 210 days (2025-05-12 to 2026-03-12), every day computed"))
      << r.out;
  // Nothing new: the re-run reads no panel and writes nothing (run_eda.h).
  const test_util::ProcessResult again = project.RunOk(args);
  EXPECT_TRUE(test_util::Contains(again.out, "eda: up to date (210 days, 2025-05-12 to 2026-03-12")) << again.out;

  const std::string report = project.DataPath("reports/eda/summary.md");
  const std::string summary = test_util::ReadFileText(report);
  EXPECT_TRUE(test_util::Contains(summary, "## Top features by |ICIR|")) << summary;
  EXPECT_TRUE(test_util::Contains(summary, "Survivor bias")) << "no membership history was imported";
  for (const char* f : {"feature_ic_summary.csv", "feature_stability.csv", "feature_correlations.csv",
                        "redundant_pairs.csv", "events.jsonl"}) {
    EXPECT_TRUE(fs::exists(project.DataPath(std::string("reports/eda/") + f))) << f;
  }
  if (plots) {
    for (const char* p : {"distributions", "correlation_heatmap", "rolling_ic", "stability", "regimes"}) {
      EXPECT_GT(fs::file_size(project.DataPath(std::string("reports/eda/plots/") + p + ".png")), 10000u) << p;
    }
  }
  EXPECT_TRUE(test_util::Contains(test_util::ReadFileText(project.DataPath("processed/features/feature_metadata.yaml")),
                                  "name: \"rv_5m\""));
  // Real data has no planted signal; the views hold the daily ICs and the stability summary.
  EXPECT_EQ(project.QueryValue("SELECT count(*) FROM feature_ic WHERE feature = 'sim_signal'"), "0");
  EXPECT_EQ(project.QueryValue("SELECT count(DISTINCT date) FROM feature_ic WHERE feature = 'rv_5m' AND horizon = 1"),
            "209");
  EXPECT_EQ(project.QueryValue("SELECT count(*) FROM feature_stability WHERE regime = 'all' AND window_days = 5"),
            "47");
}

}  // namespace
}  // namespace qtp
