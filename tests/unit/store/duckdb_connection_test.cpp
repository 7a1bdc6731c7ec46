#include "qtp/data/store/duckdb/connection.h"

#include <gtest/gtest.h>

#include <cmath>

#include "test_util/temp_dir.h"

namespace qtp::duck {
namespace {

const TableSpec& Spec() {
  static const TableSpec spec{"t",
                              "",
                              {{"id", ColumnType::kInt64},
                               {"x", ColumnType::kDouble, true},
                               {"n", ColumnType::kInt64, true},
                               {"s", ColumnType::kString}},
                              {},
                              "",
                              Partitioning::kNone,
                              1};
  return spec;
}

// Rows spanning several DuckDB vectors: nulls only in the first vector, then none, then a few
// again, so a validity mask left over from an earlier chunk would show up as wrong NULLs.
Table MakeTable(size_t rows) {
  Table t(Spec());
  for (size_t i = 0; i < rows; ++i) {
    const bool null_here = (i < 100 && i % 3 == 0) || i == rows - 1;
    t.Column<int64_t>("id").push_back(static_cast<int64_t>(i));
    t.Column<double>("x").push_back(null_here ? std::nan("") : 0.5 * static_cast<double>(i));
    t.Column<int64_t>("n").push_back(null_here ? kNullInt64 : static_cast<int64_t>(i) * 7);
    t.Column<std::string>("s").push_back(i % 2 ? "short" : "a string longer than twelve bytes " + std::to_string(i));
  }
  return t;
}

TEST(DuckConnection, TableFunctionRoundTripsThroughParquetAcrossChunks) {
  test_util::TempDir dir;
  auto db = Connection::OpenInMemory(1);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  const Table in = MakeTable(3 * 2048 + 17);
  const std::string file = dir.path() + "/t.parquet";
  ASSERT_TRUE((*db)->ExecuteOnTable(in, "COPY (FROM qtp_table()) TO " + SqlQuote(file) + " (FORMAT PARQUET)").ok());
  auto back = (*db)->QueryTable(Spec(), "SELECT id, x, n, s FROM read_parquet(" + SqlQuote(file) + ")");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->num_rows(), in.num_rows());
  for (size_t i = 0; i < in.num_rows(); ++i) {
    ASSERT_EQ(back->Column<int64_t>("id")[i], static_cast<int64_t>(i)) << "row order must be kept";
    const double want = in.Column<double>("x")[i];
    const double got = back->Column<double>("x")[i];
    ASSERT_EQ(std::isnan(want), std::isnan(got)) << "row " << i;
    if (!std::isnan(want)) {
      ASSERT_EQ(want, got) << "row " << i;
    }
    ASSERT_EQ(back->Column<int64_t>("n")[i], in.Column<int64_t>("n")[i]) << "row " << i;
    ASSERT_EQ(back->Column<std::string>("s")[i], in.Column<std::string>("s")[i]) << "row " << i;
  }
  // Missing values must arrive as SQL NULLs (not NaN or the int sentinel), on exactly their rows.
  static const TableSpec kIds{"ids", "", {{"id", ColumnType::kInt64}}, {}, "", Partitioning::kNone, 1};
  std::vector<int64_t> want_null;
  for (size_t i = 0; i < in.num_rows(); ++i) {
    if (std::isnan(in.Column<double>("x")[i])) want_null.push_back(static_cast<int64_t>(i));
  }
  for (const char* column : {"x", "n"}) {
    auto nulls = (*db)->QueryTable(kIds, std::string("SELECT id FROM read_parquet(") + SqlQuote(file) + ") WHERE " +
                                             column + " IS NULL ORDER BY id");
    ASSERT_TRUE(nulls.ok()) << nulls.status().ToString();
    EXPECT_EQ(nulls->Column<int64_t>("id"), want_null) << column;
  }
}

TEST(DuckConnection, TableFunctionServesOnlyInsideExecuteOnTable) {
  auto db = Connection::OpenInMemory(1);
  ASSERT_TRUE(db.ok());
  const Table in = MakeTable(3);
  ASSERT_TRUE((*db)->ExecuteOnTable(in, "CREATE TABLE copy AS FROM qtp_table()").ok());
  static const TableSpec kCount{"c", "", {{"n", ColumnType::kInt64}}, {}, "", Partitioning::kNone, 1};
  auto count = (*db)->QueryTable(kCount, "SELECT count(*) FROM copy");
  ASSERT_TRUE(count.ok()) << count.status().ToString();
  EXPECT_EQ(count->Column<int64_t>("n").at(0), 3);
  // Afterwards the slot is empty again: a query cannot read a table that is no longer lent to it.
  Status outside = (*db)->Execute("SELECT * FROM qtp_table()");
  ASSERT_FALSE(outside.ok());
  EXPECT_NE(outside.ToString().find("outside Connection::ExecuteOnTable"), std::string::npos) << outside.ToString();
}

// Every row of `sql` with `params`, each row's values joined by '|'.
Result<std::vector<std::string>> Rows(Connection& db, const std::string& sql, const std::vector<QueryParam>& params) {
  std::vector<std::string> rows;
  Status status = db.QueryText(
      sql, params, [](const std::vector<QueryColumn>&) {},
      [&](const std::vector<std::string>& row) {
        std::string line;
        for (size_t i = 0; i < row.size(); ++i) line += (i ? "|" : "") + row[i];
        rows.push_back(line);
      });
  if (!status.ok()) return status;
  return rows;
}

TEST(DuckConnection, BoundParametersAreValuesNeverSql) {
  auto db = Connection::OpenInMemory(1);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Execute("CREATE TABLE t AS SELECT * FROM (VALUES ('a', 1, DATE '2024-01-02'), "
                             "('b', 2, DATE '2024-01-03'), ('c''d', 3, DATE '2024-01-04')) v(s, n, d)")
                  .ok());
  // A string that would be an injection if it were pasted into the SQL matches nothing, and the
  // table is still there afterwards.
  auto hostile = Rows(**db, "SELECT n FROM t WHERE s = $1", {std::string("a' OR 1=1; DROP TABLE t; --")});
  ASSERT_TRUE(hostile.ok()) << hostile.status().ToString();
  EXPECT_TRUE(hostile->empty());
  auto quoted = Rows(**db, "SELECT n FROM t WHERE s = $1", {std::string("c'd")});
  ASSERT_TRUE(quoted.ok()) << quoted.status().ToString();
  EXPECT_EQ(*quoted, std::vector<std::string>{"3"});
  // Every kind of value, in placeholder order, also inside LIMIT/OFFSET.
  auto typed = Rows(**db, "SELECT s, d FROM t WHERE d >= $1 AND n * $2 > $3 ORDER BY n LIMIT $4 OFFSET $5",
                    {SqlDate{DaysFromCivil(2024, 1, 3)}, 1.5, int64_t{2}, int64_t{5}, int64_t{0}});
  ASSERT_TRUE(typed.ok()) << typed.status().ToString();
  EXPECT_EQ(*typed, (std::vector<std::string>{"b|2024-01-03", "c'd|2024-01-04"}));
  // Types DuckDB renders itself keep its text; the numeric flag follows the column's type.
  std::vector<QueryColumn> columns;
  std::vector<std::string> values;
  ASSERT_TRUE((*db)->QueryText(
                       "SELECT CAST(n AS DECIMAL(5, 2)) AS amount, [n, n] AS pair, s FROM t WHERE n = $1", {int64_t{2}},
                       [&](const std::vector<QueryColumn>& c) { columns = c; },
                       [&](const std::vector<std::string>& row) { values = row; })
                  .ok());
  ASSERT_EQ(columns.size(), 3u);
  EXPECT_EQ(columns[0].name, "amount");
  EXPECT_TRUE(columns[0].numeric);
  EXPECT_FALSE(columns[1].numeric);
  EXPECT_EQ(values, (std::vector<std::string>{"2.00", "[2, 2]", "b"}));
  auto count = Rows(**db, "SELECT count(*) FROM t", {});
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, std::vector<std::string>{"3"});
}

TEST(DuckConnection, PlaceholderCountMustMatchTheValues) {
  auto db = Connection::OpenInMemory(1);
  ASSERT_TRUE(db.ok());
  auto too_few = Rows(**db, "SELECT $1::INTEGER + $2::INTEGER", {int64_t{1}});
  ASSERT_FALSE(too_few.ok());
  EXPECT_NE(too_few.status().message().find("placeholders"), std::string::npos) << too_few.status().ToString();
  auto too_many = Rows(**db, "SELECT 1", {int64_t{1}});
  EXPECT_FALSE(too_many.ok());
  auto bad_sql = Rows(**db, "SELEC $1", {int64_t{1}});
  ASSERT_FALSE(bad_sql.ok());
  EXPECT_EQ(bad_sql.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace qtp::duck
