// The evaluation report: compare ordering, the leak flag on real data, the planted-signal check on
// simulated data, and byte-identical files across runs.
#include "qtp/evaluation/report.h"

#include <gtest/gtest.h>

#include "qtp/core/bars.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "qtp/core/file_util.h"
#include "qtp/eda/plots.h"
#include "test_util/temp_dir.h"

namespace qtp::evaluation {
namespace {


Summary Oos(double mean_rank_ic, double icir) {
  Summary s;
  s.days = 100;
  s.mean_rank_ic = mean_rank_ic;
  s.icir = icir;
  s.t_stat = 2.0;
  return s;
}

ModelReport Model(const std::string& name, double mean_rank_ic, double icir = 0.5) {
  ModelReport m;
  m.name = name;
  m.model_id = name + "-id";
  m.family = name;
  m.oos = Oos(mean_rank_ic, icir);
  return m;
}

// Two models with OOS daily metrics over 80 weekdays, two folds, importances.
EvalReport FullReport() {
  EvalReport r;
  r.run = {.run_id = "run-1", .data_hash = "abc123", .simulated = false, .universe_note = "test universe"};
  for (const char* name : {"ridge", "xgb"}) {
    ModelReport m = Model(name, 0.0);
    const double level = std::string(name) == "ridge" ? 0.03 : 0.05;
    const DateDays start = DaysFromCivil(2020, 1, 6);
    for (int t = 0; t < 80; ++t) {
      DatedMetrics d;
      d.date = start + t + 2 * (t / 5);  // weekdays
      d.metrics.n = 50;
      d.metrics.rank_ic = level + 0.02 * std::sin(t);
      d.metrics.ic = d.metrics.rank_ic * 0.9;
      d.metrics.hit_rate = 0.52;
      d.metrics.top_minus_bottom = 0.001;
      d.metrics.rank_autocorr = t == 0 ? kNaN : 0.9;
      m.daily.push_back(d);
    }
    std::vector<DayMetrics> days;
    for (const DatedMetrics& d : m.daily) days.push_back(d.metrics);
    m.oos = Summarize(days, 1);
    for (int f = 0; f < 2; ++f) {
      FoldRow row;
      row.fold = f;
      row.train_start = start - 500;
      row.train_end = start - 2 + 56 * f;
      row.test_start = m.daily[40 * f].date;
      row.test_end = m.daily[40 * f + 39].date;
      row.train_rows = 10000 + 2800 * static_cast<size_t>(f);
      row.test_days = 40;
      row.test = Summarize(std::span(days).subspan(40 * f, 40), 1);
      m.folds.push_back(row);
    }
    m.importance = {{"mom_20d", 3.0, 0.010}, {"vol_20d", 5.0, 0.002}, {"amihud", 1.0, kNaN}};
    r.models.push_back(m);
  }
  return r;
}

TEST(CompareModels, RankIcThenIcirThenName) {
  const std::vector<Summary> oos = {Oos(0.05, 0.3), Oos(0.05, 0.5), Oos(kNaN, 1.0), Oos(0.07, 0.1), Oos(0.05, 0.5),
                                    Oos(0.05, kNaN)};
  const std::vector<std::string> names = {"e", "d", "a", "f", "c", "b"};
  // 0.07 first; among the 0.05s ICIR 0.5 (c before d by name), then 0.3, then NaN ICIR; NaN rank IC last.
  EXPECT_EQ(CompareModels(oos, names), (std::vector<size_t>{3, 4, 1, 0, 5, 2}));
}

TEST(CompareModels, OverReportsUsesModelIds) {
  const std::vector<ModelReport> models = {Model("b", 0.04), Model("a", 0.04), Model("c", 0.06)};
  EXPECT_EQ(CompareModels(models), (std::vector<size_t>{2, 1, 0}));
}

bool Flagged(const EvalReport& r) {
  return ReportMarkdown(r, {}, {}, "").find("LIKELY LEAK") != std::string::npos;
}

TEST(Report, LeakFlagExactlyAtOrAboveTheThresholdOnRealData) {
  EvalReport r;
  r.run.simulated = false;
  r.models = {Model("ridge", 0.04), Model("xgb", 0.0999)};
  EXPECT_FALSE(Flagged(r));
  EXPECT_TRUE(LeakSuspects(r).empty());
  r.models[1].oos.mean_rank_ic = 0.1;
  EXPECT_TRUE(Flagged(r));
  EXPECT_EQ(LeakSuspects(r), (std::vector<size_t>{1}));
  const nlohmann::ordered_json j = ReportJson(r, {});
  EXPECT_EQ(j["sanity"]["likely_leak"], nlohmann::ordered_json::array({"xgb-id"}));
  r.models[0].oos.mean_rank_ic = 0.25;
  EXPECT_EQ(LeakSuspects(r), (std::vector<size_t>{0, 1})) << "in compare order";
  // The same numbers on simulated data with a strong planted signal are expected, not a leak.
  r.run.simulated = true;
  r.run.planted_signal = 0.2;
  EXPECT_FALSE(Flagged(r));
  EXPECT_TRUE(LeakSuspects(r).empty());
}

TEST(Report, PlantedSignalCheck) {
  EvalReport r;
  r.run.simulated = true;
  r.run.planted_signal = 0.03;
  r.run.signal_tolerance = 0.01;
  r.models = {Model("ridge", 0.035), Model("xgb", 0.01)};
  nlohmann::ordered_json j = ReportJson(r, {});
  EXPECT_EQ(j["sanity"]["best_model"], "ridge-id");
  EXPECT_NEAR(j["sanity"]["difference"].get<double>(), 0.005, 1e-15);
  EXPECT_EQ(j["sanity"]["pass"], true);
  r.models[0].oos.mean_rank_ic = 0.045;
  EXPECT_EQ(ReportJson(r, {})["sanity"]["pass"], false);
  EXPECT_NE(ReportMarkdown(r, {}, {}, "").find("OUTSIDE"), std::string::npos);

  // Signal 0: pass only while every model has |t| < 3.
  r.run.planted_signal = 0;
  r.models[0].oos.t_stat = -2.9;
  r.models[1].oos.t_stat = 1.0;
  EXPECT_EQ(ReportJson(r, {})["sanity"]["pass"], true);
  r.models[1].oos.t_stat = 3.0;
  j = ReportJson(r, {});
  EXPECT_EQ(j["sanity"]["pass"], false);
  EXPECT_EQ(j["sanity"]["significant_models"], nlohmann::ordered_json::array({"xgb-id"}));
}

TEST(Report, MarkdownListsFoldsAndTopFeatures) {
  const EvalReport r = FullReport();
  const std::string md = ReportMarkdown(r, {.top_features = 2}, {}, "Plots skipped.");
  // xgb (0.05) ranks above ridge (0.03) in the compare table.
  EXPECT_LT(md.find("| 1 | xgb | `xgb-id`"), md.find("| 2 | ridge | `ridge-id`"));
  const ModelReport& ridge = r.models[0];
  const std::string fold_row =
      fmt::format("| 0 | {} .. {} | 2020-01-06 .. {} | 10000 | 40 |", FormatDate(ridge.folds[0].train_start),
                  FormatDate(ridge.folds[0].train_end), FormatDate(ridge.daily[39].date));
  EXPECT_NE(md.find(fold_row), std::string::npos)
      << md;
  // By gain: vol_20d (5) then mom_20d (3); by permutation: mom_20d then vol_20d; amihud (NaN) dropped
  // from the permutation list and cut from the gain list by top_features = 2.
  EXPECT_NE(md.find("| 1 | vol_20d | 5 | mom_20d | 0.01000 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 2 | mom_20d | 3 | vol_20d | 0.00200 |"), std::string::npos) << md;
  EXPECT_EQ(md.find("amihud"), std::string::npos);
  EXPECT_NE(md.find("Plots skipped."), std::string::npos);
}

TEST(Report, JsonIsCompleteAndOrdered) {
  const EvalReport r = FullReport();
  const nlohmann::ordered_json j = ReportJson(r, {});
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"run", "sanity", "compare", "models"}));
  EXPECT_EQ(j["run"]["data"], "real");
  EXPECT_TRUE(j["run"]["planted_signal"].is_null());
  EXPECT_EQ(j["compare"][0]["model_id"], "xgb-id");
  EXPECT_EQ(j["models"][0]["model_id"], "xgb-id");
  EXPECT_EQ(j["models"][0]["daily"]["date"].size(), 80u);
  EXPECT_EQ(j["models"][0]["daily"]["date"][0], "2020-01-06");
  EXPECT_TRUE(j["models"][0]["daily"]["rank_autocorr"][0].is_null()) << "NaN is written as null";
  EXPECT_EQ(j["models"][0]["folds"][1]["test_days"], 40);
  EXPECT_DOUBLE_EQ(j["models"][1]["oos"]["mean_rank_ic"].get<double>(), r.models[0].oos.mean_rank_ic);
}

TEST(Report, WriteIsDeterministic) {
  const EvalReport r = FullReport();
  test_util::TempDir a, b;
  const ReportOptions options{.plots = false};
  const Result<ReportFiles> fa = WriteReport(r, a.path() + "/reports", options);
  const Result<ReportFiles> fb = WriteReport(r, b.path() + "/reports", options);
  ASSERT_TRUE(fa.ok()) << fa.status().ToString();
  ASSERT_TRUE(fb.ok());
  EXPECT_EQ(*ReadFile(fa->markdown), *ReadFile(fb->markdown));
  EXPECT_EQ(*ReadFile(fa->json), *ReadFile(fb->json));
  EXPECT_TRUE(fa->plots.empty());
  EXPECT_NE(ReadFile(fa->markdown)->find("Plots skipped (plots disabled)"), std::string::npos);
  EXPECT_EQ(nlohmann::ordered_json::parse(*ReadFile(fa->json)), ReportJson(r, options));
}

TEST(Report, PlotsWithGnuplot) {
  const char* path = std::getenv("PATH");
  const ReportOptions options{.plots = true, .path_env = path != nullptr ? path : "", .rolling_days = 20};
  if (!eda::FindGnuplot(options.path_env).ok()) GTEST_SKIP() << "gnuplot not installed";
  test_util::TempDir dir;
  const Result<ReportFiles> files = WriteReport(FullReport(), dir.path(), options);
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->plots.size(), 2u);
  for (const std::string& png : files->plots) {
    EXPECT_GT(std::filesystem::file_size(png), 1000u) << png;
  }
  const std::string data = *ReadFile(dir.path() + "/" + kModelEvalPlotDir + "/rolling_rank_ic.dat");
  EXPECT_EQ(data.substr(0, data.find('\n')), "date ridge xgb");
  // Day 20 is the first with a full 20-day window: the mean of ridge's first 20 rank ICs.
  double sum = 0;
  for (int t = 0; t < 20; ++t) sum += 0.03 + 0.02 * std::sin(t);
  const std::string md = *ReadFile(files->markdown);
  EXPECT_NE(md.find("](model_eval_plots/rolling_rank_ic.png)"), std::string::npos);
  EXPECT_NE(data.find(fmt::format("2020-01-31 {:.7g} ", sum / 20)), std::string::npos) << data.substr(0, 2000);
}

}  // namespace
}  // namespace qtp::evaluation
