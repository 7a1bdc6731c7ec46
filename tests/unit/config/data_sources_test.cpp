#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

#include "qtp/config/config_io.h"
#include "qtp/config/data_sources.h"
#include "qtp/config/project_skeleton.h"
#include "qtp/config/success_metrics.h"
#include "qtp/config/system_limits.h"

namespace qtp::config {
namespace {

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(DataSources, DefaultPriorityOrder) {
  const DataSources d;
  EXPECT_EQ(d.priority,
            (std::vector<std::string>{"alpaca", "ibkr", "yahoo", "alpha_vantage", "fmp", "simulated"}));
}

TEST(DataSources, SimulatedWhenNoCredentials) {
  const DataSources d;
  Result<std::string> chosen = SelectProvider(d, FakeEnv({}));
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(*chosen, "simulated");
}

TEST(DataSources, FirstProviderWithAllCredentialsWins) {
  const DataSources d;
  // Only half of Alpaca's credentials: skipped. An empty value counts as unset.
  Result<std::string> chosen =
      SelectProvider(d, FakeEnv({{"APCA_API_KEY_ID", "id"}, {"APCA_API_SECRET_KEY", ""}, {"FMP_API_KEY", "k"}}));
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(*chosen, "fmp");
  chosen = SelectProvider(d, FakeEnv({{"APCA_API_KEY_ID", "id"}, {"APCA_API_SECRET_KEY", "s"}}));
  EXPECT_EQ(*chosen, "alpaca");
}

TEST(DataSources, NoUsableProviderExplainsWhy) {
  DataSources d;
  d.priority = {"alpaca", "ibkr"};
  Result<std::string> chosen = SelectProvider(d, FakeEnv({}));
  ASSERT_FALSE(chosen.ok());
  EXPECT_EQ(chosen.status().code(), StatusCode::kNotFound);
  EXPECT_NE(chosen.status().message().find("APCA_API_KEY_ID, APCA_API_SECRET_KEY not set"), std::string::npos)
      << chosen.status().message();
  EXPECT_NE(chosen.status().message().find("ibkr: disabled"), std::string::npos);
}

TEST(DataSources, LoadRejectsUnknownProviderAndDuplicates) {
  DataSources d;
  auto describe = [&d](Section& root) { DescribeParams(root, d); };
  Status s = LoadYamlString("priority: [alpaca, robinhood]\n", "config/data_sources.yaml", describe);
  EXPECT_NE(s.message().find("config/data_sources.yaml:1: priority: list element robinhood is not one of"),
            std::string::npos)
      << s.message();
  s = LoadYamlString("priority: [fmp, fmp]\n", "ds.yaml", describe);
  EXPECT_NE(s.message().find("priority lists each provider at most once"), std::string::npos) << s.message();
  s = LoadYamlString("alpaca:\n  credential_env: [pk_live_123abc]\n", "ds.yaml", describe);
  EXPECT_NE(s.message().find("credential_env lists environment variable names"), std::string::npos) << s.message();
  ASSERT_TRUE(LoadYamlString("priority: [simulated]\nfmp:\n  enabled: false\n  timeout_ms: 5000\n", "ds.yaml",
                             describe)
                  .ok());
  EXPECT_EQ(d.priority, std::vector<std::string>{"simulated"});
  EXPECT_FALSE(d.fmp.enabled);
  EXPECT_EQ(d.fmp.timeout_ms, 5000);
}

TEST(DataSources, WrittenFilesNeverContainSecretValues) {
  // Secrets present in the process environment must not leak into anything `qtp init` writes.
  const std::string secret = "SeCrEt-Value-0xDEADBEEF";
  for (const char* name : {"APCA_API_KEY_ID", "APCA_API_SECRET_KEY", "ALPHAVANTAGE_API_KEY", "FMP_API_KEY"}) {
    ASSERT_EQ(setenv(name, secret.c_str(), 1), 0);
  }
  Result<std::string> yaml = DefaultDataSourcesYaml();
  ASSERT_TRUE(yaml.ok());
  EXPECT_EQ(yaml->find(secret), std::string::npos);
  EXPECT_NE(yaml->find("APCA_API_KEY_ID"), std::string::npos) << "the variable NAME is documented";
  for (Result<std::string> other : {DefaultSystemLimitsYaml(), DefaultSuccessMetricsYaml()}) {
    ASSERT_TRUE(other.ok());
    EXPECT_EQ(other->find(secret), std::string::npos);
  }
  for (const char* name : {"APCA_API_KEY_ID", "APCA_API_SECRET_KEY", "ALPHAVANTAGE_API_KEY", "FMP_API_KEY"}) {
    unsetenv(name);
  }
}

// Each default file written by `qtp init` loads back into exactly its defaults.
template <class P>
void ExpectRoundTrip(const Result<std::string>& yaml, P& loaded, const std::string& name) {
  ASSERT_TRUE(yaml.ok()) << yaml.status().ToString();
  const Status s = LoadYamlString(*yaml, name, [&loaded](Section& root) { DescribeParams(root, loaded); });
  ASSERT_TRUE(s.ok()) << s.ToString() << "\n" << *yaml;
}

TEST(DefaultFiles, RoundTrip) {
  DataSources sources;
  sources.priority = {"simulated"};
  sources.alpaca.enabled = false;
  sources.yahoo.credential_env = {"X"};
  ExpectRoundTrip(DefaultDataSourcesYaml(), sources, "data_sources.yaml");
  const DataSources fresh;
  EXPECT_EQ(sources.priority, fresh.priority);
  EXPECT_EQ(sources.alpaca.enabled, fresh.alpaca.enabled);
  EXPECT_EQ(sources.yahoo.credential_env, fresh.yahoo.credential_env);
  EXPECT_EQ(sources.alpaca.credential_env, fresh.alpaca.credential_env);
  EXPECT_EQ(sources.alpha_vantage.max_calls_per_day, 25);

  SystemLimits limits;
  limits.storage_cap_gb = 1;
  limits.max_tickers = 7;
  ExpectRoundTrip(DefaultSystemLimitsYaml(), limits, "system_limits.yaml");
  EXPECT_EQ(limits.storage_cap_gb, 50.0);
  EXPECT_EQ(limits.max_tickers, 600);

  SuccessMetrics metrics;
  metrics.min_sharpe_after_costs = 3;
  metrics.max_drawdown = 0.5;
  ExpectRoundTrip(DefaultSuccessMetricsYaml(), metrics, "success_metrics.yaml");
  EXPECT_EQ(metrics.min_sharpe_after_costs, 1.0);
  EXPECT_EQ(metrics.max_drawdown, 0.20);
}

TEST(SuccessMetrics, CapitalRangeRule) {
  SuccessMetrics m;
  const Status s = LoadYamlString("capital:\n  min_capital_usd: 200000\n", "sm.yaml",
                                  [&m](Section& root) { DescribeParams(root, m); });
  EXPECT_NE(s.message().find("min_capital_usd <= max_capital_usd"), std::string::npos) << s.message();
  EXPECT_EQ(m.min_capital_usd, 25000.0);
}

}  // namespace
}  // namespace qtp::config
