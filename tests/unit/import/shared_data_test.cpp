// Every file of ../shared/data parsed by the import parsers, checked against counts taken
// independently (line counts here, totals stated in each folder's PROVENANCE.md).
#include <algorithm>
#include <filesystem>
#include <map>

#include <gtest/gtest.h>

#include "qtp/core/file_util.h"
#include "qtp/data/import/bar_file.h"
#include "qtp/data/import/membership.h"
#include "unit/import/import_test_util.h"

namespace qtp {
namespace {

namespace fs = std::filesystem;

const std::string kShared = QTP_SHARED_DATA_DIR;

// Non-blank lines minus the header: the price files hold no quoted line breaks.
size_t IndependentRowCount(const std::string& text) {
  size_t lines = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) ++lines;
    start = end + 1;
  }
  return lines == 0 ? 0 : lines - 1;
}

struct FolderResult {
  std::map<std::string, Result<ParsedBarFile>> files;  // by file name
  std::map<std::string, size_t> expected_rows;
};

class SharedData : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!fs::is_directory(kShared)) return;
    for (const char* folder : {"intraday_5min_2025_2026", "sp500_daily_iex_2013_2018", "sp500_daily_av_1999_2021",
                               "sector_etfs_daily_1998_2022", "benchmarks_daily", "api_fixtures/alphavantage"}) {
      FolderResult& r = (*results_)[folder];
      std::vector<fs::path> paths;
      for (const auto& e : fs::directory_iterator(fs::path(kShared) / folder)) {
        if (e.path().extension() == ".csv") paths.push_back(e.path());
      }
      std::sort(paths.begin(), paths.end());
      for (const fs::path& p : paths) {
        Result<std::string> text = ReadFile(p.string());
        ASSERT_TRUE(text.ok()) << text.status().ToString();
        const std::string name = p.filename().string();
        r.expected_rows[name] = IndependentRowCount(*text);
        r.files.emplace(name, ParseBarCsv(*text, p.string(), {}));
      }
    }
  }
  void SetUp() override {
    if (!fs::is_directory(kShared)) GTEST_SKIP() << "shared data folder " << kShared << " is absent";
  }

  // Checks every file of a bar folder; returns total data rows.
  static size_t CheckBarFolder(const std::string& folder, BarInterval interval, PriceAdjustment adjustment,
                               size_t expected_files) {
    const FolderResult& r = results_->at(folder);
    EXPECT_EQ(r.files.size(), expected_files) << folder;
    size_t rows = 0;
    for (const auto& [name, parsed] : r.files) {
      EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
      if (!parsed.ok()) continue;
      EXPECT_EQ(parsed->interval, interval) << name;
      EXPECT_EQ(parsed->adjustment, adjustment) << name;
      EXPECT_EQ(parsed->data_rows, r.expected_rows.at(name)) << name;
      EXPECT_EQ(parsed->rows_rejected, 0u) << name;
      EXPECT_EQ(parsed->rows_with_bad_values, 0u) << name;
      const size_t batches = interval == BarInterval::k5m ? parsed->bars_5m.size() : parsed->bars_1d.size();
      EXPECT_EQ(batches, 1u) << name;
      rows += parsed->data_rows;
    }
    return rows;
  }

  static const ParsedBarFile& File(const std::string& folder, const std::string& name) {
    return *results_->at(folder).files.at(name);
  }

  static inline std::map<std::string, FolderResult>* results_ = new std::map<std::string, FolderResult>();
};

using import_testing::Utc;

TEST_F(SharedData, Intraday5m) {
  // PROVENANCE.md: 25 files, 409,746 rows, no defects but extended-hours bars.
  EXPECT_EQ(CheckBarFolder("intraday_5min_2025_2026", BarInterval::k5m, PriceAdjustment::kNone, 25), 409'746u);
  const ParsedBarFile& aapl = File("intraday_5min_2025_2026", "AAPL_5min.csv");
  EXPECT_FALSE(aapl.end_labels_shifted);
  EXPECT_TRUE(aapl.problems.empty());
  const Bars5m& b = aapl.bars_5m[0];
  EXPECT_EQ(b.ticker, "AAPL");
  EXPECT_EQ(b.ts.front(), Utc(2025, 5, 12, 13, 30));  // 09:30 EDT
  EXPECT_DOUBLE_EQ(b.open.front(), 211.04);
  EXPECT_DOUBLE_EQ(b.volume.front(), 4315720);
  // The 2025-07-03 early close has 42 bars 09:30–12:55 EDT = 13:30–16:55 UTC.
  const Bars5m& spy = File("intraday_5min_2025_2026", "SPY_5min.csv").bars_5m[0];
  const auto on_day = std::count_if(spy.ts.begin(), spy.ts.end(), [](TimestampUs t) {
    return t >= Utc(2025, 7, 3, 13, 30) && t <= Utc(2025, 7, 3, 16, 55);
  });
  EXPECT_EQ(on_day, 42);
  // A January bar: 09:30 EST = 14:30 UTC.
  EXPECT_NE(std::find(spy.ts.begin(), spy.ts.end(), Utc(2026, 1, 15, 14, 30)), spy.ts.end());
}

TEST_F(SharedData, IexDailySplitAdjustedWithBlankFields) {
  // PROVENANCE.md: 505 files, 619,040 rows, 11 rows with blank OHLC fields.
  EXPECT_EQ(CheckBarFolder("sp500_daily_iex_2013_2018", BarInterval::k1d, PriceAdjustment::kSplit, 505), 619'040u);
  size_t missing = 0;
  for (const auto& [name, parsed] : results_->at("sp500_daily_iex_2013_2018").files) {
    missing += parsed->rows_with_missing_values;
  }
  EXPECT_EQ(missing, 11u);
  const ParsedBarFile& bhf = File("sp500_daily_iex_2013_2018", "BHF_data.csv");
  ASSERT_EQ(bhf.rows_with_missing_values, 1u);
  const Bars1d& b = bhf.bars_1d[0];
  const auto it = std::find(b.date.begin(), b.date.end(), DaysFromCivil(2017, 7, 26));
  ASSERT_NE(it, b.date.end());
  EXPECT_DOUBLE_EQ(b.close[static_cast<size_t>(it - b.date.begin())], 69.0842);
  const Bars1d& aapl = File("sp500_daily_iex_2013_2018", "AAPL_data.csv").bars_1d[0];
  EXPECT_EQ(aapl.date.front(), DaysFromCivil(2013, 2, 8));
  EXPECT_DOUBLE_EQ(aapl.close.front(), 67.8542);
  EXPECT_EQ(File("sp500_daily_iex_2013_2018", "BRK.B_data.csv").bars_1d[0].ticker, "BRK.B");
}

TEST_F(SharedData, AlphaVantageRawWithActions) {
  // PROVENANCE.md: 101 files, 494,568 rows, 113 split events, 5,832 dividend rows.
  EXPECT_EQ(CheckBarFolder("sp500_daily_av_1999_2021", BarInterval::k1d, PriceAdjustment::kNone, 101), 494'568u);
  size_t splits = 0, dividends = 0;
  for (const auto& [name, parsed] : results_->at("sp500_daily_av_1999_2021").files) {
    EXPECT_EQ(parsed->rows_with_missing_values, 0u) << name;
    for (const CorporateAction& a : parsed->actions) (a.type == CorporateActionType::kSplit ? splits : dividends)++;
  }
  EXPECT_EQ(splits, 113u);
  EXPECT_EQ(dividends, 5'832u);
  const ParsedBarFile& aapl = File("sp500_daily_av_1999_2021", "DA-AAPL-T-2021-04-21.csv");
  EXPECT_EQ(aapl.bars_1d[0].ticker, "AAPL");
  const auto split = std::find_if(aapl.actions.begin(), aapl.actions.end(), [](const CorporateAction& a) {
    return a.type == CorporateActionType::kSplit && a.ex_date == DaysFromCivil(2000, 6, 21);
  });
  ASSERT_NE(split, aapl.actions.end());
  EXPECT_DOUBLE_EQ(split->split_ratio, 2.0);
  const Bars1d& aig = File("sp500_daily_av_1999_2021", "DA-AIG-T-2021-04-21.csv").bars_1d[0];
  const auto day = std::find(aig.date.begin(), aig.date.end(), DaysFromCivil(2008, 9, 16));
  ASSERT_NE(day, aig.date.end());
  EXPECT_DOUBLE_EQ(aig.close[static_cast<size_t>(day - aig.date.begin())], 3.75);  // raw, pre reverse split
  EXPECT_EQ(File("sp500_daily_av_1999_2021", "DA-BRK.B-T-2021-04-21.csv").bars_1d[0].ticker, "BRK.B");
}

TEST_F(SharedData, SectorEtfsAllColumnOrders) {
  // PROVENANCE.md: 11 files, 53,990 rows; dates YYYY/M/D; three column orders.
  EXPECT_EQ(CheckBarFolder("sector_etfs_daily_1998_2022", BarInterval::k1d, PriceAdjustment::kSplit, 11), 53'990u);
  const Bars1d& xlb = File("sector_etfs_daily_1998_2022", "XLB.csv").bars_1d[0];
  EXPECT_EQ(xlb.date.front(), DaysFromCivil(1999, 12, 31));
  EXPECT_DOUBLE_EQ(xlb.open.front(), 26);   // Date,High,Low,Open,Close,...
  EXPECT_DOUBLE_EQ(xlb.high.front(), 26.671875);
  EXPECT_DOUBLE_EQ(xlb.close.front(), 26.578125);
  EXPECT_EQ(xlb.date.back(), DaysFromCivil(2022, 2, 22));
}

TEST_F(SharedData, BenchmarksSpyImportedReferenceSeriesSkipped) {
  const FolderResult& r = results_->at("benchmarks_daily");
  ASSERT_EQ(r.files.size(), 5u);
  for (const auto& [name, parsed] : r.files) {
    if (name.rfind("SPY_", 0) == 0) {
      ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
      EXPECT_EQ(parsed->data_rows, 6'067u);
      EXPECT_EQ(parsed->bars_1d[0].ticker, "SPY");
      EXPECT_EQ(parsed->problems.size(), 0u);
      continue;
    }
    ASSERT_FALSE(parsed.ok()) << name;
    EXPECT_EQ(parsed.status().code(), StatusCode::kNotSupported) << name;
    EXPECT_NE(parsed.status().message().find("not a bar file"), std::string::npos) << parsed.status().message();
  }
}

TEST_F(SharedData, ApiFixtureOneMinuteCsvSkipped) {
  const FolderResult& r = results_->at("api_fixtures/alphavantage");
  ASSERT_EQ(r.files.size(), 1u);
  const auto& parsed = r.files.begin()->second;
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kNotSupported);
  EXPECT_NE(parsed.status().message().find("1-minute"), std::string::npos);
}

class SharedMembership : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(kShared)) GTEST_SKIP() << "shared data folder " << kShared << " is absent";
  }
  static std::string Read(const std::string& name) {
    Result<std::string> text = ReadFile((fs::path(kShared) / "sp500_constituents_sectors" / name).string());
    EXPECT_TRUE(text.ok()) << text.status().ToString();
    return text.ok() ? *text : std::string();
  }
};

TEST_F(SharedMembership, ReconstructFromRealFiles) {
  const std::string changes_text = Read("sp500_changes_since_1996.csv");
  auto events = ParseMembershipChanges(changes_text, "sp500_changes_since_1996.csv");
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  EXPECT_EQ(events->size(), IndependentRowCount(changes_text));  // PROVENANCE.md: 701 events
  EXPECT_EQ(events->size(), 701u);
  const std::string current_text = Read("constituents_chinobing_2026-08-22.csv");
  auto current = ParseConstituents(current_text, "constituents_chinobing_2026-08-22.csv");
  ASSERT_TRUE(current.ok()) << current.status().ToString();
  EXPECT_EQ(current->members.size(), IndependentRowCount(current_text));
  EXPECT_EQ(current->as_of, DaysFromCivil(2026, 8, 22));

  auto h = ReconstructMembership(*current, *events);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_TRUE(h->warnings.empty()) << h->warnings.front();
  EXPECT_EQ(h->record_start, DaysFromCivil(1996, 1, 22));
  auto intervals_of = [&](const std::string& t) {
    std::vector<MembershipInterval> out;
    for (const auto& i : h->intervals) {
      if (i.ticker == t) out.push_back(i);
    }
    return out;
  };
  // File line 582: 2020-12-21,['TSLA'],['AIV'].
  const auto tsla = intervals_of("TSLA");
  ASSERT_EQ(tsla.size(), 1u);
  EXPECT_EQ(tsla[0].start_date, DaysFromCivil(2020, 12, 21));
  EXPECT_EQ(tsla[0].end_date, kNullDate);
  const auto aiv = intervals_of("AIV");
  ASSERT_FALSE(aiv.empty());
  EXPECT_EQ(aiv.back().end_date, DaysFromCivil(2020, 12, 21));
  // Lines 665–667: COIN added 2025-05-13, removed 2025-05-14, added 2025-05-17 (as the source records it).
  const auto coin = intervals_of("COIN");
  ASSERT_EQ(coin.size(), 2u);
  EXPECT_EQ(coin[0].start_date, DaysFromCivil(2025, 5, 13));
  EXPECT_EQ(coin[0].end_date, DaysFromCivil(2025, 5, 14));
  EXPECT_EQ(coin[1].start_date, DaysFromCivil(2025, 5, 17));
  // BRK-B/BRK.B and BF-B/BF.B spelling flips (lines 620, 621, 635, 636, 656) leave one interval each.
  EXPECT_EQ(intervals_of("BRK.B").size(), 1u);
  EXPECT_EQ(intervals_of("BRK.B")[0].start_date, DaysFromCivil(2010, 2, 16));  // line 372
  EXPECT_EQ(intervals_of("BF.B").size(), 1u);
  EXPECT_TRUE(intervals_of("BF.B")[0].start_censored);
  // On the anchor date the members are exactly the current list.
  EXPECT_EQ(MembersOn(*h, current->as_of).size(), current->members.size());
  // Line 702: 2026-08-18 added RDDT, VMRK and removed EQR, AVB.
  const auto before = MembersOn(*h, DaysFromCivil(2026, 8, 17));
  EXPECT_TRUE(std::binary_search(before.begin(), before.end(), "EQR"));
  EXPECT_FALSE(std::binary_search(before.begin(), before.end(), "RDDT"));
}

TEST_F(SharedMembership, AllConstituentsListsParse) {
  for (const auto& [name, rows, as_of] : std::vector<std::tuple<std::string, size_t, DateDays>>{
           {"constituents_datasets_2026-08.csv", 503, DaysFromCivil(2026, 8, 1)},
           {"constituents_chinobing_2026-08-22.csv", 503, DaysFromCivil(2026, 8, 22)},
           {"constituents_pooksoft_2021-04.csv", 505, DaysFromCivil(2021, 4, 1)}}) {
    auto list = ParseConstituents(Read(name), name);
    ASSERT_TRUE(list.ok()) << list.status().ToString();
    EXPECT_EQ(list->members.size(), rows) << name;
    EXPECT_EQ(list->as_of, as_of) << name;
    for (const Constituent& c : list->members) EXPECT_FALSE(c.sector.empty()) << name << " " << c.ticker;
  }
}

}  // namespace
}  // namespace qtp
