#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "qtp/config/config_io.h"
#include "qtp/config/section.h"

namespace qtp::config {
namespace {

struct SpikeParams {
  double threshold_mad = 8.0;
  int window = 5;
};

struct ToyParams {
  double rate = 0.25;
  int count = 3;
  int64_t big = 10'000'000'000;
  bool flag = true;
  std::string mode = "fast";
  std::string label = "a b: c #d";
  std::vector<std::string> names = {"x", "y"};
  SpikeParams spike;
  double lo = 1.0;
  double hi = 2.0;
};

void DescribeParams(Section& s, SpikeParams& p) {
  s.Param("threshold_mad", p.threshold_mad, "Spike threshold in MADs", 1.0, 50.0);
  s.Param("window", p.window, "Bars in the window", 1, 100);
}

void DescribeParams(Section& s, ToyParams& p) {
  s.Param("rate", p.rate, "A rate", 0.0, 1.0);
  s.Param("count", p.count, "A count", 1, 10);
  s.Param("big", p.big, "A big number", 0, INT64_MAX);
  s.Param("flag", p.flag, "A flag");
  s.Param("mode", p.mode, "A mode", {"fast", "slow"});
  s.Param("label", p.label, "Free text");
  s.Param("names", p.names, "Some names");
  DescribeParams(s.Child("spike", "Spike rule"), p.spike);
  Section& bounds = s.Child("bounds", "Two bounds");
  bounds.Param("lo", p.lo, "Lower", 0.0, 100.0);
  bounds.Param("hi", p.hi, "Upper", 0.0, 100.0);
  bounds.Rule("lo <= hi", [&p] { return p.lo <= p.hi; });
}

bool operator==(const ToyParams& a, const ToyParams& b) {
  return a.rate == b.rate && a.count == b.count && a.big == b.big && a.flag == b.flag && a.mode == b.mode &&
         a.label == b.label && a.names == b.names && a.spike.threshold_mad == b.spike.threshold_mad &&
         a.spike.window == b.spike.window && a.lo == b.lo && a.hi == b.hi;
}

Status Load(const std::string& yaml, ToyParams& p) {
  return LoadYamlString(yaml, "cfg/toy.yaml", [&p](Section& root) { DescribeParams(root, p); });
}

TEST(ConfigLoad, PartialFileOverridesOnlyGivenKeys) {
  ToyParams p;
  ASSERT_TRUE(Load("rate: 0.5\nspike:\n  window: 7\n", p).ok());
  ToyParams expected;
  expected.rate = 0.5;
  expected.spike.window = 7;
  EXPECT_TRUE(p == expected);
}

TEST(ConfigLoad, EmptyFileKeepsDefaults) {
  ToyParams p;
  ASSERT_TRUE(Load("", p).ok());
  ASSERT_TRUE(Load("# only a comment\n", p).ok());
  EXPECT_TRUE(p == ToyParams());
}

TEST(ConfigLoad, AllTypesParse) {
  ToyParams p;
  const Status s = Load(
      "rate: 1\ncount: +4\nbig: 9223372036854775807\nflag: false\nmode: slow\nlabel: '7'\nnames: [alpaca, \"b c\"]\n"
      "bounds:\n  lo: 1e1\n  hi: 50.5\n",
      p);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(p.rate, 1.0);
  EXPECT_EQ(p.count, 4);
  EXPECT_EQ(p.big, INT64_MAX);
  EXPECT_FALSE(p.flag);
  EXPECT_EQ(p.mode, "slow");
  EXPECT_EQ(p.label, "7");
  EXPECT_EQ(p.names, (std::vector<std::string>{"alpaca", "b c"}));
  EXPECT_EQ(p.lo, 10.0);
  EXPECT_EQ(p.hi, 50.5);
}

TEST(ConfigLoad, UnknownKeyNamesFileKeyAndLine) {
  ToyParams p;
  const Status s = Load("rate: 0.5\nspike:\n  window: 7\n  treshold_mad: 3\n", p);
  ASSERT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("cfg/toy.yaml:4:"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("spike.treshold_mad"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("unknown key"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("did you mean 'threshold_mad'"), std::string::npos) << s.message();
}

TEST(ConfigLoad, UnknownTopLevelSectionIsAnError) {
  ToyParams p;
  const Status s = Load("\n\nnot_a_section:\n  x: 1\n", p);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("cfg/toy.yaml:3: not_a_section: unknown key"), std::string::npos) << s.message();
}

TEST(ConfigLoad, WrongTypeIsAnError) {
  ToyParams p;
  Status s = Load("spike:\n  threshold_mad: high\n", p);
  ASSERT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("cfg/toy.yaml:2: spike.threshold_mad: expected a float"), std::string::npos)
      << s.message();

  s = Load("count: 2.5\n", p);
  EXPECT_NE(s.message().find("cfg/toy.yaml:1: count: expected an integer"), std::string::npos) << s.message();
  s = Load("rate: \"0.5\"\n", p);  // quoted: a string, not a number
  EXPECT_NE(s.message().find("rate: expected a float"), std::string::npos) << s.message();
  s = Load("flag: yes please\n", p);
  EXPECT_NE(s.message().find("flag: expected a bool"), std::string::npos) << s.message();
  s = Load("names: alpaca\n", p);
  EXPECT_NE(s.message().find("names: expected a list of strings"), std::string::npos) << s.message();
  s = Load("spike: 3\n", p);
  EXPECT_NE(s.message().find("spike: expected a mapping"), std::string::npos) << s.message();
  s = Load("rate:\n  nested: 1\n", p);
  EXPECT_NE(s.message().find("rate: expected a float, got a mapping"), std::string::npos) << s.message();
  s = Load("count: 99999999999\n", p);  // overflows int
  EXPECT_NE(s.message().find("count: expected an integer"), std::string::npos) << s.message();
  EXPECT_TRUE(p == ToyParams());
}

TEST(ConfigLoad, OutOfRangeIsAnError) {
  ToyParams p;
  Status s = Load("spike:\n  threshold_mad: 0.5\n", p);
  ASSERT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("cfg/toy.yaml:2: spike.threshold_mad: 0.5 is outside [1.0..50.0]"), std::string::npos)
      << s.message();
  s = Load("count: 11\n", p);
  EXPECT_NE(s.message().find("count: 11 is outside [1..10]"), std::string::npos) << s.message();
  s = Load("rate: .nan\n", p);
  EXPECT_NE(s.message().find("rate: .nan is outside"), std::string::npos) << s.message();
  s = Load("big: -1\n", p);
  EXPECT_NE(s.message().find("big: -1 is outside"), std::string::npos) << s.message();
}

TEST(ConfigLoad, BadChoiceIsAnError) {
  ToyParams p;
  const Status s = Load("flag: true\nmode: turbo\n", p);
  ASSERT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("cfg/toy.yaml:2: mode: turbo is not one of: fast, slow"), std::string::npos)
      << s.message();
}

TEST(ConfigLoad, ListElementChoicesAreChecked) {
  std::vector<std::string> v = {"a"};
  auto describe = [&v](Section& root) { root.Param("v", v, "letters", {"a", "b"}); };
  EXPECT_TRUE(LoadYamlString("v: [b, a]\n", "f", describe).ok());
  EXPECT_EQ(v, (std::vector<std::string>{"b", "a"}));
  const Status s = LoadYamlString("v:\n  - a\n  - z\n", "f", describe);
  EXPECT_NE(s.message().find("f:1: v: list element z is not one of: a, b"), std::string::npos) << s.message();
}

TEST(ConfigLoad, EveryErrorIsReportedAndNothingChanges) {
  ToyParams p;
  const Status s = Load("rate: 0.9\ncount: 0\nmode: x\nbogus: 1\n", p);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(":2: count"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(":3: mode"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(":4: bogus"), std::string::npos) << s.message();
  EXPECT_TRUE(p == ToyParams()) << "rate must not be applied when another key failed";
}

TEST(ConfigLoad, DuplicateKeyIsAnError) {
  ToyParams p;
  const Status s = Load("rate: 0.1\nrate: 0.2\n", p);
  EXPECT_NE(s.message().find("cfg/toy.yaml:2: rate: duplicate key"), std::string::npos) << s.message();
}

TEST(ConfigLoad, FailedRuleRestoresValues) {
  ToyParams p;
  const Status s = Load("rate: 0.9\nbounds:\n  lo: 50\n  hi: 10\n", p);
  ASSERT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("cfg/toy.yaml: bounds: rule 'lo <= hi' does not hold"), std::string::npos)
      << s.message();
  EXPECT_TRUE(p == ToyParams());
}

TEST(ConfigLoad, SyntaxErrorNamesLineAndColumn) {
  ToyParams p;
  const Status s = Load("rate: 0.5\nnames: [a, b\n", p);
  ASSERT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("cfg/toy.yaml:"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("YAML syntax error"), std::string::npos) << s.message();
}

TEST(ConfigLoad, TopLevelMustBeAMapping) {
  ToyParams p;
  const Status s = Load("- a\n- b\n", p);
  EXPECT_NE(s.message().find("expected a mapping of keys, got a list"), std::string::npos) << s.message();
}

TEST(ConfigLoad, NullSectionMeansNoOverrides) {
  ToyParams p;
  ASSERT_TRUE(Load("spike:\nrate: 0.5\n", p).ok());
  EXPECT_EQ(p.rate, 0.5);
  EXPECT_EQ(p.spike.threshold_mad, 8.0);
}

TEST(ConfigLoad, MissingFileIsNotFound) {
  ToyParams p;
  const Status s = LoadYamlFile("/nonexistent/qtp/x.yaml", [&p](Section& root) { DescribeParams(root, p); });
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find("/nonexistent/qtp/x.yaml"), std::string::npos);
}

TEST(ConfigWrite, ExactCommentedOutput) {
  double threshold = 8.0;
  int window = 5;
  std::string mode = "fast";
  auto describe = [&](Section& root) {
    Section& s = root.Child("spike", "Spike rule");
    s.Param("threshold_mad", threshold, "Threshold in MADs", 1.0, 50.0);
    s.Param("window", window, "Bars", 1, 100);
    s.Param("mode", mode, "Mode", {"fast", "slow"});
  };
  Result<std::string> yaml = WriteYaml(describe, "Header line");
  ASSERT_TRUE(yaml.ok()) << yaml.status().ToString();
  EXPECT_EQ(*yaml,
            "# Header line\n"
            "\n"
            "# Spike rule\n"
            "spike:\n"
            "  threshold_mad: 8.0  # Threshold in MADs [1.0..50.0]\n"
            "  window: 5           # Bars [1..100]\n"
            "  mode: fast          # Mode (one of: fast, slow)\n");
}

TEST(ConfigWrite, RoundTripReproducesEveryValue) {
  ToyParams original;
  original.rate = 0.1;  // not exactly representable: needs shortest round-trip formatting
  original.spike.threshold_mad = 10.0 / 3.0;
  original.label = "quote \" back\\slash\nnewline\ttab";
  original.names = {"", "true", "123", "a: b", "~"};
  original.mode = "slow";
  original.big = INT64_MAX;
  Result<std::string> yaml = WriteYaml([&](Section& root) { DescribeParams(root, original); }, "t");
  ASSERT_TRUE(yaml.ok()) << yaml.status().ToString();

  ToyParams loaded;
  const Status s = Load(*yaml, loaded);
  ASSERT_TRUE(s.ok()) << s.ToString() << "\n" << *yaml;
  EXPECT_TRUE(loaded == original) << *yaml;
}

TEST(ConfigWrite, DefaultsRoundTripAndAreDeterministic) {
  ToyParams defaults;
  auto describe = [&defaults](Section& root) { DescribeParams(root, defaults); };
  Result<std::string> first = WriteYaml(describe, "");
  Result<std::string> second = WriteYaml(describe, "");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, *second);
  ToyParams loaded;
  loaded.rate = 0.75;  // so the test sees the file being applied
  loaded.spike.window = 99;
  ASSERT_TRUE(Load(*first, loaded).ok());
  EXPECT_TRUE(loaded == ToyParams());
}

TEST(ConfigWrite, InvalidDefaultIsInternalError) {
  double x = 5.0;
  Result<std::string> yaml = WriteYaml([&x](Section& root) { root.Param("x", x, "doc", 0.0, 1.0); }, "");
  ASSERT_FALSE(yaml.ok());
  EXPECT_EQ(yaml.status().code(), StatusCode::kInternal);
  EXPECT_NE(yaml.status().message().find("x: 5.0 is outside [0.0..1.0]"), std::string::npos);
}

TEST(ConfigDeclare, MistakesAreInternalErrors) {
  double x = 0.5;
  double y = 0.5;
  auto check = [](const Describer& d, const std::string& what) {
    Result<std::string> yaml = WriteYaml(d, "");
    ASSERT_FALSE(yaml.ok()) << what;
    EXPECT_EQ(yaml.status().code(), StatusCode::kInternal) << what;
    EXPECT_NE(yaml.status().message().find(what), std::string::npos) << yaml.status().message();
  };
  check([&](Section& r) { r.Param("BadKey", x, "d", 0.0, 1.0); }, "snake_case");
  check(
      [&](Section& r) {
        r.Child("s", "").Param("x", x, "d", 0.0, 1.0);
        r.Child("s", "").Param("x", y, "d", 0.0, 1.0);
      },
      "'s.x' is declared twice");
  check([&](Section& r) { r.Param("x", x, "d", 1.0, 0.0); }, "min is greater than max");
  check(
      [&](Section& r) {
        r.Param("x", x, "d", 0.0, 1.0);
        r.Child("x", "");
      },
      "both as a parameter and as a section");
}

TEST(ConfigWrite, ChildDeclaredTwiceIsOneSection) {
  double a = 1.0;
  double b = 2.0;
  auto describe = [&](Section& root) {
    root.Child("s", "shared").Param("a", a, "A", 0.0, 10.0);
    root.Child("s", "shared").Param("b", b, "B", 0.0, 10.0);
  };
  Result<std::string> yaml = WriteYaml(describe, "");
  ASSERT_TRUE(yaml.ok());
  EXPECT_EQ(*yaml, "# shared\ns:\n  a: 1.0  # A [0.0..10.0]\n  b: 2.0  # B [0.0..10.0]\n");
}

TEST(ConfigWrite, NestedAndEmptySections) {
  int a = 1;
  auto describe = [&](Section& root) {
    Section& outer = root.Child("outer", "");
    outer.Child("inner", "Inner doc").Param("a", a, "A", 0, 9);
    root.Child("empty", "Nothing here yet");
  };
  Result<std::string> yaml = WriteYaml(describe, "");
  ASSERT_TRUE(yaml.ok());
  EXPECT_EQ(*yaml, "outer:\n  # Inner doc\n  inner:\n    a: 1  # A [0..9]\n\n# Nothing here yet\nempty: {}\n");
  a = 5;
  ASSERT_TRUE(LoadYamlString(*yaml, "n.yaml", describe).ok());
  EXPECT_EQ(a, 1);
  const Status s = LoadYamlString("outer:\n  inner:\n    a: 10\n", "n.yaml", describe);
  EXPECT_NE(s.message().find("n.yaml:3: outer.inner.a: 10 is outside [0..9]"), std::string::npos) << s.message();
}

TEST(ConfigMarkdown, ContainsEveryKeyInATable) {
  ToyParams p;
  Result<std::string> md = WriteMarkdown([&p](Section& root) { DescribeParams(root, p); }, "Toy");
  ASSERT_TRUE(md.ok());
  for (const char* key : {"rate", "count", "big", "flag", "mode", "label", "names", "threshold_mad", "window", "lo",
                          "hi"}) {
    EXPECT_NE(md->find(std::string("| `") + key + "` |"), std::string::npos) << key << "\n" << *md;
  }
  EXPECT_EQ(md->rfind("# Toy\n", 0), 0u);
  EXPECT_NE(md->find("## `spike`\n\nSpike rule\n"), std::string::npos);
  EXPECT_NE(md->find("| `threshold_mad` | float | `8.0` | [1.0..50.0] | Spike threshold in MADs |"), std::string::npos)
      << *md;
  EXPECT_NE(md->find("| `mode` | string | `fast` | one of: fast, slow | A mode |"), std::string::npos) << *md;
  EXPECT_NE(md->find("- lo <= hi"), std::string::npos);
}

TEST(ConfigValidate, ReportsOutOfRangeCurrentValues) {
  ToyParams p;
  EXPECT_TRUE(ValidateValues([&p](Section& root) { DescribeParams(root, p); }).ok());
  p.spike.window = 0;
  const Status s = ValidateValues([&p](Section& root) { DescribeParams(root, p); });
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("spike.window: 0 is outside [1..100]"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace qtp::config
