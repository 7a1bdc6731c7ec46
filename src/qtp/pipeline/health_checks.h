// The daily job's monitor stage: a few checks that what was published for the as-of is whole and
// fresh, stored in `monitor_checks` (docs/production.md). Drift and decay monitoring build on it
// (issue #9).
#pragma once

#include <string>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/time.h"
#include "qtp/data/store/store.h"

namespace qtp {

struct HealthCheck {
  std::string name;
  std::string status;  // ok, warn, fail
  double value = 0;    // NaN when not measured
  double threshold = 0;
  std::string message;
};

// Reads the store as committed. Checks:
//   bars_fresh           tickers with a daily bar on the as-of (fail at 0: the refresh brought nothing)
//   rankings_published   names in the primary model's published ranking of the as-of (fail at 0)
//   ranking_coverage     share of the as-of's top-K names that the ranking scored (warn < threshold)
//   features_complete    share of the as-of's top-K names with a features_raw row that day
Result<std::vector<HealthCheck>> RunHealthChecks(const Store& store, DateDays as_of, double min_coverage = 0.95);

// Replaces the as-of's rows of monitor_checks with `checks` (committed by the caller).
Status StoreHealthChecks(Store& store, DateDays as_of, const std::vector<HealthCheck>& checks);

}  // namespace qtp
