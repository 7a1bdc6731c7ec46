#include "qtp/config/data_sources.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "qtp/core/file_util.h"

namespace qtp::config {

namespace {

ProviderSettings Provider(bool enabled, std::string base_url, int per_minute, int64_t per_day,
                          std::vector<std::string> credential_env) {
  ProviderSettings p;
  p.enabled = enabled;
  p.base_url = std::move(base_url);
  p.rate_limit_per_minute = per_minute;
  p.max_calls_per_day = per_day;
  p.credential_env = std::move(credential_env);
  return p;
}

bool IsEnvVarName(const std::string& name) {
  if (name.empty() || !(name[0] >= 'A' && name[0] <= 'Z')) return false;
  for (char c : name) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

void DescribeProvider(Section& s, ProviderSettings& p) {
  s.Param("enabled", p.enabled, "Whether qtp may use this provider at all");
  s.Param("base_url", p.base_url, "Endpoint root of the provider's API (empty for providers that need none)");
  s.Param("rate_limit_per_minute", p.rate_limit_per_minute,
          "Most requests to this provider in any 60 s (0 = only the system-wide limit)", 0, 100000);
  s.Param("max_calls_per_day", p.max_calls_per_day,
          "Most requests to this provider in any 24 h, e.g. a free-tier quota (0 = only the system-wide limit)", 0,
          100000000);
  s.Param("max_retries", p.max_retries, "Retries after a rate-limit (429) or server/timeout error", 0, 20);
  s.Param("backoff_base_ms", p.backoff_base_ms, "First retry delay in ms; doubles on every retry", 1, 600000);
  s.Param("timeout_ms", p.timeout_ms, "Timeout of one HTTP request in ms", 100, 600000);
  s.Param("batch_days", p.batch_days,
          "Most trading days one pull covers: the unit of fallback, resume and commit (pulls never cross a month)", 1,
          23);
  s.Param("credential_env", p.credential_env,
          "NAMES of the environment variables holding this provider's credentials (never the secrets themselves)");
}

}  // namespace

const std::vector<std::string>& KnownProviders() {
  static const std::vector<std::string> kNames = {"alpaca", "ibkr", "yahoo", "alpha_vantage", "fmp", "simulated"};
  return kNames;
}

DataSources::DataSources()
    : alpaca(Provider(true, "https://data.alpaca.markets", 200, 0, {"APCA_API_KEY_ID", "APCA_API_SECRET_KEY"})),
      ibkr(Provider(false, "https://localhost:5000/v1/api", 50, 0, {})),
      yahoo(Provider(false, "https://query1.finance.yahoo.com", 60, 2000, {})),
      alpha_vantage(Provider(true, "https://www.alphavantage.co", 5, 25, {"ALPHAVANTAGE_API_KEY"})),
      fmp(Provider(true, "https://financialmodelingprep.com", 60, 250, {"FMP_API_KEY"})),
      simulated(Provider(true, "", 0, 0, {})) {}

const ProviderSettings* DataSources::Find(std::string_view name) const {
  if (name == "alpaca") return &alpaca;
  if (name == "ibkr") return &ibkr;
  if (name == "yahoo") return &yahoo;
  if (name == "alpha_vantage") return &alpha_vantage;
  if (name == "fmp") return &fmp;
  if (name == "simulated") return &simulated;
  return nullptr;
}

void DescribeParams(Section& section, DataSources& d) {
  section.Param("priority", d.priority,
                "Providers to try, first usable one wins (enabled and all credential variables set)", KnownProviders());
  section.Rule("priority lists each provider at most once", [&d] {
    return std::set<std::string>(d.priority.begin(), d.priority.end()).size() == d.priority.size();
  });
  section.Rule("every credential_env lists environment variable names ([A-Z][A-Z0-9_]*), not values", [&d] {
    for (const ProviderSettings* p : {&d.alpaca, &d.ibkr, &d.yahoo, &d.alpha_vantage, &d.fmp, &d.simulated}) {
      for (const std::string& name : p->credential_env) {
        if (!IsEnvVarName(name)) return false;
      }
    }
    return true;
  });
  DescribeProvider(section.Child("alpaca", "Alpaca Market Data v2 (free plan: IEX feed, 200 requests/min)"), d.alpaca);
  DescribeProvider(section.Child("ibkr", "Interactive Brokers Client Portal API; needs a running, logged-in gateway, "
                                         "so it is off by default (historical-data pacing limits apply)"),
                   d.ibkr);
  DescribeProvider(section.Child("yahoo", "Yahoo Finance chart endpoint: unofficial, personal use only, "
                                          "off by default (check its terms before enabling)"),
                   d.yahoo);
  DescribeProvider(section.Child("alpha_vantage", "Alpha Vantage (free key: 25 requests/day, 5/min)"), d.alpha_vantage);
  DescribeProvider(section.Child("fmp", "Financial Modeling Prep (free key: 250 requests/day)"), d.fmp);
  DescribeProvider(section.Child("simulated", "Built-in simulated market (docs/simulated_market.md); "
                                              "offline, needs no credentials"),
                   d.simulated);
}

std::optional<std::string> ProcessEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

Result<EnvLookup> EnvWithDotEnv(const std::string& dotenv_path) {
  auto values = std::make_shared<std::map<std::string, std::string>>();
  if (std::filesystem::exists(dotenv_path)) {
    QTP_ASSIGN_OR_RETURN(std::string text, ReadFile(dotenv_path));
    size_t line_no = 0;
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string line = text.substr(start, end - start);
      start = end + 1;
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const size_t first = line.find_first_not_of(" \t");
      if (first == std::string::npos || line[first] == '#') continue;
      line = line.substr(first);
      if (line.rfind("export ", 0) == 0) line = line.substr(7);
      const size_t eq = line.find('=');
      std::string name = eq == std::string::npos ? "" : line.substr(0, eq);
      while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
      const auto word = [](unsigned char c) { return std::isalnum(c) || c == '_'; };
      const bool valid_name = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
                              std::all_of(name.begin(), name.end(), word);
      if (!valid_name) {
        // NOTE: the line itself is not quoted back: it may hold a secret.
        return Status::InvalidArgument(fmt::format("{}:{}: not a NAME=value line", dotenv_path, line_no));
      }
      std::string value = line.substr(eq + 1);
      const size_t v = value.find_first_not_of(" \t");
      value = v == std::string::npos ? "" : value.substr(v);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
      if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
        value = value.substr(1, value.size() - 2);
      }
      (*values)[name] = value;
    }
  }
  return EnvLookup([values](const std::string& name) -> std::optional<std::string> {
    if (std::optional<std::string> from_env = ProcessEnv(name)) return from_env;
    auto it = values->find(name);
    if (it == values->end()) return std::nullopt;
    return it->second;
  });
}

std::string BaseUrlOf(const std::string& provider, const ProviderSettings& settings, const EnvLookup& env) {
  std::string variable = "QTP_";
  for (char c : provider) variable += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  variable += "_BASE_URL";
  if (std::optional<std::string> url = env(variable); url && !url->empty()) return *url;
  return settings.base_url;
}

std::vector<std::string> MissingCredentials(const ProviderSettings& settings, const EnvLookup& env) {
  std::vector<std::string> missing;
  for (const std::string& name : settings.credential_env) {
    const std::optional<std::string> value = env(name);
    if (!value.has_value() || value->empty()) missing.push_back(name);
  }
  return missing;
}

Result<std::string> SelectProvider(const DataSources& sources, const EnvLookup& env) {
  std::vector<std::string> skipped;
  for (const std::string& name : sources.priority) {
    const ProviderSettings* p = sources.Find(name);
    if (p == nullptr) {
      skipped.push_back(fmt::format("{}: unknown provider", name));
    } else if (!p->enabled) {
      skipped.push_back(fmt::format("{}: disabled", name));
    } else if (const std::vector<std::string> missing = MissingCredentials(*p, env); !missing.empty()) {
      skipped.push_back(fmt::format("{}: environment variable(s) {} not set", name, fmt::join(missing, ", ")));
    } else {
      return name;
    }
  }
  return Status::NotFound(fmt::format("no usable data provider in config/data_sources.yaml priority ({})",
                                      skipped.empty() ? "empty" : fmt::format("{}", fmt::join(skipped, "; "))));
}

}  // namespace qtp::config
