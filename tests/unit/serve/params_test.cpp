#include "qtp/serve/params.h"

#include <gtest/gtest.h>

namespace qtp::serve {
namespace {

const std::vector<ParamSpec>& Specs() {
  static const std::vector<ParamSpec> specs = {DateParam("date", ""),
                                               IdParam("model", ParamIn::kQuery, ""),
                                               EnumParam("tf", {"1d", "5m"}, "1d", ""),
                                               ListParam("columns", {"a", "b", "c"}, ""),
                                               PrefixParam("q", ""),
                                               LimitParam(100, 1000),
                                               OffsetParam(),
                                               TickerPathParam()};
  return specs;
}

Result<Params> Parse(const std::multimap<std::string, std::string>& query,
                     const std::map<std::string, std::string>& path = {{"ticker", "AAA"}}) {
  return ParseParams(Specs(), query, path);
}

TEST(ServeParams, DefaultsAndValues) {
  auto p = Parse({});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->Int("limit"), 100);
  EXPECT_EQ(p->Int("offset"), 0);
  EXPECT_EQ(p->Text("tf"), "1d");
  EXPECT_FALSE(p->Date("date").has_value());
  EXPECT_FALSE(p->Has("model"));
  EXPECT_EQ(p->Text("ticker"), "AAA");

  auto q = Parse({{"date", "2024-02-29"},
                  {"limit", "0"},
                  {"offset", "7"},
                  {"tf", "5m"},
                  {"columns", "c,a"},
                  {"model", "xgb-h1-0123abc"},
                  {"q", ""}});
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->Date("date"), DaysFromCivil(2024, 2, 29));
  EXPECT_EQ(q->Int("limit"), 0);
  EXPECT_EQ(q->Int("offset"), 7);
  EXPECT_EQ(q->Text("tf"), "5m");
  EXPECT_EQ(q->List("columns"), (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(q->Text("model"), "xgb-h1-0123abc");
  EXPECT_EQ(Parse({{"limit", "1000"}})->Int("limit"), 1000);
}

TEST(ServeParams, EveryBadValueIsInvalidArgumentNamingTheParameter) {
  const std::vector<std::pair<std::string, std::string>> bad = {{"date", "2024-02-30"},
                                                                {"date", "2023-02-29"},
                                                                {"date", "2024-1-05"},
                                                                {"date", "2024-01-05 "},
                                                                {"date", "2024-01-05'"},
                                                                {"date", "0"},
                                                                {"limit", "-1"},
                                                                {"limit", "1001"},
                                                                {"limit", "99999999999999999999"},
                                                                {"limit", "1.5"},
                                                                {"limit", "+3"},
                                                                {"limit", "0x10"},
                                                                {"limit", " 5"},
                                                                {"limit", ""},
                                                                {"offset", "-1"},
                                                                {"offset", "100000001"},
                                                                {"tf", "1h"},
                                                                {"tf", "1D"},
                                                                {"columns", "a,"},
                                                                {"columns", "a,a"},
                                                                {"columns", "a;b"},
                                                                {"columns", ""},
                                                                {"model", "x;DROP TABLE t"},
                                                                {"model", "a b"},
                                                                {"model", ".."},
                                                                {"model", ".hidden"},
                                                                {"model", std::string(129, 'm')},
                                                                {"model", "m\xc3\xa9"},
                                                                {"model", std::string("a\0b", 3)},
                                                                {"q", "A'"},
                                                                {"q", std::string(16, 'A')}};
  for (const auto& [name, value] : bad) {
    auto p = Parse({{name, value}});
    ASSERT_FALSE(p.ok()) << name << "=" << value;
    EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument) << name << "=" << value;
    EXPECT_NE(p.status().message().find("'" + name + "'"), std::string::npos) << p.status().message();
  }
}

TEST(ServeParams, UnknownRepeatedAndOversizedParametersAreRefused) {
  auto unknown = Parse({{"sort", "score"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unknown parameter 'sort'"), std::string::npos);
  EXPECT_NE(unknown.status().message().find("limit"), std::string::npos) << "lists what the endpoint takes";
  EXPECT_FALSE(Parse({{"ticker", "AAA"}}).ok()) << "a path parameter is not a query parameter";
  EXPECT_FALSE(Parse({{"limit", "1"}, {"limit", "1"}}).ok());
  auto huge = Parse({{"model", std::string(100000, 'a')}});
  ASSERT_FALSE(huge.ok());
  EXPECT_LT(huge.status().message().size(), 200u) << "the value is not echoed whole";
  EXPECT_FALSE(Parse({}, {{"ticker", "A'B"}}).ok());
  EXPECT_FALSE(Parse({}, {{"ticker", "../x"}}).ok());
}

TEST(ServeParams, PrintableKeepsMessagesShortAndAscii) {
  EXPECT_EQ(Printable("abc"), "abc");
  EXPECT_EQ(Printable("a\nb\xc3\xa9"), "a?b??");
  EXPECT_EQ(Printable(std::string(50, 'x'), 10), "xxxxxxxxxx...");
}

}  // namespace
}  // namespace qtp::serve
