#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "qtp/config/config_io.h"
#include "qtp/config/system_limits.h"

namespace qtp::config {
namespace {

// A manual clock: tests move time explicitly instead of sleeping.
struct FakeClock {
  std::chrono::steady_clock::time_point now{std::chrono::hours(1000)};
  SteadyNow fn() {
    return [this] { return now; };
  }
};

TEST(SystemLimits, StorageCapUsesDecimalGigabytes) {
  SystemLimits limits;
  limits.storage_cap_gb = 2.0;
  EXPECT_TRUE(CheckStorage(2'000'000'000ULL, limits).ok());
  const Status s = CheckStorage(2'000'000'001ULL, limits);
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded);
  EXPECT_NE(s.message().find("storage_cap_gb = 2"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("config/system_limits.yaml"), std::string::npos) << s.message();
}

TEST(SystemLimits, FreeDiskCheck) {
  SystemLimits limits;
  limits.min_free_disk_gb = 0.0;
  EXPECT_TRUE(CheckFreeDisk("/tmp", 0, limits).ok());
  limits.min_free_disk_gb = 1e5;  // 100 TB free: no test machine has that
  EXPECT_EQ(CheckFreeDisk("/tmp", 0, limits).code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(CheckFreeDisk("/nonexistent/qtp/dir", 0, limits).code(), StatusCode::kIOError);
}

TEST(SystemLimits, TickerCap) {
  SystemLimits limits;
  limits.max_tickers = 100;
  EXPECT_TRUE(CheckTickerCount(100, limits).ok());
  const Status s = CheckTickerCount(101, limits);
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded);
  EXPECT_NE(s.message().find("max_tickers = 100"), std::string::npos) << s.message();
}

TEST(RuntimeBudget, ExceededOnlyAfterTheCap) {
  FakeClock clock;
  SystemLimits limits;
  limits.runtime_cap_minutes = 10;
  RuntimeBudget budget(limits, clock.fn());
  EXPECT_TRUE(budget.Check().ok());
  clock.now += std::chrono::minutes(10);
  EXPECT_TRUE(budget.Check().ok());
  clock.now += std::chrono::seconds(1);
  const Status s = budget.Check();
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded);
  EXPECT_NE(s.message().find("runtime_cap_minutes = 10"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("10.0 min"), std::string::npos) << s.message();
}

TEST(SystemLimits, FileLoadsAndRejectsBadValues) {
  SystemLimits limits;
  ASSERT_TRUE(LoadYamlString("storage_cap_gb: 5\nmax_tickers: 50\n", "config/system_limits.yaml",
                             [&limits](Section& root) { DescribeParams(root, limits); })
                  .ok());
  EXPECT_EQ(limits.storage_cap_gb, 5.0);
  EXPECT_EQ(limits.max_tickers, 50);
  const Status s = LoadYamlString("api_calls_per_minute: 0\n", "config/system_limits.yaml",
                                  [&limits](Section& root) { DescribeParams(root, limits); });
  EXPECT_NE(s.message().find("config/system_limits.yaml:1: api_calls_per_minute: 0 is outside"), std::string::npos)
      << s.message();
  const Status rule = LoadYamlString("api_calls_per_day: 10\napi_calls_per_minute: 20\n", "limits.yaml",
                                     [&limits](Section& root) { DescribeParams(root, limits); });
  EXPECT_NE(rule.message().find("api_calls_per_minute <= api_calls_per_day"), std::string::npos) << rule.message();
}

}  // namespace
}  // namespace qtp::config
