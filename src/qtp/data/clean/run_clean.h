// `qtp clean`: raw → processed. For every ticker in raw/bars_5m or raw/bars_1d, one at a time (never
// the whole market in memory):
//   read raw/bars_5m (or, for daily-only tickers, raw/bars_1d) and reference/corporate_actions,
//   clean (clean_ticker.h), then Replace() processed/bars_5m, processed/bars_1d and
//   processed/quality_issues for that ticker, and Commit() every commit_every_tickers tickers and
//   at the end. Finally write the quality report (quality_report.h).
// A ticker with 5-minute bars is cleaned from them; its raw/bars_1d rows, if any, fill its daily
// bars on the dates the 5-minute bars do not cover (CombineWithDailyImports).
// Processed data are derived: a crash mid-run leaves the committed tickers cleaned and the others
// as before, and re-running clean converges to the same result (identical inputs → identical files).
// With params.threads == 2 the cleaning of one ticker overlaps the store reads and writes of its
// neighbours; every store call stays on the calling thread and output order is fixed, so the result
// does not depend on the thread count.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "qtp/core/status.h"
#include "qtp/data/clean/clean_params.h"
#include "qtp/data/clean/clean_ticker.h"
#include "qtp/data/clean/quality_report.h"
#include "qtp/data/store/store.h"

namespace qtp::clean {

// Called after each ticker is stored: (tickers done, tickers total, ticker just done).
using ProgressFn = std::function<Status(size_t done, size_t total, std::string_view ticker)>;

struct CleanSummary {
  size_t tickers = 0;
  size_t tickers_daily_only = 0;
  size_t rows_in = 0;   // raw rows read (5-minute bars + daily rows of daily-only tickers)
  size_t bars_out = 0;  // processed 5-minute bars written
  size_t days_out = 0;  // processed daily bars written
  size_t missing_bars = 0;
  size_t findings = 0;
  std::map<std::string, size_t> by_rule;
  ReportPaths report;
};

// `store` must be open for writing. `source_adjustment` says which adjustments a source already
// applied (empty = none: every source is treated as raw, unadjusted); with threads == 2 it is called
// from the cleaning thread, so it must be safe to call concurrently with the caller's code.
// `progress` may be empty; it is called on the calling thread.
Result<CleanSummary> RunClean(Store& store, const CleanParams& params, const std::string& run_id, ProgressFn progress,
                              SourceAdjustmentFn source_adjustment = {});

}  // namespace qtp::clean
