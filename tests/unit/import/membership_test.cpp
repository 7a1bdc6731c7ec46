#include "qtp/data/import/membership.h"

#include <gtest/gtest.h>

namespace qtp {
namespace {

DateDays D(int y, unsigned m, unsigned d) { return DaysFromCivil(y, m, d); }

const char* kChanges =
    "date,added_tickers,removed_tickers\n"
    "2019-01-10,['C'],['X']\n"
    "2019-06-01,['D'],['C']\n"
    "2020-03-02,\"['E.K', 'B']\",['E-K']\n"
    "2020-06-15,,['B']\n"
    "2020-09-01,['B'],\n";

ConstituentsList Current(std::vector<std::string> tickers, DateDays as_of) {
  ConstituentsList list;
  list.path = "current.csv";
  list.as_of = as_of;
  for (auto& t : tickers) list.members.push_back({t, t + " Inc", "Industrials"});
  return list;
}

TEST(Membership, ParseChangesListLiterals) {
  auto events = ParseMembershipChanges(kChanges, "c.csv");
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  ASSERT_EQ(events->size(), 5u);
  EXPECT_EQ((*events)[2].added, (std::vector<std::string>{"E.K", "B"}));
  EXPECT_EQ((*events)[2].removed, (std::vector<std::string>{"E.K"}));
  EXPECT_TRUE((*events)[3].added.empty());
  EXPECT_EQ((*events)[3].line, 5u);
}

TEST(Membership, HandComputedIntervals) {
  auto events = ParseMembershipChanges(kChanges, "c.csv");
  ASSERT_TRUE(events.ok());
  auto h = ReconstructMembership(Current({"A", "B", "D", "E.K"}, D(2020, 12, 31)), *events);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_TRUE(h->warnings.empty());
  EXPECT_EQ(h->renames_collapsed, 1u);
  EXPECT_EQ(h->record_start, D(2019, 1, 10));
  const DateDays censored = D(2019, 1, 9);
  const std::vector<MembershipInterval> expected = {
      {"A", censored, kNullDate, true},
      {"B", D(2020, 3, 2), D(2020, 6, 15), false},
      {"B", D(2020, 9, 1), kNullDate, false},
      {"C", D(2019, 1, 10), D(2019, 6, 1), false},
      {"D", D(2019, 6, 1), kNullDate, false},
      {"E.K", censored, kNullDate, true},
      {"X", censored, D(2019, 1, 10), true},
  };
  ASSERT_EQ(h->intervals.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(h->intervals[i].ticker, expected[i].ticker) << i;
    EXPECT_EQ(h->intervals[i].start_date, expected[i].start_date) << i;
    EXPECT_EQ(h->intervals[i].end_date, expected[i].end_date) << i;
    EXPECT_EQ(h->intervals[i].start_censored, expected[i].start_censored) << i;
  }
  using V = std::vector<std::string>;
  EXPECT_EQ(MembersOn(*h, D(2019, 1, 9)), (V{"A", "E.K", "X"}));
  EXPECT_EQ(MembersOn(*h, D(2019, 1, 10)), (V{"A", "C", "E.K"}));
  EXPECT_EQ(MembersOn(*h, D(2020, 7, 1)), (V{"A", "D", "E.K"}));
  EXPECT_EQ(MembersOn(*h, D(2020, 12, 31)), (V{"A", "B", "D", "E.K"}));
}

TEST(Membership, ContradictionsAreWarnedNotHidden) {
  auto events = ParseMembershipChanges("date,added_tickers,removed_tickers\n2020-01-02,['Z'],\n", "c.csv");
  ASSERT_TRUE(events.ok());
  auto h = ReconstructMembership(Current({"A"}, D(2020, 12, 31)), *events);
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->warnings.size(), 1u);
  EXPECT_NE(h->warnings[0].find("line 2: Z added on 2020-01-02"), std::string::npos) << h->warnings[0];
}

TEST(Membership, AnchorOlderThanEventsIsAnError) {
  auto events = ParseMembershipChanges(kChanges, "c.csv");
  ASSERT_TRUE(events.ok());
  auto h = ReconstructMembership(Current({"A"}, D(2020, 8, 1)), *events);
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.status().message().find("2020-09-01"), std::string::npos) << h.status().message();
}

TEST(Membership, MalformedChangesNameLineAndColumn) {
  auto bad_list = ParseMembershipChanges("date,added_tickers,removed_tickers\n2020-01-02,['A',\n", "c.csv");
  ASSERT_FALSE(bad_list.ok());
  EXPECT_NE(bad_list.status().message().find("c.csv:2:2"), std::string::npos) << bad_list.status().message();
  auto bad_date = ParseMembershipChanges("date,added_tickers,removed_tickers\n2020-13-02,['A'],\n", "c.csv");
  ASSERT_FALSE(bad_date.ok());
  EXPECT_NE(bad_date.status().message().find("c.csv:2:1"), std::string::npos);
}

TEST(Membership, ConstituentsLayoutsAndSnapshotDate) {
  auto a = ParseConstituents(
      "symbol,security,gics sector,date\nMMM,3M,Industrials,2026-08-22\nBRK-B,\"Berkshire Hathaway, Inc\",Financials,"
      "2026-08-22\n",
      "x/constituents_chinobing_2026-08-22.csv");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->as_of, D(2026, 8, 22));
  ASSERT_EQ(a->members.size(), 2u);
  EXPECT_EQ(a->members[1].ticker, "BRK.B");
  EXPECT_EQ(a->members[1].name, "Berkshire Hathaway, Inc");
  auto b = ParseConstituents("Symbol,Name,Sector\nFB,Facebook,Communication Services\nMMM,3M Co,Industrials\n",
                             "constituents_pooksoft_2021-04.csv");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->as_of, D(2021, 4, 1));
  auto dup = ParseConstituents("Symbol,Name,Sector\nFB,a,b\nFB,a,b\n", "d.csv");
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("d.csv:3:1"), std::string::npos);

  const std::vector<Constituent> merged = MergeConstituents({*b, *a});
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0].ticker, "BRK.B");
  EXPECT_EQ(merged[1].ticker, "FB");
  EXPECT_EQ(merged[2].ticker, "MMM");
  EXPECT_EQ(merged[2].name, "3M");  // the 2026 list wins
  EXPECT_EQ(UniverseCsv(merged),
            "ticker,name,sector,shares_outstanding\n"
            "BRK.B,\"Berkshire Hathaway, Inc\",Financials,\n"
            "FB,Facebook,Communication Services,\n"
            "MMM,3M,Industrials,\n");
}

}  // namespace
}  // namespace qtp
