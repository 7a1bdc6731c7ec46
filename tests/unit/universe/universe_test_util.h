// Hand-made features_raw tables in a temporary store, for the selection tests.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "qtp/core/table_ops.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/schema.h"
#include "qtp/data/store/selection_columns.h"
#include "qtp/data/store/store.h"
#include "qtp/universe/run_select.h"
#include "test_util/temp_dir.h"

namespace qtp::universe::testing {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

inline DateDays Day(int y, unsigned m, unsigned d) { return DaysFromCivil(y, m, d); }

// One features_raw row: close 50 and adv_20 1e8 (both pass the default filters) unless set;
// every other feature NULL unless set.
struct Row {
  DateDays date;
  std::string ticker;
  std::map<std::string, double> values;
};

inline Table FeaturesTable(const std::vector<Row>& rows) {
  Table t(schema::FeaturesRaw());
  for (const Row& r : rows) {
    for (const ColumnSpec& c : schema::FeaturesRaw().columns) {
      if (c.name == "date") {
        t.Column<int32_t>("date").push_back(r.date);
      } else if (c.name == "ticker") {
        t.Column<std::string>("ticker").push_back(r.ticker);
      } else if (c.type == ColumnType::kInt64) {
        t.Column<int64_t>(c.name).push_back(0);
      } else {
        auto it = r.values.find(c.name);
        const double fallback = c.name == "close" ? 50.0 : c.name == "adv_20" ? 1e8 : kNaN;
        t.Column<double>(c.name).push_back(it != r.values.end() ? it->second : fallback);
      }
    }
  }
  return t;
}

// Liquidity = adv_20, volatility = rv_20, trend = abs(trend_60d_t); filters that the Row defaults
// pass; daily rebalancing without a buffer.
inline SelectParams SimpleParams(int k) {
  SelectParams p;
  p.k = k;
  p.buffer = 0;
  p.rebalance = "daily";
  p.min_price = 5.0;
  p.min_adv_usd = 1e6;
  p.min_history_days = 1;
  p.liquidity = {1.0, {"adv_20"}};
  p.volatility = {1.0, {"rv_20"}};
  p.trend = {1.0, {"abs(trend_60d_t)"}};
  return p;
}

class StoreFixture : public ::testing::Test {
 protected:
  void SetUp() override { store_ = Open(dir_.path()); }

  static std::unique_ptr<Store> Open(const std::string& dir) {
    auto s = Store::Open({dir + "/data", "test-run", StoreMode::kWrite, 0});
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return std::move(s).value();
  }

  // Makes `rows` the whole features_raw dataset.
  void PutFeatures(Store& store, const std::vector<Row>& rows) {
    ASSERT_TRUE(store.Replace(schema::FeaturesRaw(), "", FeaturesTable(rows)).ok());
    ASSERT_TRUE(store.Commit().ok());
  }

  void PutMembership(Store& store, const std::vector<std::tuple<std::string, DateDays, DateDays>>& intervals) {
    Table t(schema::UniverseMembership());
    for (const auto& [ticker, start, end] : intervals) {
      t.Column<std::string>("ticker").push_back(ticker);
      t.Column<int32_t>("start_date").push_back(start);
      t.Column<int32_t>("end_date").push_back(end);
      t.Column<std::string>("source").push_back("test");
    }
    ASSERT_TRUE(store.Replace(schema::UniverseMembership(), "", std::move(t)).ok());
    ASSERT_TRUE(store.Commit().ok());
  }

  SelectSummary Select(Store& store, const SelectParams& params) {
    auto summary = RunSelect(store, params, nullptr);
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    return summary.ok() ? *summary : SelectSummary{};
  }

  static Table History(const Store& store) {
    auto t = store.Read(schema::TopKHistory(), "");
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return t.ok() ? std::move(t).value() : Table(schema::TopKHistory());
  }

  // Tickers selected on `date`, in ticker order.
  static std::vector<std::string> SelectedOn(const Table& history, DateDays date) {
    std::vector<std::string> out;
    const auto& dates = history.Column<int32_t>("date");
    for (size_t i = 0; i < history.num_rows(); ++i) {
      if (dates[i] == date) out.push_back(history.Column<std::string>("ticker")[i]);
    }
    return out;
  }

  // Row index of (date, ticker) in `history`, or -1.
  static int RowOf(const Table& history, DateDays date, const std::string& ticker) {
    for (size_t i = 0; i < history.num_rows(); ++i) {
      if (history.Column<int32_t>("date")[i] == date && history.Column<std::string>("ticker")[i] == ticker) {
        return static_cast<int>(i);
      }
    }
    return -1;
  }

  test_util::TempDir dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace qtp::universe::testing
