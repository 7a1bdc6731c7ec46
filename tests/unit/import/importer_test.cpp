// End to end: files on disk → RunImport → store (raw bars, quarantine, corporate actions,
// universe_membership) and the universe CSV.
#include "qtp/data/import/importer.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "qtp/core/file_util.h"
#include "qtp/data/store/schema.h"
#include "test_util/temp_dir.h"

namespace qtp {
namespace {

namespace fs = std::filesystem;

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// A miniature of ../shared/data: one file of each kind.
void MakeInputs(const fs::path& root) {
  Write(root / "intraday" / "AAA_5min.csv",
        "datetime,open,high,low,close,volume\n"
        "2025-07-01 09:30:00,10,11,9,10.5,1000\n"
        "2025-07-01 09:35:00,10.5,11,10,10.8,900\n"
        "2026-01-15 09:30:00,12,13,11,12.5,800\n");
  Write(root / "av" / "DA-BBB-T-2021-04-21.csv",
        "timestamp,open,high,low,close,adjusted_close,volume,dividend_amount,split_coefficient\n"
        "2000-06-20,98.5,103.94,98.37,101.25,0.78,4400000,0.0,1.0\n"
        "2000-06-21,50.5,56.94,50.31,55.63,0.86,8300000,0.0,2.0\n"
        "2000-06-22,55.75,57.63,53.56,53.75,0.83,8400000,0.25,1.0\n");
  Write(root / "iex" / "CCC_data.csv",
        "date,open,high,low,close,volume,Name\n"
        "2017-07-25,70.1,71.0,69.5,70.0,1000,CCC\n"
        "2017-07-26,,,,69.0842,3,CCC\n"
        "2017-07-27,69.0,70.0,68.0,69.5,2000,CCC\n");
  Write(root / "bench" / "DGS1MO.csv", "DATE,DGS1MO\n2001-07-31,3.67\n2001-08-01,.\n");
  Write(root / "fixtures" / "reply.json", "{\"bars\": []}\n");
  Write(root / "members" / "PROVENANCE.md", "# notes\n");
  Write(root / "members" / "changes.csv",
        "date,added_tickers,removed_tickers\n"
        "2019-01-10,['CCC'],['XXX']\n"
        "2020-03-02,\"['BBB', 'AAA']\",['AAA']\n");
  Write(root / "members" / "constituents_2020-12-31.csv",
        "Symbol,Security,GICS Sector\nAAA,Aaa Corp,Industrials\nBBB,\"Bbb, Inc\",Financials\nCCC,Ccc,Energy\n");
}

class ImporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    inputs_ = fs::path(tmp_.path()) / "inputs";
    data_ = fs::path(tmp_.path()) / "data";
    MakeInputs(inputs_);
  }
  Result<ImportReport> Import(const ImportRequest& request, const std::string& run) {
    auto store = Store::Open({data_.string(), run, StoreMode::kWrite, 0});
    if (!store.ok()) return store.status();
    Ingestor ingestor(**store);
    return RunImport(**store, ingestor, request, [&](const ImportProgress& p) {
      progress_.push_back(p);
      return Status::OK();
    });
  }
  std::unique_ptr<Store> OpenRead() {
    auto store = Store::Open({data_.string(), "read", StoreMode::kRead, 0});
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return std::move(store).value();
  }
  const FileReport& FileNamed(const ImportReport& r, const std::string& name) {
    for (const FileReport& f : r.files) {
      if (fs::path(f.path).filename() == name) return f;
    }
    ADD_FAILURE() << "no report for " << name;
    return r.files.front();
  }

  test_util::TempDir tmp_;
  fs::path inputs_, data_;
  std::vector<ImportProgress> progress_;
};

TEST_F(ImporterTest, FolderImportEndToEnd) {
  ImportRequest request;
  request.path = inputs_.string();
  auto report = Import(request, "run-1");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const ImportReport& r = *report;
  ASSERT_EQ(r.files.size(), 8u);
  EXPECT_EQ(r.Count(FileOutcome::kImported), 5u);
  EXPECT_EQ(r.Count(FileOutcome::kSkipped), 3u);
  EXPECT_EQ(r.Count(FileOutcome::kFailed), 0u);
  EXPECT_NE(FileNamed(r, "DGS1MO.csv").reason.find("not a bar file"), std::string::npos);
  EXPECT_NE(FileNamed(r, "reply.json").reason.find("JSON provider reply"), std::string::npos);
  EXPECT_NE(FileNamed(r, "PROVENANCE.md").reason.find("not a CSV file"), std::string::npos);

  const FileReport& iex = FileNamed(r, "CCC_data.csv");
  EXPECT_EQ(iex.kind, "bars_1d");
  EXPECT_EQ(iex.rows_with_missing_values, 1u);
  EXPECT_EQ(iex.ingest.quarantined, 1u);  // the blank-OHLC row, kept in raw/quarantine_1d
  EXPECT_EQ(iex.source, "csv:iex;adj=split");
  const FileReport& av = FileNamed(r, "DA-BBB-T-2021-04-21.csv");
  EXPECT_EQ(av.splits, 1u);
  EXPECT_EQ(av.dividends, 1u);
  EXPECT_EQ(FileNamed(r, "AAA_5min.csv").kind, "bars_5m");

  ASSERT_EQ(progress_.size(), 8u);
  EXPECT_EQ(progress_.back().files_done, 8u);
  EXPECT_EQ(progress_.back().files_total, 8u);
  EXPECT_EQ(progress_.back().rows, 9u);

  auto store = OpenRead();
  auto aaa = store->Read(schema::RawBars5m(), "AAA");
  ASSERT_TRUE(aaa.ok()) << aaa.status().ToString();
  ASSERT_EQ(aaa->num_rows(), 3u);
  const auto& ts = aaa->Column<int64_t>("ts");
  EXPECT_EQ(FormatTimestampUtc(ts[0]), "2025-07-01T13:30:00Z");
  EXPECT_EQ(FormatTimestampUtc(ts[2]), "2026-01-15T14:30:00Z");
  auto ccc = store->Read(schema::RawBars1d(), "CCC");
  ASSERT_TRUE(ccc.ok());
  EXPECT_EQ(ccc->num_rows(), 2u);
  auto actions = store->Read(schema::CorporateActions(), "BBB");
  ASSERT_TRUE(actions.ok());
  const std::vector<CorporateAction> list = schema::CorporateActionsFromTable("BBB", *actions);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].type, CorporateActionType::kSplit);
  EXPECT_EQ(list[0].ex_date, DaysFromCivil(2000, 6, 21));
  EXPECT_DOUBLE_EQ(list[0].split_ratio, 2.0);
  EXPECT_DOUBLE_EQ(list[1].dividend, 0.25);

  // Membership: hand-computed. AAA add+remove on 2020-03-02 is a spelling no-op.
  EXPECT_TRUE(r.membership.built);
  EXPECT_EQ(r.membership.renames_collapsed, 1u);
  auto members = store->Read(schema::UniverseMembership(), "");
  ASSERT_TRUE(members.ok()) << members.status().ToString();
  ASSERT_EQ(members->num_rows(), 4u);
  const auto& tick = members->Column<std::string>("ticker");
  const auto& start = members->Column<int32_t>("start_date");
  const auto& end = members->Column<int32_t>("end_date");
  const auto& source = members->Column<std::string>("source");
  EXPECT_EQ(tick, (std::vector<std::string>{"AAA", "BBB", "CCC", "XXX"}));
  EXPECT_EQ(start[0], DaysFromCivil(2019, 1, 9));  // censored: the day before the first event
  EXPECT_EQ(source[0], "changes.csv;start_censored");
  EXPECT_EQ(start[1], DaysFromCivil(2020, 3, 2));
  EXPECT_EQ(end[1], kNullDate);
  EXPECT_EQ(start[2], DaysFromCivil(2019, 1, 10));
  EXPECT_EQ(end[3], DaysFromCivil(2019, 1, 10));
  EXPECT_EQ(source[2], "changes.csv");

  auto csv = ReadFile((data_ / "universe" / "sp500_constituents.csv").string());
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(*csv,
            "ticker,name,sector,shares_outstanding\nAAA,Aaa Corp,Industrials,\nBBB,\"Bbb, Inc\",Financials,\n"
            "CCC,Ccc,Energy,\n");

  const std::string text = r.ToText();
  EXPECT_NE(text.find("8 files: 5 imported, 3 skipped, 0 failed"), std::string::npos) << text;
  EXPECT_NE(text.find("CCC_data.csv:3:2: column 'open': missing value"), std::string::npos) << text;
  const std::string json = r.ToJson();
  EXPECT_NE(json.find("\"files_skipped\": 3"), std::string::npos);
  EXPECT_NE(json.find("\"kind\": \"missing_value\""), std::string::npos);
}

TEST_F(ImporterTest, ReimportChangesNothing) {
  ImportRequest request;
  request.path = inputs_.string();
  ASSERT_TRUE(Import(request, "run-1").ok());
  const std::string manifest = *ReadFile((data_ / "manifest.json").string());
  auto again = Import(request, "run-2");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->totals.rows_added, 0u);
  EXPECT_EQ(again->totals.rows_unchanged, 8u);  // 3 + 3 + 2 storable bars
  EXPECT_EQ(*ReadFile((data_ / "manifest.json").string()), manifest);
}

TEST_F(ImporterTest, SingleFileErrorsAndFailedFilesInFolders) {
  ImportRequest single;
  single.path = (inputs_ / "bench" / "DGS1MO.csv").string();
  auto not_bars = Import(single, "run-1");
  ASSERT_FALSE(not_bars.ok());
  EXPECT_NE(not_bars.status().message().find("DGS1MO.csv: not a bar file"), std::string::npos);

  ImportRequest folder;
  folder.path = inputs_.string();
  folder.csv.ticker = "AAA";
  EXPECT_EQ(Import(folder, "run-1").status().code(), StatusCode::kInvalidArgument);

  ImportRequest missing;
  missing.path = (inputs_ / "nope").string();
  EXPECT_EQ(Import(missing, "run-1").status().code(), StatusCode::kNotFound);

  ImportRequest bad_zone;
  bad_zone.path = inputs_.string();
  bad_zone.csv.tz = "Nowhere/Land";
  EXPECT_EQ(Import(bad_zone, "run-1").status().code(), StatusCode::kNotFound);

  // A malformed bar file fails on its own; the others still load.
  Write(inputs_ / "bad" / "DDD.csv", "date,open,high,low,close,volume\n2020-01-02,1,2,x,1,5\n");
  ImportRequest all;
  all.path = inputs_.string();
  auto report = Import(all, "run-2");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->Count(FileOutcome::kFailed), 1u);
  const FileReport& bad = FileNamed(*report, "DDD.csv");
  EXPECT_EQ(bad.outcome, FileOutcome::kFailed);
  EXPECT_NE(bad.reason.find("DDD.csv:2:4"), std::string::npos) << bad.reason;
  EXPECT_EQ(report->Count(FileOutcome::kImported), 5u);
}

// Non-blank lines minus the header (the price files hold no quoted line breaks).
size_t DataLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) ++n;
  }
  return n == 0 ? 0 : n - 1;
}

// Every dataset of ../shared/data through the store: each folder's small files whole, and the first
// two price files of each price folder (importing all ~1.6M rows takes about a minute of fsyncs,
// too slow for a unit test; every file is parsed in shared_data_test.cpp). Skipped when absent.
TEST_F(ImporterTest, EverySharedDatasetThroughTheStore) {
  const fs::path shared = QTP_SHARED_DATA_DIR;
  if (!fs::is_directory(shared)) GTEST_SKIP() << "shared data folder " << shared << " is absent";
  const fs::path sample = fs::path(tmp_.path()) / "shared_sample";
  size_t expected_5m = 0, expected_1d = 0;
  for (const auto& entry : fs::recursive_directory_iterator(shared)) {
    if (!entry.is_regular_file()) continue;
    const fs::path rel = fs::relative(entry.path(), shared);
    const std::string folder = rel.begin()->string();
    const bool price_folder = folder == "intraday_5min_2025_2026" || folder == "sp500_daily_iex_2013_2018" ||
                              folder == "sp500_daily_av_1999_2021" || folder == "sector_etfs_daily_1998_2022";
    const std::string name = rel.filename().string();
    if (price_folder && rel.extension() == ".csv") {
      std::vector<std::string> names;
      for (const auto& e : fs::directory_iterator(entry.path().parent_path())) {
        if (e.path().extension() == ".csv") names.push_back(e.path().filename().string());
      }
      std::sort(names.begin(), names.end());
      if (name != names[0] && name != names[1]) continue;
      (folder == "intraday_5min_2025_2026" ? expected_5m : expected_1d) += DataLines(entry.path().string());
    } else if (name.rfind("SPY_", 0) == 0) {
      expected_1d += DataLines(entry.path().string());
    }
    fs::create_directories((sample / rel).parent_path());
    fs::create_symlink(entry.path(), sample / rel);
  }
  ImportRequest request;
  request.path = sample.string();
  request.commit_every_files = 10;
  auto report = Import(request, "run-shared");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const ImportReport& r = *report;
  EXPECT_EQ(r.Count(FileOutcome::kFailed), 0u) << r.ToText();
  size_t rows_5m = 0, rows_1d = 0;
  for (const FileReport& f : r.files) {
    if (f.kind == "bars_5m") rows_5m += f.rows_passed_on;
    if (f.kind == "bars_1d") rows_1d += f.rows_passed_on;
    EXPECT_EQ(f.rows_rejected, 0u) << f.path;
    EXPECT_EQ(f.rows_with_bad_values, 0u) << f.path;
    const bool reference_series = f.path.find("benchmarks_daily") != std::string::npos &&
                                  fs::path(f.path).extension() == ".csv" && f.kind == "other";
    if (reference_series) {
      EXPECT_NE(f.reason.find("not a bar file"), std::string::npos) << f.path;
    }
    if (fs::path(f.path).extension() == ".json") {
      EXPECT_EQ(f.outcome, FileOutcome::kSkipped) << f.path;
    }
  }
  EXPECT_EQ(rows_5m, expected_5m);
  EXPECT_EQ(rows_1d, expected_1d);
  EXPECT_EQ(r.totals.rows_added + r.totals.rows_revised, expected_5m + expected_1d - r.totals.quarantined)
      << r.totals.Summary();
  // AAPL is in both daily samples (DA-AAPL, AAPL_data): the IEX file comes later in path order and
  // replaces the Alpha Vantage rows of 2013-02-08 → 2018-02-07 (per-row source tags tell them apart).
  EXPECT_EQ(r.totals.rows_revised, DataLines((shared / "sp500_daily_iex_2013_2018" / "AAPL_data.csv").string()));
  EXPECT_TRUE(r.membership.built);
  EXPECT_EQ(r.membership.current_members, 503u);
  EXPECT_TRUE(r.membership.warnings.empty());
  EXPECT_GE(r.membership.universe_tickers, 505u);
  auto store = OpenRead();
  // Nothing replaced is lost: every replaced daily row is kept in raw/revisions_1d.
  auto revisions = store->Read(schema::Revisions1d(), "AAPL");
  ASSERT_TRUE(revisions.ok()) << revisions.status().ToString();
  EXPECT_EQ(revisions->num_rows(), r.totals.rows_revised);
  auto members = store->Read(schema::UniverseMembership(), "");
  ASSERT_TRUE(members.ok()) << members.status().ToString();
  EXPECT_EQ(members->num_rows(), r.membership.intervals);
}

}  // namespace
}  // namespace qtp
