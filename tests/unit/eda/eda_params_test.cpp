// The eda config section: defaults, typed lists, and the errors a bad file gets.
#include "qtp/eda/eda_params.h"

#include <gtest/gtest.h>

#include "qtp/config/config_io.h"

namespace qtp::eda {
namespace {

Status Load(const std::string& yaml, EdaParams& p) {
  return config::LoadYamlString(yaml, "test.yaml", [&p](config::Section& root) { DescribeParams(root, p); });
}

TEST(EdaParams, DefaultsAreValidAndTyped) {
  const EdaParams p;
  EXPECT_TRUE(p.Validate().ok()) << p.Validate().ToString();
  EXPECT_EQ(p.Horizons(), (std::vector<int>{1, 3, 5, 10}));
  EXPECT_EQ(p.StabilityWindows(), (std::vector<int>{3, 5, 10}));
  const std::vector<Regime> r = p.Regimes();
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].name, "gfc_2008");
  EXPECT_EQ(r[0].first, DaysFromCivil(2008, 9, 1));
  EXPECT_EQ(r[1].last, DaysFromCivil(2020, 6, 30));
  EXPECT_EQ(RegimeOf(r, DaysFromCivil(2022, 12, 31)), "bear_2022");
  EXPECT_EQ(RegimeOf(r, DaysFromCivil(2023, 1, 2)), "calm");
}

TEST(EdaParams, LoadsUnquotedIntegerLists) {
  EdaParams p;
  ASSERT_TRUE(Load("horizons: [2, 1]\nstability_windows: [4]\nstability_window: 4\n", p).ok());
  EXPECT_EQ(p.Horizons(), (std::vector<int>{1, 2}));
  EXPECT_EQ(p.StabilityWindows(), (std::vector<int>{4}));
}

TEST(EdaParams, RejectsBadListsWithTheKeyNamed) {
  EdaParams p;
  p.horizons = {"1", "x"};
  EXPECT_NE(p.Validate().message().find("eda.horizons: 'x'"), std::string::npos) << p.Validate().ToString();
  p = EdaParams{};
  p.horizons = {"5", "5"};
  EXPECT_FALSE(p.Validate().ok());
  p = EdaParams{};
  p.stability_window = 7;
  EXPECT_NE(p.Validate().message().find("stability_window"), std::string::npos);
  p = EdaParams{};
  p.stress_regimes = {"a:2020-01-01:2020-03-31", "b:2020-03-01:2020-04-30"};
  EXPECT_NE(p.Validate().message().find("b overlaps a"), std::string::npos) << p.Validate().ToString();
  p.stress_regimes = {"calm:2020-01-01:2020-03-31"};
  EXPECT_FALSE(p.Validate().ok()) << "calm is the name of every other day";
  p.stress_regimes = {"x:2020-01-01"};
  EXPECT_FALSE(p.Validate().ok());
  p = EdaParams{};
  p.list_threshold = 0.95;
  EXPECT_FALSE(p.Validate().ok()) << "list threshold above the prune threshold";
}

TEST(EdaParams, ABadFileFailsToLoadAndChangesNothing) {
  EdaParams p;
  const Status s = Load("horizons: [1, 0]\n", p);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(p.horizons, EdaParams{}.horizons);
  EXPECT_FALSE(Load("entry: open\n", p).ok());
}

}  // namespace
}  // namespace qtp::eda
