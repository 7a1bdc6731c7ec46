#include "qtp/core/csv.h"

#include <gtest/gtest.h>

namespace qtp {
namespace {

std::vector<csv::Record> ReadAll(std::string_view text) {
  csv::Reader reader(text);
  std::vector<csv::Record> out;
  csv::Record r;
  while (reader.Next(r)) out.push_back(r);
  return out;
}

TEST(CsvReader, BomCrlfAndMissingFinalNewline) {
  const auto records = ReadAll("\xEF\xBB\xBF" "a,b\r\n1,2\r\n3,4");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(records[2].fields, (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(records[2].line, 3u);
}

TEST(CsvReader, QuotedFieldsWithCommasQuotesAndNewlines) {
  const auto records = ReadAll("x,y\n\"Saint Paul, Minnesota\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\nlast,1\n");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[1].fields[0], "Saint Paul, Minnesota");
  EXPECT_EQ(records[1].fields[1], "say \"hi\"");
  EXPECT_EQ(records[2].fields[0], "two\nlines");
  EXPECT_EQ(records[2].line, 3u);
  EXPECT_EQ(records[3].line, 5u);  // the quoted line break counts as a physical line
}

TEST(CsvReader, BlankLinesSkippedButCounted) {
  const auto records = ReadAll("h\n\n\nv\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].line, 4u);
}

TEST(CsvReader, EmptyFieldsKept) {
  const auto records = ReadAll("BHF,,,,69.0842,3\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields.size(), 6u);
  EXPECT_EQ(records[0].fields[1], "");
}

TEST(CsvReader, UnterminatedQuoteReported) {
  csv::Reader reader("a,\"b\n");
  csv::Record r;
  ASSERT_TRUE(reader.Next(r));
  EXPECT_TRUE(reader.unterminated_quote());
}

TEST(CsvReader, EmptyText) {
  EXPECT_TRUE(ReadAll("").empty());
  EXPECT_TRUE(ReadAll("\r\n\n").empty());
}

}  // namespace
}  // namespace qtp
