#include "qtp/data/ingest/ingestor.h"

#include <gtest/gtest.h>

#include "qtp/core/file_util.h"
#include "qtp/data/store/schema.h"
#include "test_util/temp_dir.h"

namespace qtp {
namespace {

constexpr TimestampUs kT0 = static_cast<TimestampUs>(DaysFromCivil(2021, 3, 1)) * kMicrosPerDay +
                            14 * 3600 * kMicrosPerSecond + 30 * kMicrosPerMinute;
constexpr TimestampUs kStep = 5 * kMicrosPerMinute;

Bar5m MakeBar(int i, double px) { return {kT0 + i * kStep, px, px + 1, px - 1, px, 1000, px, 5}; }

std::unique_ptr<Store> OpenWrite(const std::string& dir, const std::string& run) {
  auto s = Store::Open({dir, run, StoreMode::kWrite, 0});
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

TEST(Ingestor, SortsDedupesAndQuarantinesWithoutLosingRows) {
  test_util::TempDir dir;
  auto store = OpenWrite(dir.path(), "run-1");
  Ingestor ingestor(*store);
  Bars5m b;
  b.ticker = "AAA";
  b.push_back(MakeBar(2, 10), "feed");
  b.push_back(MakeBar(0, 10), "feed");   // out of order
  b.push_back(MakeBar(1, 10), "feed");
  b.push_back(MakeBar(1, 10), "feed");   // exact duplicate
  b.push_back(MakeBar(3, 10), "feed");
  b.push_back(MakeBar(3, 11), "feed");   // conflicting duplicate: this later row wins
  Bar5m nan_bar = MakeBar(4, 10);
  nan_bar.close = kNaN;
  b.push_back(nan_bar, "feed");           // not storable
  auto stats = ingestor.AddBars5m(b);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->rows_in, 7u);
  EXPECT_EQ(stats->out_of_order, 1u);
  EXPECT_EQ(stats->duplicates_exact, 1u);
  EXPECT_EQ(stats->duplicates_conflicting, 1u);
  EXPECT_EQ(stats->quarantined, 2u);  // the losing conflicting row and the NaN row
  EXPECT_EQ(stats->rows_added, 4u);
  ASSERT_TRUE(ingestor.Commit().ok());

  auto raw = store->Read(schema::RawBars5m(), "AAA");
  ASSERT_TRUE(raw.ok());
  const auto& ts = raw->Column<int64_t>("ts");
  ASSERT_EQ(ts.size(), 4u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(ts[i], kT0 + i * kStep);
  EXPECT_EQ(raw->Column<double>("close")[3], 11.0);
  auto quarantine = store->Read(schema::Quarantine5m(), "AAA");
  ASSERT_TRUE(quarantine.ok());
  ASSERT_EQ(quarantine->num_rows(), 2u);
  EXPECT_EQ(quarantine->Column<std::string>("reason")[0], "duplicate_conflict");
  EXPECT_EQ(quarantine->Column<std::string>("reason")[1], "non_finite_value");

  auto findings = store->Read(schema::IngestFindings(), "AAA");
  ASSERT_TRUE(findings.ok());
  ASSERT_EQ(findings->num_rows(), 2u);  // bar 1: one exact duplicate; bar 0: delivered late
  EXPECT_EQ(findings->Column<int64_t>("ts")[0], kT0);
  EXPECT_EQ(findings->Column<std::string>("rule")[0], "out_of_order");
  EXPECT_EQ(findings->Column<int64_t>("ts")[1], kT0 + kStep);
  EXPECT_EQ(findings->Column<std::string>("rule")[1], "duplicate_exact");

  // Every input row is accounted for: stored + exact duplicates + quarantined.
  EXPECT_EQ(stats->rows_added + stats->duplicates_exact + stats->quarantined, stats->rows_in);
}

TEST(Ingestor, ReingestIsIdempotentAndRevisionIsLogged) {
  test_util::TempDir dir;
  Bars5m b;
  b.ticker = "AAA";
  for (int i = 0; i < 10; ++i) b.push_back(MakeBar(i, 10 + i), "feed");
  {
    auto store = OpenWrite(dir.path(), "run-1");
    Ingestor ingestor(*store);
    ASSERT_TRUE(ingestor.AddBars5m(b).ok());
    ASSERT_TRUE(ingestor.Commit().ok());
  }
  const std::string manifest = *ReadFile(dir.path() + "/manifest.json");
  {
    auto store = OpenWrite(dir.path(), "run-2");
    Ingestor ingestor(*store);
    auto stats = ingestor.AddBars5m(b);
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->rows_unchanged, 10u);
    EXPECT_EQ(stats->files_written, 0u);
    ASSERT_TRUE(ingestor.Commit().ok());
  }
  EXPECT_EQ(*ReadFile(dir.path() + "/manifest.json"), manifest);
  {
    auto store = OpenWrite(dir.path(), "run-3");
    Ingestor ingestor(*store);
    Bars5m revised = b;
    revised.close[5] = 99;
    auto stats = ingestor.AddBars5m(revised);
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    EXPECT_EQ(stats->rows_revised, 1u);
    ASSERT_TRUE(ingestor.Commit().ok());
    auto revisions = store->Read(schema::Revisions5m(), "AAA");
    ASSERT_TRUE(revisions.ok());
    ASSERT_EQ(revisions->num_rows(), 1u);
    EXPECT_EQ(revisions->Column<double>("close")[0], b.close[5]);  // the old value is kept
    EXPECT_EQ(revisions->Column<std::string>("revised_by_run")[0], "run-3");
  }
}

TEST(Ingestor, CorporateActionsUpsertByKey) {
  test_util::TempDir dir;
  auto store = OpenWrite(dir.path(), "run-1");
  Ingestor ingestor(*store);
  const DateDays d = DaysFromCivil(2020, 8, 31);
  ASSERT_TRUE(ingestor.AddCorporateActions({{"AAPL", d, CorporateActionType::kSplit, 4.0, kNaN, "x"},
                                            {"AAPL", d + 7, CorporateActionType::kDividend, kNaN, 0.205, "x"}})
                  .ok());
  EXPECT_FALSE(ingestor.AddCorporateActions({{"AAPL", d, CorporateActionType::kSplit, -1.0, kNaN, "x"}}).ok());
  ASSERT_TRUE(ingestor.Commit().ok());
  auto t = store->Read(schema::CorporateActions(), "AAPL");
  ASSERT_TRUE(t.ok());
  auto actions = schema::CorporateActionsFromTable("AAPL", *t);
  ASSERT_EQ(actions.size(), 2u);
  EXPECT_EQ(actions[0].type, CorporateActionType::kSplit);
  EXPECT_EQ(actions[0].split_ratio, 4.0);
  EXPECT_DOUBLE_EQ(actions[1].dividend, 0.205);
}

}  // namespace
}  // namespace qtp
