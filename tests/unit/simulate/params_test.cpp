#include "qtp/data/simulate/params.h"

#include <gtest/gtest.h>

#include "qtp/config/config_io.h"

namespace qtp::sim {
namespace {

config::Describer Describe(SimulatorParams& p) {
  return [&p](config::Section& root) { DescribeParams(root.Child("simulate", "simulated market"), p); };
}

TEST(SimulatorParams, DefaultsAreValidAndRoundTripThroughYaml) {
  SimulatorParams defaults;
  EXPECT_TRUE(defaults.Validate().ok());
  auto yaml = config::WriteYaml(Describe(defaults), "test");
  ASSERT_TRUE(yaml.ok()) << yaml.status().ToString();
  EXPECT_NE(yaml->find("signal_ic: 0.03"), std::string::npos) << *yaml;
  EXPECT_NE(yaml->find("missing_bar: 0.0002"), std::string::npos) << *yaml;

  SimulatorParams loaded;
  loaded.signal_ic = 0.5;
  loaded.faults.spike = 0.01;
  ASSERT_TRUE(config::LoadYamlString(*yaml, "default.yaml", Describe(loaded)).ok());
  EXPECT_EQ(loaded.signal_ic, 0.03);
  EXPECT_EQ(loaded.faults.spike, defaults.faults.spike);
  EXPECT_EQ(loaded.dividends_per_year, 4);

  ASSERT_TRUE(
      config::LoadYamlString("simulate:\n  regime_shift:\n    signal_half_life: 0\n", "x.yaml", Describe(loaded)).ok());
  EXPECT_EQ(loaded.regime_shift.signal_half_life, 0.0);
  EXPECT_EQ(loaded.regime_shift.factor_vol_multiplier, 1.8);
}

TEST(SimulatorParams, RejectsOutOfRangeAndInconsistentValues) {
  SimulatorParams p;
  const Status range = config::LoadYamlString("simulate:\n  returns:\n    tail_dof: 2.0\n", "x.yaml", Describe(p));
  EXPECT_FALSE(range.ok());
  EXPECT_NE(range.message().find("tail_dof"), std::string::npos) << range.ToString();

  const Status rule = config::LoadYamlString("simulate:\n  returns:\n    garch_alpha: 0.3\n    garch_beta: 0.8\n",
                                             "x.yaml", Describe(p));
  EXPECT_FALSE(rule.ok());
  EXPECT_NE(rule.message().find("garch_alpha + garch_beta"), std::string::npos) << rule.ToString();

  p.dollar_volume_min = 1e9;
  p.dollar_volume_max = 1e8;
  EXPECT_FALSE(p.Validate().ok());
  p = SimulatorParams{};
  p.faults.missing_bar = 0.1;
  p.faults.duplicate = 0.1;
  p.faults.out_of_order = 0.1;
  p.faults.bad_print = 0.1;
  p.faults.spike = 0.1;
  EXPECT_TRUE(p.Validate().ok());
  p.faults.spike = 0.11;  // above the key's range [0, 0.1], and the rates now sum to 0.51
  const Status bad = p.Validate();
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("spike"), std::string::npos) << bad.ToString();
  p = SimulatorParams{};
  p.tail_dof = 2.0;  // below the range: a t with 2 dof has no variance
  EXPECT_FALSE(p.Validate().ok());
  p = SimulatorParams{};
  p.regime_shift.signal_half_life = -1.0;
  const Status half_life = p.Validate();
  EXPECT_FALSE(half_life.ok());
  EXPECT_NE(half_life.message().find("regime_shift.signal_half_life"), std::string::npos) << half_life.ToString();
}

}  // namespace
}  // namespace qtp::sim
