// RunQualityChecks on hand-made stores: the missing-bar rate counts the 5-minute bars of the tickers that
// have them, and says n/a, not "all missing", on daily-only data (imported daily files have no n_bars).
#include <gtest/gtest.h>

#include <map>
#include <optional>

#include "qtp/data/store/schema.h"
#include "qtp/monitor/health_checks.h"
#include "test_util/temp_dir.h"

namespace qtp::monitor {
namespace {

// Mon 2024-03-04 .. Fri 2024-03-08: five full NYSE sessions of 78 five-minute bars.
const DateDays kMonday = DaysFromCivil(2024, 3, 4);
const DateDays kFriday = kMonday + 4;

class QualityChecksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open({dir_.path(), "test-run", StoreMode::kWrite, 0});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }

  // A daily bar on each session of the week; n_bars_on_friday null = a daily-only ticker.
  void AddTicker(const std::string& ticker, std::optional<int64_t> n_bars_on_friday) {
    Bars1d bars;
    bars.ticker = ticker;
    for (DateDays d = kMonday; d <= kFriday; ++d) {
      Bar1d bar;
      bar.date = d;
      bar.open = bar.high = bar.low = bar.close = bar.vwap = 50;
      bar.volume = 1e5;
      if (n_bars_on_friday) bar.n_bars = d == kFriday ? *n_bars_on_friday : 78;
      bars.push_back(bar, "test");
    }
    ASSERT_TRUE(store_->Merge(schema::Bars1d(), ticker, schema::ToTable(schema::Bars1d(), std::move(bars))).ok());
  }

  HealthCheck Check(const std::string& name) {
    EXPECT_TRUE(store_->Commit().ok());
    const Result<std::vector<HealthCheck>> checks = RunQualityChecks(*store_, kFriday, QualityParams{});
    EXPECT_TRUE(checks.ok()) << checks.status().ToString();
    for (const HealthCheck& c : *checks) {
      if (c.name == name) return c;
    }
    ADD_FAILURE() << "no check " << name;
    return {};
  }

  test_util::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(QualityChecksTest, MissingBarsAreCountedOverTheTickersWithFiveMinuteBarsOnly) {
  AddTicker("FULL", 78);
  AddTicker("HALF", 39);
  AddTicker("DAILY", std::nullopt);
  const HealthCheck c = Check("missing_bar_rate");
  EXPECT_DOUBLE_EQ(c.value, 1 - (78.0 + 39.0) / (2 * 78.0));
  EXPECT_EQ(c.status, "warn");
  EXPECT_EQ(c.message, "25.0% of the 156 bars expected from 2 tickers are missing");
}

TEST_F(QualityChecksTest, DailyOnlyDataHasNoMissingBarRate) {
  AddTicker("DAILY", std::nullopt);
  AddTicker("OTHER", std::nullopt);
  const HealthCheck c = Check("missing_bar_rate");
  EXPECT_EQ(c.status, "n/a");
  EXPECT_EQ(c.message, "no ticker has 5-minute bars in the last 5 sessions (daily-only data)");
  EXPECT_EQ(Check("stale_tickers").status, "ok") << "their daily bars are current";
}

}  // namespace
}  // namespace qtp::monitor
