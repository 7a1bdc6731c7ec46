#include "qtp/data/clean/clean_params.h"

#include <gtest/gtest.h>

#include "qtp/config/config_io.h"

namespace qtp::clean {
namespace {

config::Describer Describe(CleanParams& params) {
  return [&params](config::Section& root) { DescribeParams(root, params); };
}

TEST(CleanParams, DefaultsAreValidAndWritten) {
  CleanParams params;
  auto yaml = config::WriteYaml(Describe(params), "clean");
  ASSERT_TRUE(yaml.ok()) << yaml.status().ToString();
  EXPECT_NE(yaml->find("spike_k: 10"), std::string::npos);
  EXPECT_NE(yaml->find("spike_action: replace"), std::string::npos);
  EXPECT_TRUE(config::ValidateValues(Describe(params)).ok());
}

TEST(CleanParams, LoadsValuesAndRejectsBadOnes) {
  CleanParams params;
  ASSERT_TRUE(config::LoadYamlString("spike_k: 6\nspike_action: drop\nthreads: 1\n", "t.yaml", Describe(params)).ok());
  EXPECT_EQ(params.spike_k, 6.0);
  EXPECT_EQ(params.spike_action, "drop");
  EXPECT_EQ(params.threads, 1);
  EXPECT_FALSE(config::LoadYamlString("spike_action: interpolate\n", "t.yaml", Describe(params)).ok());
  EXPECT_FALSE(config::LoadYamlString("spike_revert_fraction: 2\n", "t.yaml", Describe(params)).ok());
  EXPECT_FALSE(config::LoadYamlString("spike_kk: 2\n", "t.yaml", Describe(params)).ok());
}

}  // namespace
}  // namespace qtp::clean
