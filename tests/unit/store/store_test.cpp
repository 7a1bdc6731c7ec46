#include "qtp/data/store/store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include <fmt/format.h>

#include "qtp/core/file_util.h"
#include "qtp/data/store/schema.h"
#include "qtp/data/store/selection_columns.h"
#include "test_util/temp_dir.h"

namespace qtp {
namespace {

constexpr TimestampUs kDay0 = static_cast<TimestampUs>(DaysFromCivil(2020, 12, 30)) * kMicrosPerDay +
                              14 * 3600 * kMicrosPerSecond + 30 * kMicrosPerMinute;

Bars5m MakeBars(const std::string& ticker, int n, double base, TimestampUs start = kDay0) {
  Bars5m b;
  b.ticker = ticker;
  for (int i = 0; i < n; ++i) {
    // Spread rows over the new year so the batch spans two year= partitions.
    const TimestampUs ts = start + (i % 2 == 0 ? 0 : 2 * kMicrosPerDay) + (i / 2) * 5 * kMicrosPerMinute;
    b.push_back({ts, base + i, base + i + 1, base + i - 1, base + i + 0.5, 100.0 + i, i % 3 ? base + i : kNaN,
                 i % 4 ? 10 : kNullInt64},
                "test");
  }
  Bars5m sorted;
  sorted.ticker = ticker;
  std::vector<size_t> idx(b.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::sort(idx.begin(), idx.end(), [&](size_t x, size_t y) { return b.ts[x] < b.ts[y]; });
  for (size_t i : idx) sorted.push_back(b.row(i), b.source[i]);
  return sorted;
}

std::unique_ptr<Store> OpenWrite(const std::string& dir, const std::string& run = "run-a") {
  auto s = Store::Open({dir, run, StoreMode::kWrite, 0});
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

TEST(Store, RoundTripAcrossYearPartitions) {
  test_util::TempDir dir;
  auto store = OpenWrite(dir.path());
  Bars5m in = MakeBars("AAA", 40, 100);
  const Bars5m expected = in;
  auto m = store->Merge(schema::RawBars5m(), "AAA", schema::ToTable(schema::RawBars5m(), std::move(in)));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->rows_added, 40u);
  EXPECT_EQ(m->files_written, 2u);  // 2020 and 2021
  ASSERT_TRUE(store->Commit().ok());
  store.reset();

  auto reader = Store::Open({dir.path(), "", StoreMode::kRead, 0});
  ASSERT_TRUE(reader.ok());
  auto t = (*reader)->Read(schema::RawBars5m(), "AAA");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  Bars5m back = schema::Bars5mFromTable("AAA", std::move(*t));
  ASSERT_EQ(back.size(), expected.size());
  for (size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(back.ts[i], expected.ts[i]);
    EXPECT_EQ(back.close[i], expected.close[i]);
    EXPECT_EQ(std::isnan(back.vwap[i]), std::isnan(expected.vwap[i]));
    EXPECT_EQ(back.trade_count[i], expected.trade_count[i]);
  }
  EXPECT_EQ((*reader)->Tickers(schema::RawBars5m()), std::vector<std::string>{"AAA"});
}

TEST(Store, ReMergeSameRowsIsByteIdentical) {
  test_util::TempDir dir;
  {
    auto store = OpenWrite(dir.path());
    ASSERT_TRUE(store->Merge(schema::RawBars5m(), "AAA", schema::ToTable(schema::RawBars5m(), MakeBars("AAA", 30, 50))).ok());
    ASSERT_TRUE(store->Commit().ok());
  }
  auto before = ReadFile(dir.path() + "/manifest.json");
  ASSERT_TRUE(before.ok());
  {
    auto store = OpenWrite(dir.path(), "run-b");
    auto m = store->Merge(schema::RawBars5m(), "AAA", schema::ToTable(schema::RawBars5m(), MakeBars("AAA", 30, 50)));
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->rows_unchanged, 30u);
    EXPECT_EQ(m->files_written, 0u);
    ASSERT_TRUE(store->Commit().ok());
  }
  auto after = ReadFile(dir.path() + "/manifest.json");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*before, *after);
}

TEST(Store, OverlapAddsOnlyMissingAndChangedRowReplaces) {
  test_util::TempDir dir;
  auto store = OpenWrite(dir.path());
  ASSERT_TRUE(store->Merge(schema::RawBars5m(), "AAA", schema::ToTable(schema::RawBars5m(), MakeBars("AAA", 20, 50))).ok());
  Bars5m more = MakeBars("AAA", 30, 50);  // first 20 identical, 10 new
  more.close[3] += 1.0;                   // one revised bar
  Table replaced(schema::RawBars5m());
  auto m = store->Merge(schema::RawBars5m(), "AAA", schema::ToTable(schema::RawBars5m(), std::move(more)), &replaced);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->rows_added, 10u);
  EXPECT_EQ(m->rows_replaced, 1u);
  EXPECT_EQ(m->rows_unchanged, 19u);
  ASSERT_EQ(replaced.num_rows(), 1u);
  ASSERT_TRUE(store->Commit().ok());
  auto t = store->Read(schema::RawBars5m(), "AAA");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->num_rows(), 30u);
}

TEST(Store, ReplaceDropsPartitionsNoLongerCovered) {
  test_util::TempDir dir;
  auto store = OpenWrite(dir.path());
  ASSERT_TRUE(store->Replace(schema::Bars5m(), "AAA", schema::ToTable(schema::Bars5m(), MakeBars("AAA", 20, 50))).ok());
  ASSERT_TRUE(store->Commit().ok());
  EXPECT_EQ(store->manifest().entries.size(), 2u);
  Bars5m only2020 = MakeBars("AAA", 20, 50);
  std::vector<uint8_t> keep(only2020.size());
  for (size_t i = 0; i < keep.size(); ++i) keep[i] = DateOfTimestampUtc(only2020.ts[i]) < DaysFromCivil(2021, 1, 1);
  only2020.Filter(keep);
  auto m = store->Replace(schema::Bars5m(), "AAA", schema::ToTable(schema::Bars5m(), std::move(only2020)));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->rows_removed, 10u);
  ASSERT_TRUE(store->Commit().ok());
  EXPECT_EQ(store->manifest().entries.size(), 1u);
  size_t parquet_files = 0;
  for (auto& e : std::filesystem::recursive_directory_iterator(dir.path())) {
    parquet_files += e.path().extension() == ".parquet";
  }
  EXPECT_EQ(parquet_files, 1u);  // the superseded files are gone
}

// A year-partitioned dataset keeps every ticker of a year in one file, keyed by (date, ticker);
// merges from different tickers land in the same file.
TEST(Store, YearPartitionHoldsAllTickersOfAYear) {
  static const TableSpec spec{"daily_values",
                              "processed/daily_values",
                              {{"date", ColumnType::kDate}, {"ticker", ColumnType::kString}, {"v", ColumnType::kDouble}},
                              {"date", "ticker"},
                              "date",
                              Partitioning::kYear,
                              1};
  auto rows = [&](const std::string& ticker, std::vector<DateDays> dates, double v) {
    Table t(spec);
    for (DateDays d : dates) {
      t.Column<int32_t>("date").push_back(d);
      t.Column<std::string>("ticker").push_back(ticker);
      t.Column<double>("v").push_back(v);
    }
    return t;
  };
  const DateDays dec31 = DaysFromCivil(2020, 12, 31), jan4 = DaysFromCivil(2021, 1, 4);
  test_util::TempDir dir;
  auto store = OpenWrite(dir.path());
  auto a = store->Merge(spec, "ignored", rows("BBB", {dec31, jan4}, 1.0));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->files_written, 2u);
  auto b = store->Merge(spec, "", rows("AAA", {dec31, jan4}, 2.0));
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->rows_added, 2u);
  ASSERT_TRUE(store->Commit().ok());
  ASSERT_EQ(store->manifest().entries.size(), 2u);  // 2020 and 2021, both tickers in each
  for (const auto& [path, e] : store->manifest().entries) {
    EXPECT_EQ(path.rfind(fmt::format("processed/daily_values/year={}/part-", e.year), 0), 0u) << path;
    EXPECT_EQ(e.rows, 2u) << path;
    EXPECT_EQ(e.ticker, "");
  }
  auto t = store->Read(spec, "", 2021, 2021);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->num_rows(), 2u);
  EXPECT_EQ(t->Column<std::string>("ticker"), (std::vector<std::string>{"AAA", "BBB"}));  // sorted by key
}

// A file written under an earlier layout of a dataset (here selection_inputs before it gained its
// date and digest columns) does not break the SQL views: it is left out until its stage rewrites it.
// Views leave out files of an earlier layout, Read refuses them, and HoldsOtherLayout tells the
// owning stage to recompute.
TEST(Store, ViewsLeaveOutFilesOfAnEarlierLayout) {
  static const TableSpec old_layout{"selection_inputs",
                                    "processed/universe/inputs",
                                    {{"dataset", ColumnType::kString},
                                     {"year", ColumnType::kInt64},
                                     {"sha256", ColumnType::kString},
                                     {"params_hash", ColumnType::kString}},
                                    {"dataset", "year"},
                                    "",
                                    Partitioning::kNone,
                                    1};
  ASSERT_NE(schema::SelectionInputs().schema_version, old_layout.schema_version);
  Table t(old_layout);
  t.Column<std::string>("dataset").push_back("features_raw");
  t.Column<int64_t>("year").push_back(2021);
  t.Column<std::string>("sha256").push_back("abc");
  t.Column<std::string>("params_hash").push_back("def");
  test_util::TempDir dir;
  auto store = OpenWrite(dir.path());
  ASSERT_TRUE(store->Replace(old_layout, "", std::move(t)).ok());
  ASSERT_TRUE(store->Commit().ok());
  std::string rows;
  const Status status = store->Query("SELECT count(*) FROM selection_inputs", [](const auto&) {},
                                     [&](const std::vector<std::string>& row) { rows = row[0]; });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(rows, "0");
  EXPECT_TRUE(store->HoldsOtherLayout(schema::SelectionInputs()));
  EXPECT_FALSE(store->HoldsOtherLayout(schema::RawBars5m()));
  EXPECT_EQ(store->Read(schema::SelectionInputs(), "").status().code(), StatusCode::kNotSupported);
}

TEST(Store, QueryBindsParametersOverTheViews) {
  test_util::TempDir dir;
  auto store = OpenWrite(dir.path());
  for (const char* ticker : {"AAA", "BBB"}) {
    Table rows = schema::ToTable(schema::RawBars5m(), MakeBars(ticker, 6, 10));
    ASSERT_TRUE(store->Merge(schema::RawBars5m(), ticker, std::move(rows)).ok());
  }
  ASSERT_TRUE(store->Commit().ok());
  auto reader = Store::Open({dir.path(), "", StoreMode::kRead, 0});
  ASSERT_TRUE(reader.ok());
  auto count = [&](const std::string& ticker) {
    std::string n;
    const Status status =
        (*reader)->Query("SELECT count(*) FROM bars_5m_raw WHERE ticker = $1 AND ts >= $2::TIMESTAMPTZ",
                         {ticker, duck::SqlDate{DaysFromCivil(2021, 1, 1)}}, [](const auto&) {},
                         [&](const std::vector<std::string>& row) { n = row[0]; });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return n;
  };
  EXPECT_EQ(count("AAA"), "3");  // the odd rows fall on 2021-01-01
  EXPECT_EQ(count("AAA' OR '1'='1"), "0");
}

TEST(Store, RejectsDuplicateKeysAndBadTicker) {
  test_util::TempDir dir;
  auto store = OpenWrite(dir.path());
  Bars5m dup = MakeBars("AAA", 4, 50);
  dup.push_back(dup.row(0), "test");
  EXPECT_EQ(store->Merge(schema::RawBars5m(), "AAA", schema::ToTable(schema::RawBars5m(), std::move(dup))).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store->Merge(schema::RawBars5m(), "../x", schema::ToTable(schema::RawBars5m(), MakeBars("AAA", 4, 50)))
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

TEST(Store, SecondWriterIsRefusedWhileFirstHoldsLock) {
  test_util::TempDir dir;
  auto first = OpenWrite(dir.path());
  auto second = Store::Open({dir.path(), "run-b", StoreMode::kWrite, 0});
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
}

TEST(Store, UncommittedWritesAreInvisibleAndSweptOnReopen) {
  test_util::TempDir dir;
  {
    auto store = OpenWrite(dir.path());
    ASSERT_TRUE(store->Merge(schema::RawBars5m(), "AAA", schema::ToTable(schema::RawBars5m(), MakeBars("AAA", 10, 50))).ok());
    // no Commit(): as if the process died here
  }
  auto reader = Store::Open({dir.path(), "", StoreMode::kRead, 0});
  ASSERT_TRUE(reader.ok());
  EXPECT_TRUE((*reader)->Tickers(schema::RawBars5m()).empty());
  auto writer = OpenWrite(dir.path(), "run-b");
  size_t parquet_files = 0;
  for (auto& e : std::filesystem::recursive_directory_iterator(dir.path())) {
    parquet_files += e.path().extension() == ".parquet";
  }
  EXPECT_EQ(parquet_files, 0u);
}

TEST(Store, StorageCapIsEnforced) {
  test_util::TempDir dir;
  auto s = Store::Open({dir.path(), "run-a", StoreMode::kWrite, 100});  // 100 bytes
  ASSERT_TRUE(s.ok());
  auto m = (*s)->Merge(schema::RawBars5m(), "AAA", schema::ToTable(schema::RawBars5m(), MakeBars("AAA", 10, 50)));
  EXPECT_EQ(m.status().code(), StatusCode::kLimitExceeded);
  EXPECT_NE(m.status().message().find("storage_cap_gb"), std::string::npos);
}

}  // namespace
}  // namespace qtp
