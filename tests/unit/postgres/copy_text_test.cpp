#include "qtp/postgres/copy_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace qtp::pg {
namespace {

const TableSpec& Spec() {
  static const TableSpec spec{"copy_test",
                              "",
                              {{"s", ColumnType::kString},
                               {"ns", ColumnType::kString, true},
                               {"d", ColumnType::kDate, true},
                               {"i", ColumnType::kInt64, true},
                               {"x", ColumnType::kDouble, true},
                               {"ts", ColumnType::kTimestamp, true},
                               {"n", ColumnType::kInt32}},
                              {"s"},
                              "",
                              Partitioning::kNone,
                              1};
  return spec;
}

Table OneRow(std::string s, std::string ns, DateDays d, int64_t i, double x, TimestampUs ts) {
  Table t(Spec());
  t.Column<std::string>("s").push_back(std::move(s));
  t.Column<std::string>("ns").push_back(std::move(ns));
  t.Column<int32_t>("d").push_back(d);
  t.Column<int64_t>("i").push_back(i);
  t.Column<double>("x").push_back(x);
  t.Column<int64_t>("ts").push_back(ts);
  t.Column<int32_t>("n").push_back(-7);
  return t;
}

TEST(CopyText, EscapesWhatCopyTreatsSpecially) {
  EXPECT_EQ(CopyEscape("a\tb\nc\rd\\e"), "a\\tb\\nc\\rd\\\\e");
  EXPECT_EQ(CopyEscape("plain ünïcode \"quoted\""), "plain ünïcode \"quoted\"");
}

TEST(CopyText, WritesValuesAndNulls) {
  const TimestampUs ts =
      static_cast<TimestampUs>(DaysFromCivil(2024, 1, 2)) * kMicrosPerDay + 14 * 3600 * kMicrosPerSecond;
  EXPECT_EQ(CopyLine(OneRow("AAPL", "Tech", DaysFromCivil(2024, 1, 2), 42, 0.1, ts), 0),
            "AAPL\tTech\t2024-01-02\t42\t0.1\t2024-01-02T14:00:00Z\t-7");
  EXPECT_EQ(CopyLine(OneRow("", "", kNullDate, kNullInt64, std::nan(""), kNullInt64), 0),
            "\t\\N\t\\N\t\\N\t\\N\t\\N\t-7")
      << "an empty non-nullable string stays a string; the nullable one is NULL";
  EXPECT_EQ(CopyLine(OneRow("a", "b", 0, 0, std::numeric_limits<double>::infinity(), 0), 0),
            "a\tb\t1970-01-01\t0\tInfinity\t1970-01-01T00:00:00Z\t-7");
  EXPECT_EQ(CopyLine(OneRow("a", "b", 0, 0, -std::numeric_limits<double>::infinity(), 0), 0),
            "a\tb\t1970-01-01\t0\t-Infinity\t1970-01-01T00:00:00Z\t-7");
}

TEST(CopyText, DoublesReadBackExactly) {
  for (double v : {0.1, 1.0 / 3.0, -2.5e-300, 6.02214076e23, std::nextafter(1.0, 2.0), 123456789.123456789}) {
    const std::string line = CopyLine(OneRow("a", "b", 0, 0, v, 0), 0);
    const size_t start = line.find('\t', line.find('\t', line.find('\t', line.find('\t') + 1) + 1) + 1) + 1;
    const std::string text = line.substr(start, line.find('\t', start) - start);
    EXPECT_EQ(std::stod(text), v) << text;
  }
}

}  // namespace
}  // namespace qtp::pg
