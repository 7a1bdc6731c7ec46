// `qtp query`: the documented views and their columns, the output formats, SQL errors, and the
// timestamps of stored bars (UTC instants of the bar start, NYSE sessions).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_util/qtp_project.h"

namespace qtp {
namespace {

using test_util::QtpProject;
using Columns = std::vector<std::pair<std::string, std::string>>;  // name, DuckDB type

const char* const kTz = "TIMESTAMP WITH TIME ZONE";

// The public schema (issue #2 "Store"; src/qtp/data/store/schema.cpp and catalog.cpp).
std::vector<std::pair<std::string, Columns>> DocumentedViews() {
  const Columns bars_5m = {{"ticker", "VARCHAR"}, {"ts", kTz},          {"open", "DOUBLE"},  {"high", "DOUBLE"},
                           {"low", "DOUBLE"},     {"close", "DOUBLE"},  {"volume", "DOUBLE"}, {"vwap", "DOUBLE"},
                           {"trade_count", "BIGINT"}, {"source", "VARCHAR"}};
  const Columns bars_1d = {{"ticker", "VARCHAR"}, {"date", "DATE"},     {"open", "DOUBLE"},  {"high", "DOUBLE"},
                           {"low", "DOUBLE"},     {"close", "DOUBLE"},  {"volume", "DOUBLE"}, {"vwap", "DOUBLE"},
                           {"n_bars", "BIGINT"},  {"source", "VARCHAR"}};
  return {
      {"bars_5m_raw", bars_5m},
      {"bars_5m", bars_5m},
      {"bars_1d", bars_1d},
      {"corporate_actions",
       {{"ticker", "VARCHAR"}, {"ex_date", "DATE"}, {"action", "VARCHAR"}, {"split_ratio", "DOUBLE"},
        {"dividend", "DOUBLE"}, {"source", "VARCHAR"}}},
      {"universe",
       {{"ticker", "VARCHAR"}, {"name", "VARCHAR"}, {"sector", "VARCHAR"}, {"shares_outstanding", "DOUBLE"}}},
      {"universe_membership",
       {{"ticker", "VARCHAR"}, {"start_date", "DATE"}, {"end_date", "DATE"}, {"source", "VARCHAR"}}},
      {"quality_issues",
       {{"ticker", "VARCHAR"}, {"date", "DATE"}, {"ts", kTz}, {"stage", "VARCHAR"}, {"rule", "VARCHAR"},
        {"action", "VARCHAR"}, {"detail", "VARCHAR"}, {"run_id", "VARCHAR"}}},
  };
}

// The documented columns come first, in order; the only extra allowed is the hive partition `year`.
void ExpectViewColumns(const QtpProject& p, const std::string& view, const Columns& documented) {
  SCOPED_TRACE(view);
  const auto rows = p.Query("DESCRIBE " + view);
  ASSERT_GE(rows.size(), 1u);
  ASSERT_EQ(rows[0][0], "column_name");
  ASSERT_EQ(rows[0][1], "column_type");
  Columns actual;
  for (size_t i = 1; i < rows.size(); ++i) actual.emplace_back(rows[i][0], rows[i][1]);
  ASSERT_GE(actual.size(), documented.size());
  EXPECT_EQ(Columns(actual.begin(), actual.begin() + static_cast<std::ptrdiff_t>(documented.size())), documented);
  for (size_t i = documented.size(); i < actual.size(); ++i) EXPECT_EQ(actual[i].first, "year");
}

TEST(Query, DocumentedViewsExistInAnEmptyStore) {
  QtpProject p;
  std::filesystem::create_directories(p.data());
  for (const auto& [view, columns] : DocumentedViews()) {
    ExpectViewColumns(p, view, columns);
    EXPECT_EQ(p.QueryValue("SELECT count(*) FROM " + view), "0") << view;
  }
}

TEST(Query, DocumentedViewsHaveTheDocumentedColumnsAfterSimulateAndClean) {
  QtpProject p;
  p.Simulate(3, "2022-03-01", "2022-03-31");
  p.RunOk({"--quiet", "clean"});
  for (const auto& [view, columns] : DocumentedViews()) ExpectViewColumns(p, view, columns);
  EXPECT_EQ(p.QueryValue("SELECT count(DISTINCT ticker) FROM bars_5m_raw"), "3");
  EXPECT_EQ(p.QueryValue("SELECT count(DISTINCT ticker) FROM bars_1d"), "3");
  EXPECT_EQ(p.QueryValue("SELECT count(*) FROM universe"), "3");
  EXPECT_EQ(p.QueryValue("SELECT count(*) FROM bars_5m_raw WHERE source <> 'simulated'"), "0");
}

TEST(Query, OutputFormats) {
  QtpProject p;
  std::filesystem::create_directories(p.data());
  const std::string sql = "SELECT 42 AS answer, 'a,\"b\"' AS text, NULL AS nothing";

  const test_util::ProcessResult csv = p.RunOk({"query", "--format", "csv", sql});
  EXPECT_EQ(csv.out, "answer,text,nothing\n42,\"a,\"\"b\"\"\",NULL\n");
  EXPECT_EQ(test_util::ParseCsv(csv.out)[1][1], "a,\"b\"");

  const test_util::ProcessResult json = p.RunOk({"query", "--format", "json", sql});
  const auto j = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << json.out;
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 1u);
  // Values come out as JSON strings (the CLI renders every value as text), NULL as null.
  EXPECT_TRUE(j[0]["answer"] == "42" || j[0]["answer"] == 42) << j.dump();
  EXPECT_EQ(j[0]["text"], "a,\"b\"");
  EXPECT_TRUE(j[0]["nothing"].is_null());

  for (const std::vector<std::string>& args : {std::vector<std::string>{"query", sql},
                                               std::vector<std::string>{"query", "--format", "table", sql}}) {
    const test_util::ProcessResult table = p.RunOk(args);
    const auto first_line = table.out.substr(0, table.out.find('\n'));
    EXPECT_TRUE(test_util::Contains(first_line, "answer")) << table.out;
    EXPECT_TRUE(test_util::Contains(first_line, "text")) << table.out;
    EXPECT_TRUE(test_util::Contains(table.out, "42")) << table.out;
    EXPECT_TRUE(test_util::Contains(table.out, "(1 rows)")) << table.out;
  }
  const test_util::ProcessResult bad_format = p.Run({"query", "--format", "xml", sql});
  EXPECT_NE(bad_format.exit_code, 0);
}

TEST(Query, BadSqlFailsWithDuckDbsMessage) {
  QtpProject p;
  std::filesystem::create_directories(p.data());
  const test_util::ProcessResult syntax = p.Run({"query", "SELEC 1"});
  EXPECT_NE(syntax.exit_code, 0);
  EXPECT_TRUE(test_util::Contains(syntax.err, "Parser Error")) << syntax.err;
  EXPECT_TRUE(test_util::Contains(syntax.err, "SELEC")) << syntax.err;
  EXPECT_TRUE(syntax.out.empty()) << syntax.out;

  const test_util::ProcessResult missing = p.Run({"query", "--format", "csv", "SELECT * FROM no_such_view"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_TRUE(test_util::Contains(missing.err, "Catalog Error")) << missing.err;
  EXPECT_TRUE(test_util::Contains(missing.err, "no_such_view")) << missing.err;
}

// November 2022: US DST ends on Nov 6 (first bar 13:30Z before, 14:30Z after), Thanksgiving
// (Nov 24) is closed and Nov 25 closes at 13:00 ET (42 bars, last one starting 17:55Z). 21
// sessions: 20 full + 1 early close.
TEST(Query, SimulatedBarsAreUtcBarStartsOfNyseSessions) {
  QtpProject p;
  p.WriteDefaultConfig(test_util::kNoFaultsYaml);
  p.Simulate(2, "2022-11-01", "2022-11-30");
  EXPECT_EQ(p.QueryValue("SELECT count(*) FROM bars_5m_raw WHERE ticker = (SELECT min(ticker) FROM bars_5m_raw)"),
            std::to_string(20 * 78 + 42));
  const std::string per_day =
      "SELECT strftime(timezone('UTC', min(ts)), '%H:%M') || '-' || strftime(timezone('UTC', max(ts)), '%H:%M') || "
      "'/' || count(*) FROM bars_5m_raw WHERE ticker = (SELECT min(ticker) FROM bars_5m_raw) AND "
      "CAST(timezone('America/New_York', ts) AS DATE) = DATE ";
  EXPECT_EQ(p.QueryValue(per_day + "'2022-11-02'"), "13:30-19:55/78");
  EXPECT_EQ(p.QueryValue(per_day + "'2022-11-07'"), "14:30-20:55/78");
  EXPECT_EQ(p.QueryValue(per_day + "'2022-11-25'"), "14:30-17:55/42");
  EXPECT_EQ(p.QueryValue("SELECT count(*) FROM bars_5m_raw WHERE CAST(timezone('America/New_York', ts) AS DATE) = "
                         "DATE '2022-11-24'"),
            "0");
  EXPECT_EQ(p.QueryValue("SELECT count(*) FROM bars_5m_raw WHERE epoch_us(ts) % 300000000 <> 0"), "0");
}

}  // namespace
}  // namespace qtp
