// Parameters of `qtp clean` (config section `clean`), with retail defaults. Each rule's header
// explains its threshold; docs/cleaning.md gives the whole picture.
#pragma once

#include <string>

#include "qtp/config/section.h"

namespace qtp::clean {

struct CleanParams {
  // Spike rule (spike_filter.h). A bar is a spike when a price deviates from the median of the
  // previous `spike_ref_bars` closes of its session by more than
  //   max(spike_k × sigma, spike_min_move)   (natural-log units)
  // where sigma is the median, over the previous `spike_sigma_sessions` sessions, of each
  // session's MAD-based sigma of 5-minute log returns, and the next bar's close comes back to
  // within spike_revert_fraction × the deviation of that median.
  double spike_k = 10.0;
  double spike_min_move = 0.02;
  double spike_revert_fraction = 0.5;
  int spike_ref_bars = 5;
  int spike_sigma_sessions = 5;
  std::string spike_action = "replace";  // "replace" (interpolate the bad prices) or "drop"

  bool detect_gaps = true;  // gap / missing_day findings (gap_detect.h)
  bool adjust = true;       // split/dividend back-adjustment (adjust.h)

  int commit_every_tickers = 20;    // store Commit() cadence in RunClean
  int threads = 2;                  // 1 = sequential; 2 = clean one ticker while the store I/O of another runs
  int report_max_findings = 10000;  // findings listed in the report files (all are in quality_issues)
};

void DescribeParams(config::Section& section, CleanParams& params);

}  // namespace qtp::clean
