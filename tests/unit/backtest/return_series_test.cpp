// Reading `date,return` CSVs: missing values, header order, line endings, every malformed case
// named by file and line; and the outer alignment of a series with its benchmark.
#include "qtp/backtest/return_series.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "test_util/temp_dir.h"

namespace qtp::backtest {
namespace {

class ReturnSeriesTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& text) {
    const std::string path = dir_.path() + "/r" + std::to_string(++files_) + ".csv";
    std::ofstream(path) << text;
    return path;
  }
  test_util::TempDir dir_;
  int files_ = 0;
};

TEST_F(ReturnSeriesTest, ReadsReturnsAndMissingValues) {
  const Result<ReturnSeries> s =
      ReadReturnsCsv(Write("\xEF\xBB\xBFreturn,date\r\n0.01,2024-01-02\r\n,2024-01-03\r\n-1,2024-01-05\r\n\r\n"));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->dates.size(), 3u);
  EXPECT_EQ(FormatDate(s->dates[0]), "2024-01-02");
  EXPECT_EQ(s->returns[0], 0.01);
  EXPECT_TRUE(std::isnan(s->returns[1]));
  EXPECT_EQ(s->returns[2], -1.0);  // a total loss is a valid simple return
  const Result<ReturnSeries> header_only = ReadReturnsCsv(Write("date,return\n"));
  ASSERT_TRUE(header_only.ok());
  EXPECT_TRUE(header_only->dates.empty());
}

TEST_F(ReturnSeriesTest, MalformedInputNamesFileAndLine) {
  const struct {
    const char* text;
    const char* expected;
  } cases[] = {
      {"", "expected a 'date,return' header"},
      {"day,ret\n2024-01-02,0.1\n", ":1: the header is 'day,ret'"},
      {"date,return,extra\n", ":1: the header"},
      {"date,return\n2024-01-02,0.1,7\n", ":2: 3 fields"},
      {"date,return\n2024-13-02,0.1\n", ":2:"},
      {"date,return\n2024-01-03,0.1\n2024-01-02,0.1\n",
       ":3: date 2024-01-02 is not after the previous row's 2024-01-03"},
      {"date,return\n2024-01-02,0.1\n2024-01-02,0.2\n", ":3: date 2024-01-02 is not after"},
      {"date,return\n2024-01-02,abc\n", ":2: return 'abc' is not a finite number"},
      {"date,return\n2024-01-02,nan\n", ":2: return 'nan' is not a finite number"},
      {"date,return\n2024-01-02,0.1x\n", ":2: return '0.1x'"},
      {"date,return\n2024-01-02,-1.5\n", ":2: return -1.5 is a loss of more than 100%"},
  };
  for (const auto& c : cases) {
    const std::string path = Write(c.text);
    const Result<ReturnSeries> s = ReadReturnsCsv(path);
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument) << c.text;
    EXPECT_NE(s.status().message().find(path), std::string::npos) << s.status().message();
    EXPECT_NE(s.status().message().find(c.expected), std::string::npos) << s.status().message();
  }
  EXPECT_FALSE(ReadReturnsCsv(dir_.path() + "/absent.csv").ok());
}

TEST(AlignOuter, UnionOfDatesWithGapsAsMissing) {
  ReturnSeries a{.dates = {1, 2, 4}, .returns = {0.1, 0.2, 0.4}};
  ReturnSeries b{.dates = {2, 3, 4, 5}, .returns = {-0.2, -0.3, -0.4, -0.5}};
  const AlignedReturns aligned = AlignOuter(a, b);
  EXPECT_EQ(aligned.dates, (std::vector<DateDays>{1, 2, 3, 4, 5}));
  ASSERT_EQ(aligned.returns.size(), 5u);
  EXPECT_EQ(aligned.returns[0], 0.1);
  EXPECT_TRUE(std::isnan(aligned.returns[2]));
  EXPECT_TRUE(std::isnan(aligned.returns[4]));
  EXPECT_TRUE(std::isnan(aligned.benchmark[0]));
  EXPECT_EQ(aligned.benchmark[3], -0.4);
  EXPECT_EQ(aligned.benchmark[4], -0.5);
}

}  // namespace
}  // namespace qtp::backtest
