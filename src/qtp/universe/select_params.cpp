#include "qtp/universe/select_params.h"

#include <set>

#include <fmt/format.h>

#include "qtp/core/file_util.h"
#include "qtp/data/store/feature_columns.h"

namespace qtp::universe {
namespace {

bool IsNumericFeature(const std::string& name) {
  for (const schema::FeatureColumn& f : schema::FeatureColumns()) {
    if (f.name == name) return f.type == ColumnType::kDouble;
  }
  return false;
}

std::array<const ScoreGroupParams*, kNumGroups> Groups(const SelectParams& p) {
  return {&p.liquidity, &p.volatility, &p.trend};
}
constexpr std::array<const char*, kNumGroups> kGroupNames = {"liquidity", "volatility", "trend"};

bool EntriesValid(const SelectParams& p) {
  for (const ScoreGroupParams* g : Groups(p)) {
    for (const std::string& entry : g->columns) {
      if (!ParseScoreColumn(entry).ok()) return false;
    }
  }
  return true;
}

bool NoRepeatedFeature(const SelectParams& p) {
  for (const ScoreGroupParams* g : Groups(p)) {
    std::set<std::string> seen;
    for (const std::string& entry : g->columns) {
      auto column = ParseScoreColumn(entry);
      if (column.ok() && !seen.insert(column->feature).second) return false;
    }
  }
  return true;
}

bool WeightedGroupsHaveColumns(const SelectParams& p) {
  for (const ScoreGroupParams* g : Groups(p)) {
    if (g->weight > 0 && g->columns.empty()) return false;
  }
  return true;
}

void DescribeGroup(config::Section& section, ScoreGroupParams& group, const char* columns_doc) {
  section.Param("weight", group.weight, "weight of this sub-score in the composite (relative to the other two)", 0.0,
                1000.0);
  section.Param("columns", group.columns, columns_doc);
}

}  // namespace

void DescribeParams(config::Section& section, SelectParams& p) {
  section.Param("k", p.k, "names selected on each rebalance day (topK_<k>.csv)", 1, 100000);
  section.Param("buffer", p.buffer,
                "hysteresis: on a rebalance day a holding stays while its rank is at most k + buffer", 0, 100000);
  section.Param("rebalance", p.rebalance,
                "weekly: rebalance on the first trading day of each ISO week; daily: every trading day",
                {"weekly", "daily"});
  config::Section& filters =
      section.Child("filters", "hard filters: a ticker failing one on a day is not ranked that day");
  filters.Param("min_price", p.min_price, "lowest features_raw close (USD, as traded that day)", 0.0, 1e6);
  filters.Param("min_adv_usd", p.min_adv_usd, "lowest 20-day average dollar volume adv_20 (USD)", 0.0, 1e13);
  filters.Param("min_history_days", p.min_history_days,
                "fewest features_raw rows of the ticker up to and including the day", 1, 100000);
  DescribeGroup(section.Child("liquidity", "liquidity sub-score: mean percentile rank of these columns"), p.liquidity,
                "features_raw columns: name (higher is better), -name (lower is better), abs(name), -abs(name)");
  DescribeGroup(section.Child("volatility", "volatility sub-score: mean percentile rank of these columns"),
                p.volatility, "features_raw columns, same syntax as liquidity.columns");
  DescribeGroup(section.Child("trend", "trendiness sub-score: mean percentile rank of these columns"), p.trend,
                "features_raw columns, same syntax as liquidity.columns");
  section.Rule("the three weights sum to more than 0",
               [&p] { return p.liquidity.weight + p.volatility.weight + p.trend.weight > 0; });
  section.Rule("every columns entry is name, -name, abs(name) or -abs(name) of a numeric features_raw column",
               [&p] { return EntriesValid(p); });
  section.Rule("no group lists the same feature twice", [&p] { return NoRepeatedFeature(p); });
  section.Rule("a group with weight > 0 lists at least one column", [&p] { return WeightedGroupsHaveColumns(p); });
}

std::string ParamsHash(const SelectParams& p) {
  std::string text =
      fmt::format("v1|{}|{}|{}|{}|{}|{}", p.k, p.buffer, p.rebalance, p.min_price, p.min_adv_usd, p.min_history_days);
  for (const ScoreGroupParams* g : Groups(p)) {
    text += fmt::format("|{}:{}", g->weight, fmt::join(g->columns, ","));
  }
  return Sha256Hex(text).substr(0, 16);
}

Result<ScoreColumn> ParseScoreColumn(const std::string& entry) {
  ScoreColumn column;
  std::string_view rest = entry;
  if (rest.starts_with('-')) {
    column.negate = true;
    rest.remove_prefix(1);
  }
  if (rest.starts_with("abs(") && rest.ends_with(')')) {
    column.absolute = true;
    rest = rest.substr(4, rest.size() - 5);
  }
  column.feature = std::string(rest);
  if (!IsNumericFeature(column.feature)) {
    return Status::InvalidArgument(
        fmt::format("'{}' is not a numeric features_raw column (write name, -name, abs(name) or -abs(name))", entry));
  }
  return column;
}

Result<ScoreGroups> ParseScoreGroups(const SelectParams& p) {
  ScoreGroups groups;
  double total = 0;
  const auto params = Groups(p);
  for (size_t g = 0; g < kNumGroups; ++g) {
    ScoreGroup& group = groups[g];
    group.name = kGroupNames[g];
    group.weight = params[g]->weight;
    if (!(group.weight >= 0)) {
      return Status::InvalidArgument(fmt::format("select.{}.weight must be >= 0, got {}", group.name, group.weight));
    }
    total += group.weight;
    std::set<std::string> seen;
    for (const std::string& entry : params[g]->columns) {
      auto column = ParseScoreColumn(entry);
      if (!column.ok()) return column.status().WithContext(fmt::format("select.{}.columns", group.name));
      if (!seen.insert(column->feature).second) {
        return Status::InvalidArgument(fmt::format("select.{}.columns lists {} twice", group.name, column->feature));
      }
      group.columns.push_back(std::move(column).value());
    }
    if (group.weight > 0 && group.columns.empty()) {
      return Status::InvalidArgument(
          fmt::format("select.{}.columns is empty but its weight is {}", group.name, group.weight));
    }
  }
  if (!(total > 0)) return Status::InvalidArgument("select: the three weights sum to 0");
  return groups;
}

}  // namespace qtp::universe
