#include "qtp/data/clean/quality_report.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "qtp/core/file_util.h"
#include "test_util/temp_dir.h"

namespace qtp::clean {
namespace {

QualityIssue Issue(const std::string& ticker, std::string_view rule_name, DateDays date) {
  return MakeIssue(ticker, kNullInt64, date, rule_name, action::kFlagged, "a | detail");
}

TickerStats Stats(const std::string& ticker, const QualityIssues& issues, size_t rows_in) {
  TickerStats s;
  s.ticker = ticker;
  s.rows_in = rows_in;
  s.bars_out = rows_in - 1;
  s.days_out = 2;
  for (const QualityIssue& i : issues) {
    ++s.by_rule[i.rule];
  }
  return s;
}

QualityReport TwoTickers(size_t max_findings) {
  QualityReport report("run-7", max_findings);
  const QualityIssues a = {Issue("AAA", rule::kGap, 18000), Issue("AAA", rule::kGap, 18001),
                           Issue("AAA", rule::kSpikeRevert, 18002)};
  const QualityIssues b = {Issue("BBB", rule::kNonPositivePrice, 18000)};
  report.Add(Stats("AAA", a, 156), a);
  report.Add(Stats("BBB", b, 78), b);
  return report;
}

TEST(QualityReport, JsonHasCountsPerRulePerTicker) {
  const nlohmann::json j = nlohmann::json::parse(TwoTickers(100).ToJson());
  EXPECT_EQ(j["run_id"], "run-7");
  EXPECT_EQ(j["tickers"]["AAA"]["by_rule"]["gap"], 2);
  EXPECT_EQ(j["tickers"]["AAA"]["by_rule"]["spike_revert"], 1);
  EXPECT_FALSE(j["tickers"]["AAA"]["by_rule"].contains("non_positive_price"));
  EXPECT_EQ(j["tickers"]["BBB"]["by_rule"]["non_positive_price"], 1);
  EXPECT_EQ(j["tickers"]["AAA"]["rows_in"], 156);
  EXPECT_EQ(j["totals"]["tickers"], 2);
  EXPECT_EQ(j["totals"]["rows_in"], 234);
  EXPECT_EQ(j["totals"]["findings"], 4);
  EXPECT_EQ(j["totals"]["by_rule"]["gap"], 2);
  ASSERT_EQ(j["findings"].size(), 4u);
  EXPECT_EQ(j["findings"][3]["ticker"], "BBB");
  EXPECT_EQ(j["findings"][3]["date"], FormatDate(18000));
  EXPECT_TRUE(j["findings"][3]["ts"].is_null());
}

TEST(QualityReport, FindingsListIsCappedButCountsAreNot) {
  const nlohmann::json j = nlohmann::json::parse(TwoTickers(2).ToJson());
  EXPECT_EQ(j["findings"].size(), 2u);
  EXPECT_EQ(j["findings_listed"], 2);
  EXPECT_EQ(j["totals"]["findings"], 4);
}

TEST(QualityReport, MarkdownHasPerTickerTable) {
  const std::string md = TwoTickers(100).ToMarkdown();
  EXPECT_NE(md.find("| ticker | source | rows in | bars out | days out | gap | non_positive_price | spike_revert |"),
            std::string::npos);
  EXPECT_NE(md.find("| AAA | 5m | 156 | 155 | 2 | 2 | 0 | 1 |"), std::string::npos);
  EXPECT_NE(md.find("a \\| detail"), std::string::npos);  // pipes in details are escaped
}

TEST(QualityReport, WritesRunAndLatestFiles) {
  test_util::TempDir dir;
  const QualityReport report = TwoTickers(100);
  auto paths = report.Write(dir.path());
  ASSERT_TRUE(paths.ok()) << paths.status().ToString();
  EXPECT_EQ(paths->json, dir.path() + "/reports/quality/run-7.json");
  for (const std::string& p : {paths->json, paths->markdown, paths->latest_json, paths->latest_markdown}) {
    EXPECT_TRUE(std::filesystem::exists(p)) << p;
  }
  size_t files = 0;  // no temp file left behind
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path() + "/reports/quality")) {
    ++files;
  }
  EXPECT_EQ(files, 4u);
  EXPECT_EQ(*ReadFile(paths->latest_json), report.ToJson());
  EXPECT_EQ(*ReadFile(paths->markdown), report.ToMarkdown());
}

}  // namespace
}  // namespace qtp::clean
