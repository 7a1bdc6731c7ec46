#include "qtp/universe/run_select.h"

#include <gtest/gtest.h>

#include "qtp/core/file_util.h"
#include "qtp/universe/latest_files.h"
#include "universe_test_util.h"

namespace qtp::universe {
namespace {

using testing::Day;
using testing::kNaN;
using testing::Row;
using testing::SimpleParams;

class RunSelectTest : public testing::StoreFixture {};

TEST_F(RunSelectTest, HardFilters) {
  const DateDays d1 = Day(2022, 3, 1), d2 = Day(2022, 3, 2), d3 = Day(2022, 3, 3);
  std::vector<Row> rows;
  for (DateDays d : {d1, d2, d3}) {
    rows.push_back({d, "OLD", {}});
    rows.push_back({d, "EDGE", {{"close", 5.0}, {"adv_20", 1e6}}});  // exactly at both limits: passes
    rows.push_back({d, "CHEAP", {{"close", 4.99}}});
    rows.push_back({d, "THIN", {{"adv_20", 999999.0}}});
    rows.push_back({d, "NOPX", {{"close", kNaN}}});
    rows.push_back({d, "NOADV", {{"adv_20", kNaN}}});
  }
  rows.push_back({d3, "NEW", {}});  // one row of history on d3
  for (Row& r : rows) r.values["rv_20"] = r.values["trend_60d_t"] = 1.0;
  PutFeatures(*store_, rows);
  SelectParams p = SimpleParams(10);
  p.min_history_days = 3;
  const SelectSummary s = Select(*store_, p);
  EXPECT_EQ(s.days, 3u);
  const Table h = History(*store_);
  EXPECT_TRUE(SelectedOn(h, d1).empty());  // history 1 < 3
  EXPECT_TRUE(SelectedOn(h, d2).empty());
  EXPECT_EQ(SelectedOn(h, d3), (std::vector<std::string>{"EDGE", "OLD"}));
  const int old = RowOf(h, d3, "OLD");
  ASSERT_GE(old, 0);
  EXPECT_EQ(h.Column<int64_t>("history_days")[old], 3);
  EXPECT_EQ(h.Column<double>("close")[old], 50.0);
  EXPECT_EQ(h.Column<double>("adv_20")[old], 1e8);
  EXPECT_EQ(s.latest_selected, 2u);
}

TEST_F(RunSelectTest, RanksAndWeightsOfATinyCrossSection) {
  const DateDays d = Day(2022, 3, 1);
  PutFeatures(*store_, {
                           {d, "AAA", {{"adv_20", 4e7}, {"rv_20", 0.01}, {"trend_60d_t", -3.0}}},
                           {d, "BBB", {{"adv_20", 3e7}, {"rv_20", 0.04}, {"trend_60d_t", 1.0}}},
                           {d, "CCC", {{"adv_20", 2e7}, {"rv_20", 0.03}, {"trend_60d_t", 2.0}}},
                           {d, "DDD", {{"adv_20", 1e7}, {"rv_20", 0.02}, {"trend_60d_t", 0.5}}},
                           // Filtered out: they must not move anyone's percentile.
                           {d, "EEE", {{"close", 4.0}, {"adv_20", 9e9}, {"rv_20", 9.0}, {"trend_60d_t", 9.0}}},
                           {d, "FFF", {{"adv_20", 5e5}, {"rv_20", 9.0}, {"trend_60d_t", 9.0}}},
                       });
  SelectParams p = SimpleParams(2);
  p.liquidity.weight = 2;
  Select(*store_, p);
  const Table h = History(*store_);
  // By hand (score_test.cpp has the percentiles): AAA 0.75, BBB 2/3, CCC 0.5, DDD 1/12.
  ASSERT_EQ(SelectedOn(h, d), (std::vector<std::string>{"AAA", "BBB"}));
  EXPECT_EQ(h.Column<int64_t>("rank")[0], 1);
  EXPECT_EQ(h.Column<int64_t>("rank")[1], 2);
  EXPECT_NEAR(h.Column<double>("score")[0], 0.75, 1e-15);
  EXPECT_NEAR(h.Column<double>("score")[1], 2.0 / 3, 1e-15);
  EXPECT_NEAR(h.Column<double>("liquidity_score")[1], 2.0 / 3, 1e-15);
  EXPECT_NEAR(h.Column<double>("volatility_score")[1], 1.0, 1e-15);
  EXPECT_NEAR(h.Column<double>("trend_score")[1], 1.0 / 3, 1e-15);
  EXPECT_EQ(h.Column<int64_t>("rebalance")[0], 1);
  EXPECT_EQ(h.Column<int64_t>("entered")[0], 1);

  // Volatility alone: BBB (rv 0.04) and CCC (0.03) lead.
  SelectParams vol = SimpleParams(2);
  vol.liquidity.weight = vol.trend.weight = 0;
  Select(*store_, vol);
  EXPECT_EQ(SelectedOn(History(*store_), d), (std::vector<std::string>{"BBB", "CCC"}));
}

TEST_F(RunSelectTest, WeeklyRebalanceOnTheFirstTradingDayOfEachIsoWeek) {
  // 2020-12-28 is a Monday; 2021-01-01 (Friday) is in the same ISO week (2020-W53) although in the
  // next year and partition. The week of 2021-01-11 starts on Tuesday the 12th here.
  const std::vector<DateDays> days = {Day(2020, 12, 28), Day(2020, 12, 29), Day(2020, 12, 31), Day(2021, 1, 1),
                                      Day(2021, 1, 4),   Day(2021, 1, 5),   Day(2021, 1, 12),  Day(2021, 1, 13),
                                      Day(2021, 1, 19),  Day(2021, 1, 22)};
  const std::vector<int64_t> expected = {1, 0, 0, 0, 1, 0, 1, 0, 1, 0};
  std::vector<Row> rows;
  for (DateDays d : days) rows.push_back({d, "AAA", {{"rv_20", 1.0}, {"trend_60d_t", 1.0}}});
  PutFeatures(*store_, rows);
  SelectParams p = SimpleParams(1);
  p.rebalance = "weekly";
  const SelectSummary s = Select(*store_, p);
  EXPECT_EQ(s.rebalances, 4u);
  const Table h = History(*store_);
  ASSERT_EQ(h.num_rows(), days.size());
  EXPECT_EQ(h.Column<int64_t>("rebalance"), expected);
  EXPECT_EQ(h.Column<int64_t>("entered"), (std::vector<int64_t>{1, 0, 0, 0, 0, 0, 0, 0, 0, 0}));

  // An appended day is computed alone, from the state stored at the day before.
  rows.push_back({Day(2021, 1, 25), "AAA", {{"rv_20", 1.0}, {"trend_60d_t", 1.0}}});
  PutFeatures(*store_, rows);
  const SelectSummary appended = Select(*store_, p);
  EXPECT_EQ(appended.from, Day(2021, 1, 25));
  EXPECT_EQ(appended.days, 1u);
  std::vector<int64_t> longer = expected;
  longer.push_back(1);
  EXPECT_EQ(History(*store_).Column<int64_t>("rebalance"), longer);

  // A revised 2021-01-01 restarts there, in the middle of an ISO week that began in 2020: the
  // state comes from 2020-12-31, so the day is still no rebalance day.
  rows[3].values["rv_20"] = 2.0;
  PutFeatures(*store_, rows);
  const SelectSummary revised = Select(*store_, p);
  EXPECT_EQ(revised.from, Day(2021, 1, 1));
  EXPECT_EQ(revised.days, 8u);
  EXPECT_EQ(History(*store_).Column<int64_t>("rebalance"), longer);
  EXPECT_EQ(History(*store_).Column<int64_t>("history_days"),
            (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
}

// Liquidity alone ranks by adv_20: the day's ranks are the order of `order` (best first).
std::vector<Row> RankedDay(DateDays d, const std::vector<std::string>& order) {
  std::vector<Row> rows;
  for (size_t i = 0; i < order.size(); ++i) {
    rows.push_back({d, order[i], {{"adv_20", 1e9 - 1e7 * static_cast<double>(i)}}});
  }
  return rows;
}

SelectParams LiquidityOnly(int k, int buffer, const std::string& rebalance) {
  SelectParams p = SimpleParams(k);
  p.buffer = buffer;
  p.rebalance = rebalance;
  p.volatility.weight = p.trend.weight = 0;
  return p;
}

TEST_F(RunSelectTest, HysteresisKeepsAHoldingUpToKPlusBuffer) {
  const DateDays d1 = Day(2022, 3, 1), d2 = Day(2022, 3, 2), d3 = Day(2022, 3, 3);
  std::vector<Row> rows;
  for (auto& r : RankedDay(d1, {"A", "B", "C", "D"})) rows.push_back(r);
  for (auto& r : RankedDay(d2, {"A", "C", "B", "D"})) rows.push_back(r);  // B at 3 = k + buffer: stays
  for (auto& r : RankedDay(d3, {"A", "C", "D", "B"})) rows.push_back(r);  // B at 4: out, C in
  PutFeatures(*store_, rows);
  Select(*store_, LiquidityOnly(2, 1, "daily"));
  const Table h = History(*store_);
  EXPECT_EQ(SelectedOn(h, d1), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(SelectedOn(h, d2), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(h.Column<int64_t>("rank")[RowOf(h, d2, "B")], 3);
  EXPECT_EQ(SelectedOn(h, d3), (std::vector<std::string>{"A", "C"}));
  EXPECT_EQ(h.Column<int64_t>("entered")[RowOf(h, d3, "C")], 1);
  EXPECT_EQ(h.Column<int64_t>("entered")[RowOf(h, d3, "A")], 0);

  // Without the buffer B leaves on d2 already.
  Select(*store_, LiquidityOnly(2, 0, "daily"));
  EXPECT_EQ(SelectedOn(History(*store_), d2), (std::vector<std::string>{"A", "C"}));
}

TEST_F(RunSelectTest, BetweenRebalancesHoldingsStayUnlessIneligible) {
  // Tuesday 2022-03-01 .. Monday 2022-03-07, weekly: rebalances on 03-01 and 03-07.
  const DateDays tue = Day(2022, 3, 1), wed = Day(2022, 3, 2), thu = Day(2022, 3, 3), mon = Day(2022, 3, 7);
  std::vector<Row> rows;
  for (auto& r : RankedDay(tue, {"A", "B", "C", "D"})) rows.push_back(r);
  for (auto& r : RankedDay(wed, {"A", "C", "D", "B"})) rows.push_back(r);  // B at 4: no rebalance, stays
  for (auto& r : RankedDay(thu, {"C", "D", "B", "A"})) rows.push_back(r);
  rows.back().values["close"] = 4.0;  // A fails the price filter: leaves at once, not replaced
  for (auto& r : RankedDay(mon, {"C", "D", "A", "B"})) rows.push_back(r);  // rebalance: C, D in
  PutFeatures(*store_, rows);
  Select(*store_, LiquidityOnly(2, 0, "weekly"));
  const Table h = History(*store_);
  EXPECT_EQ(SelectedOn(h, tue), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(SelectedOn(h, wed), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(h.Column<int64_t>("rank")[RowOf(h, wed, "B")], 4);
  EXPECT_EQ(SelectedOn(h, thu), (std::vector<std::string>{"B"}));
  EXPECT_EQ(SelectedOn(h, mon), (std::vector<std::string>{"C", "D"}));
}

TEST_F(RunSelectTest, OnlyIndexMembersAtTheDate) {
  const DateDays d0 = Day(2022, 2, 28), d1 = Day(2022, 3, 1), d2 = Day(2022, 3, 2), d3 = Day(2022, 3, 3),
                 d4 = Day(2022, 3, 4);
  std::vector<Row> rows;
  for (DateDays d : {d0, d1, d2, d3, d4}) {
    for (auto& r : RankedDay(d, {"C", "A", "B"})) rows.push_back(r);
  }
  PutFeatures(*store_, rows);
  // Membership starts on d1 (d0 is survivor-only); C joins on d2, A leaves on d3 (end exclusive).
  PutMembership(*store_, {{"A", d1, d3}, {"B", d1, kNullDate}, {"C", d2, kNullDate}});
  const SelectSummary s = Select(*store_, LiquidityOnly(2, 0, "daily"));
  const Table h = History(*store_);
  EXPECT_EQ(SelectedOn(h, d0), (std::vector<std::string>{"A", "C"}));  // no membership known yet
  EXPECT_EQ(SelectedOn(h, d1), (std::vector<std::string>{"A", "B"}));  // C is not a member yet
  EXPECT_EQ(SelectedOn(h, d2), (std::vector<std::string>{"A", "C"}));
  EXPECT_EQ(SelectedOn(h, d3), (std::vector<std::string>{"B", "C"}));
  EXPECT_EQ(SelectedOn(h, d4), (std::vector<std::string>{"B", "C"}));
  // Ranks are among the eligible (member) tickers only: on d1 A is first.
  EXPECT_EQ(h.Column<int64_t>("rank")[RowOf(h, d1, "A")], 1);
  EXPECT_EQ(s.days, 5u);
  EXPECT_EQ(s.membership_days, 4u);
  // Members per day: 2, 3, 2, 2, all with data.
  EXPECT_EQ(s.member_data_share, 1.0);

  // A member without features rows counts against the data share: D is a member on d1..d4.
  PutMembership(*store_, {{"A", d1, d3}, {"B", d1, kNullDate}, {"C", d2, kNullDate}, {"D", d1, kNullDate}});
  const SelectSummary with_d = Select(*store_, LiquidityOnly(2, 0, "daily"));
  EXPECT_NEAR(with_d.member_data_share, 9.0 / 13.0, 1e-15);
}

TEST_F(RunSelectTest, ExpansionCandidatesJoinTheMembersFromTheirAddedDay) {
  const DateDays d0 = Day(2022, 2, 28), d1 = Day(2022, 3, 1), d2 = Day(2022, 3, 2), d3 = Day(2022, 3, 3);
  std::vector<Row> rows;
  for (DateDays d : {d0, d1, d2, d3}) {
    for (auto& r : RankedDay(d, {"C", "A", "B"})) rows.push_back(r);
  }
  PutFeatures(*store_, rows);
  PutMembership(*store_, {{"A", d1, d3}, {"B", d1, kNullDate}});  // C is never in the index
  Select(*store_, LiquidityOnly(2, 0, "daily"));
  EXPECT_EQ(SelectedOn(History(*store_), d2), (std::vector<std::string>{"A", "B"}));

  // C listed from d2: eligible from then on, the days before keep their selection.
  const std::string dir = store_->data_dir() + "/universe";
  ASSERT_TRUE(MakeDirs(dir).ok());
  ASSERT_TRUE(AtomicWriteFile(dir + "/expansion_candidates.csv", "# sector ETFs\nticker,added\nC,2022-03-02\n").ok());
  Select(*store_, LiquidityOnly(2, 0, "daily"));
  const Table h = History(*store_);
  EXPECT_EQ(SelectedOn(h, d0), (std::vector<std::string>{"A", "C"}));  // no membership known: all eligible
  EXPECT_EQ(SelectedOn(h, d1), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(SelectedOn(h, d2), (std::vector<std::string>{"A", "C"}));
  EXPECT_EQ(SelectedOn(h, d3), (std::vector<std::string>{"B", "C"}));

  ASSERT_TRUE(AtomicWriteFile(dir + "/expansion_candidates.csv", "ticker,added\nC,2022-13-02\n").ok());
  Result<SelectSummary> bad = RunSelect(*store_, LiquidityOnly(2, 0, "daily"), nullptr);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().ToString().find("expansion_candidates.csv:2"), std::string::npos) << bad.status().ToString();
}

// A deterministic pseudo-random panel: 6 tickers over 2021-06-01 .. 2022-03-31 (weekdays). Price
// and dollar volume wander around per-ticker levels (CC near the $5 filter, DD near the $10M one),
// the other score inputs are fresh noise each day: holdings persist, ranks near k move.
std::vector<Row> Panel(uint64_t seed, DateDays change_after = kNullDate) {
  const std::vector<std::string> tickers = {"AA", "BB", "CC", "DD", "EE", "FF"};
  const std::vector<double> close = {30, 20, 5.2, 40, 12, 8}, adv = {4e7, 3e7, 2.5e7, 1.2e7, 2e7, 3.5e7};
  std::vector<Row> rows;
  uint64_t state = seed;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  uint64_t changed = 0x9E3779B97F4A7C15ULL;
  for (DateDays d = Day(2021, 6, 1); d <= Day(2022, 3, 31); ++d) {
    if (WeekdayFromDays(d) == 0 || WeekdayFromDays(d) == 6) continue;
    for (size_t i = 0; i < tickers.size(); ++i) {
      Row r{d,
            tickers[i],
            {{"close", close[i] * (0.95 + 0.1 * next())},
             {"adv_20", adv[i] * (0.6 + 0.8 * next())},
             {"rt_cost_bps", 10 + 20 * next()},
             {"rv_20", next()},
             {"garman_klass", next()},
             {"trend_60d_t", 8 * next() - 4},
             {"hurst", next()},
             {"vr", 2 * next()}}};
      if (change_after != kNullDate && d > change_after) {
        for (auto& [name, v] : r.values) {
          changed = changed * 6364136223846793005ULL + 1;
          v *= 0.5 + static_cast<double>(changed >> 11) / 9007199254740992.0;
        }
        if (tickers[i] == "CC") continue;  // and a ticker disappears
      }
      rows.push_back(std::move(r));
    }
  }
  return rows;
}

SelectParams PanelParams() {
  SelectParams p;  // the default groups and weights
  p.k = 3;
  p.buffer = 1;
  p.min_adv_usd = 1e7;
  p.min_history_days = 20;
  return p;
}

// Rows of `t` with date <= d.
Table UpTo(const Table& t, DateDays d) {
  const auto& dates = t.Column<int32_t>("date");
  return SliceRows(t, 0, static_cast<size_t>(std::upper_bound(dates.begin(), dates.end(), d) - dates.begin()));
}

void ExpectIdentical(const Table& a, const Table& b) {
  ASSERT_EQ(a.num_rows(), b.num_rows());
  for (size_t i = 0; i < a.num_rows(); ++i) ASSERT_TRUE(RowsEqual(a, i, b, i)) << "row " << i;
}

TEST_F(RunSelectTest, NoLookahead) {
  const DateDays cut = Day(2021, 11, 15);
  PutFeatures(*store_, Panel(1));
  const SelectSummary first = Select(*store_, PanelParams());
  EXPECT_GT(first.rows, 2 * 200u);  // about 2.9 of k = 3 on each of ~200 days after the warm-up
  const Table before = History(*store_);

  // Every row after the cut changes (and CC vanishes): the selection up to the cut must not move.
  PutFeatures(*store_, Panel(1, cut));
  const SelectSummary second = Select(*store_, PanelParams());
  EXPECT_EQ(second.from, cut + 1);  // the first changed day
  const Table after = History(*store_);
  ExpectIdentical(UpTo(before, cut), UpTo(after, cut));
  EXPECT_FALSE(before.Column<std::string>("ticker") == after.Column<std::string>("ticker") &&
               before.Column<double>("score") == after.Column<double>("score"))
      << "the change after the cut should show in the later selection";
}

// The sha256 of topk_history's partition of `year` in `store` ("" when there is none).
std::string HistoryFileOf(const Store& store, int year) {
  for (const auto& [path, e] : store.manifest().entries) {
    if (e.dataset == schema::TopKHistory().name && e.year == year) return e.sha256;
  }
  return std::string();
}

// topk_history, the CSV files and the selection record of two stores are the same.
void ExpectSameSelection(const Store& a, const Store& b) {
  auto read = [](const Store& s, const TableSpec& spec) {
    auto t = s.Read(spec, "");
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return t.ok() ? std::move(t).value() : Table(spec);
  };
  ExpectIdentical(read(a, schema::TopKHistory()), read(b, schema::TopKHistory()));
  ExpectIdentical(read(a, schema::SelectionInputs()), read(b, schema::SelectionInputs()));
  ASSERT_TRUE(ReadFile(TopKCsvPath(a.data_dir(), 3)).ok());
  EXPECT_EQ(*ReadFile(TopKCsvPath(a.data_dir(), 3)), *ReadFile(TopKCsvPath(b.data_dir(), 3)));
  EXPECT_EQ(*ReadFile(TopKMetricsCsvPath(a.data_dir())), *ReadFile(TopKMetricsCsvPath(b.data_dir())));
}

// Weekdays in [from, to].
size_t Weekdays(DateDays from, DateDays to) {
  size_t n = 0;
  for (DateDays d = from; d <= to; ++d) n += WeekdayFromDays(d) != 0 && WeekdayFromDays(d) != 6 ? 1 : 0;
  return n;
}

TEST_F(RunSelectTest, IncrementalEqualsFullRecompute) {
  // Changes from 2022-01-11 on: 2021's topk_history file is kept as it is, only the changed days are
  // computed, and the result equals a run from scratch on the changed data (hysteresis state and
  // history counts carried across the restart day).
  PutFeatures(*store_, Panel(2));
  Select(*store_, PanelParams());
  const std::string kept = HistoryFileOf(*store_, 2021);
  ASSERT_FALSE(kept.empty());
  PutFeatures(*store_, Panel(2, Day(2022, 1, 10)));
  const SelectSummary incremental = Select(*store_, PanelParams());
  EXPECT_EQ(incremental.from, Day(2022, 1, 11));
  EXPECT_EQ(incremental.days, Weekdays(Day(2022, 1, 11), Day(2022, 3, 31)));
  EXPECT_EQ(HistoryFileOf(*store_, 2021), kept);

  test_util::TempDir other;
  auto fresh = Open(other.path());
  PutFeatures(*fresh, Panel(2, Day(2022, 1, 10)));
  const SelectSummary full = Select(*fresh, PanelParams());
  EXPECT_EQ(full.from, Day(2021, 6, 1));
  ExpectSameSelection(*store_, *fresh);
}

TEST_F(RunSelectTest, AppendedDaysAreTheOnlyDaysComputed) {
  // features_raw grows by three days, the way `qtp features` appends: only they are stepped.
  const std::vector<Row> all = Panel(6);
  const DateDays last_before = Day(2022, 3, 28);
  std::vector<Row> rows = all;
  std::erase_if(rows, [&](const Row& r) { return r.date > last_before; });
  PutFeatures(*store_, rows);
  Select(*store_, PanelParams());
  PutFeatures(*store_, all);
  const SelectSummary appended = Select(*store_, PanelParams());
  EXPECT_EQ(appended.from, Day(2022, 3, 29));
  EXPECT_EQ(appended.to, Day(2022, 3, 31));
  EXPECT_EQ(appended.days, 3u);

  test_util::TempDir other;
  auto fresh = Open(other.path());
  PutFeatures(*fresh, all);
  Select(*fresh, PanelParams());
  ExpectSameSelection(*store_, *fresh);
}

TEST_F(RunSelectTest, AVanishedLastYearIsRemovedFromTheHistory) {
  std::vector<Row> rows = Panel(5);
  PutFeatures(*store_, rows);
  Select(*store_, PanelParams());
  std::erase_if(rows, [](const Row& r) { return r.date >= Day(2022, 1, 1); });
  PutFeatures(*store_, rows);
  const SelectSummary s = Select(*store_, PanelParams());
  EXPECT_EQ(s.days, 0u);  // only 2022 changed, and it is gone
  const Table h = History(*store_);
  ASSERT_GT(h.num_rows(), 0u);
  EXPECT_EQ(h.Column<int32_t>("date").back(), Day(2021, 12, 31));
  EXPECT_EQ(s.latest_selected, SelectedOn(h, Day(2021, 12, 31)).size());
  const std::string csv = *ReadFile(s.topk_csv);
  EXPECT_NE(csv.find(",2021-12-31\n"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("2022-"), std::string::npos) << csv;
}

// Every file under `dir` with its modification time and content hash.
std::map<std::string, std::string> Snapshot(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    const auto sha = Sha256File(e.path().string());
    files[e.path().string()] =
        std::to_string(e.last_write_time().time_since_epoch().count()) + " " + (sha.ok() ? *sha : std::string("?"));
  }
  return files;
}

TEST_F(RunSelectTest, ReRunWithNothingNewWritesNothing) {
  PutFeatures(*store_, Panel(3));
  const SelectSummary first = Select(*store_, PanelParams());
  EXPECT_TRUE(first.files_written);
  EXPECT_GT(first.history.files_written, 0u);
  const auto before = Snapshot(dir_.path());
  const SelectSummary again = Select(*store_, PanelParams());
  EXPECT_TRUE(again.up_to_date);
  EXPECT_FALSE(again.files_written);
  EXPECT_EQ(again.days, 0u);
  EXPECT_EQ(Snapshot(dir_.path()), before);

  // A deleted CSV is restored, byte for byte, without touching the store.
  const std::string csv = TopKCsvPath(store_->data_dir(), 3);
  const std::string content = *ReadFile(csv);
  std::filesystem::remove(csv);
  const SelectSummary restored = Select(*store_, PanelParams());
  EXPECT_TRUE(restored.up_to_date);
  EXPECT_TRUE(restored.files_written);
  EXPECT_EQ(*ReadFile(csv), content);
}

TEST_F(RunSelectTest, DeterministicAcrossStores) {
  test_util::TempDir other;
  auto second = Open(other.path());
  PutFeatures(*store_, Panel(4));
  PutFeatures(*second, Panel(4));
  Select(*store_, PanelParams());
  Select(*second, PanelParams());
  auto shas = [](const Store& s) {
    std::vector<std::string> out;
    for (const auto& [path, e] : s.manifest().entries) {
      if (e.dataset == schema::TopKHistory().name) out.push_back(e.sha256);
    }
    return out;
  };
  EXPECT_EQ(shas(*store_).size(), 2u);
  EXPECT_EQ(shas(*store_), shas(*second));
  EXPECT_EQ(*ReadFile(TopKCsvPath(store_->data_dir(), 3)), *ReadFile(TopKCsvPath(second->data_dir(), 3)));
}

TEST_F(RunSelectTest, LatestCsvFiles) {
  const DateDays d1 = Day(2022, 3, 1), d2 = Day(2022, 3, 2);
  std::vector<Row> rows = RankedDay(d1, {"A", "B", "C"});
  for (auto& r : RankedDay(d2, {"C", "A", "B"})) rows.push_back(r);
  rows.back().values["rv_20"] = 0.25;
  PutFeatures(*store_, rows);
  const SelectSummary s = Select(*store_, LiquidityOnly(2, 0, "daily"));
  EXPECT_EQ(s.topk_csv, store_->data_dir() + "/universe/topK_2.csv");
  const std::string topk = *ReadFile(s.topk_csv);
  // d2: C rank 1 (adv 1e9, percentile 1, entered), A rank 2 (adv 9.9e8, percentile 0.5).
  EXPECT_EQ(topk,
            "ticker,rank,score,liquidity_score,volatility_score,trend_score,close,adv_20,history_days,entered,date\n"
            "C,1,1,1,,,50,1000000000,2,1,2022-03-02\n"
            "A,2,0.5,0.5,,,50,990000000,2,0,2022-03-02\n");
  const std::string metrics = *ReadFile(s.metrics_csv);
  EXPECT_EQ(metrics.substr(0, metrics.find('\n')).find("ticker,rank,date,close,dollar_volume,adv_20,"), 0u);
  EXPECT_NE(metrics.find("\nC,1,2022-03-02,50,,1000000000,"), std::string::npos) << metrics;

  // A changed k: the new file replaces the old one.
  Select(*store_, LiquidityOnly(1, 0, "daily"));
  EXPECT_TRUE(std::filesystem::exists(store_->data_dir() + "/universe/topK_1.csv"));
  EXPECT_FALSE(std::filesystem::exists(s.topk_csv));
}

TEST_F(RunSelectTest, ErrorsWithoutFeaturesOrWithBadParams) {
  auto empty = RunSelect(*store_, SimpleParams(2), nullptr);
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("qtp features"), std::string::npos);
  PutFeatures(*store_, RankedDay(Day(2022, 3, 1), {"A"}));
  SelectParams bad = SimpleParams(2);
  bad.trend.columns = {"no_such_feature"};
  EXPECT_FALSE(RunSelect(*store_, bad, nullptr).ok());
}

}  // namespace
}  // namespace qtp::universe
