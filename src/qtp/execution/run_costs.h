// `qtp costs`: per name and day, what the reference order would cost under each scenario of
// config/execution.yaml (dataset cost_estimates), the liquidity buckets, and the cost report
// data/reports/costs.md: the distribution of the round-trip cost by bucket and scenario, and the
// Corwin-Schultz estimate beside the half-spread charged.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/data/store/store.h"
#include "qtp/execution/cost_params.h"

namespace qtp::execution {

inline constexpr size_t kNumScenarios = 3;  // kScenarioNames

struct BucketCostSummary {
  int bucket = 0;  // 0: no adv_20
  size_t name_days = 0;
  double median_adv_usd = 0;
  double tradable_share = 0;
  double median_cs_half_spread_bps = 0;
  std::array<double, kNumScenarios> median_round_trip_bps{};  // tradable name-days
  double p90_round_trip_bps_base = 0;
};

struct CostsSummary {
  size_t rows = 0;
  size_t tickers = 0;
  DateDays first = kNullDate;
  DateDays last = kNullDate;
  std::vector<BucketCostSummary> buckets;  // bucket 0 (if any) first, then 1..buckets
  BucketCostSummary all;
  MergeStats written;
  std::string report_path;
};

using CostsProgressFn = std::function<Status(size_t done, size_t total)>;

// `store` open for writing; one commit at the end. NotFound when no features are stored.
Result<CostsSummary> RunCosts(Store& store, const CostParams& params, const CostsProgressFn& progress);

}  // namespace qtp::execution
