// The per-run quality report of `qtp clean`: counts per rule per ticker, totals, and the list of
// findings, as JSON (machine-readable) and markdown (for people). Written atomically (AtomicWriteFile:
// temp file, fsync, rename) to <data>/reports/quality/<run_id>.{json,md}, then to latest.{json,md}.
// The report lists at most `max_findings` findings (the first ones in ticker order); counts always
// cover all of them, and every finding is stored in processed/quality_issues.
//
// JSON layout (keys sorted, deterministic; no wall-clock time in it):
//   { "run_id": "...", "stage": "clean",
//     "totals":  { "tickers", "rows_in", "bars_out", "days_out", "missing_bars", "findings", "by_rule": {rule: n} },
//     "tickers": { "<ticker>": { "daily_only", "rows_in", "bars_out", "days_out", "missing_bars",
//                                "findings", "by_rule": {rule: n} } },
//     "findings_listed": n,
//     "findings": [ { "ticker", "ts" (ISO UTC or null), "date" (YYYY-MM-DD or null), "rule", "action",
//                     "detail" } ] }
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "qtp/core/quality.h"
#include "qtp/core/status.h"
#include "qtp/data/clean/clean_ticker.h"

namespace qtp::clean {

struct ReportPaths {
  std::string json;         // <data>/reports/quality/<run_id>.json
  std::string markdown;     // <data>/reports/quality/<run_id>.md
  std::string latest_json;  // <data>/reports/quality/latest.json
  std::string latest_markdown;
};

class QualityReport {
 public:
  QualityReport(std::string run_id, size_t max_findings);

  // Adds one ticker's stats and findings (call once per ticker, in a deterministic order).
  void Add(const TickerStats& stats, const QualityIssues& issues);

  const TickerStats& totals() const { return totals_; }  // ticker field empty; rows summed
  size_t tickers() const { return tickers_.size(); }
  size_t findings() const { return findings_total_; }

  std::string ToJson() const;
  std::string ToMarkdown() const;
  Result<ReportPaths> Write(const std::string& data_dir) const;

 private:
  std::string run_id_;
  size_t max_findings_;
  TickerStats totals_;
  std::map<std::string, TickerStats> tickers_;
  QualityIssues listed_;
  size_t findings_total_ = 0;
};

}  // namespace qtp::clean
