// `qtp select`: features_raw → the point-in-time top-K history (topk_history) and the latest
// selection as CSV (latest_files.h). The rules of a day's selection are in selector.h, the scores
// in score.h, the reasoning in docs/selection.md.
//
// Incremental by day: selection_inputs records the SHA-256 of every features_raw partition (one per
// year) and of the universe_membership file the stored history came from, a digest of every value
// of each features_raw day, and the parameter hash. A run reads only the years whose SHA-256
// changed, appeared or vanished, in order, and finds the first day whose digest differs (or that is
// new, or gone); it recomputes from that day on and replaces topk_history from that day on, keeping
// the earlier days of its year. Appending days to features_raw thus computes only the new days.
// The state a recomputation starts from is rebuilt from what is stored before that day:
// history_days per ticker (a count over the earlier features_raw rows), the last trading day
// before it (for the weekly schedule) and the selection on that day (from topk_history). Changed
// parameters or membership (or a record of an older layout) recompute every day. A run with
// nothing changed reads no features and writes nothing; it only restores the CSV files when they
// are missing.
//
// The years are read one at a time, so memory holds one year of features_raw plus the output.
#pragma once

#include <cstddef>
#include <functional>
#include <limits>
#include <string>

#include "qtp/core/status.h"
#include "qtp/data/store/store.h"
#include "qtp/universe/select_params.h"

namespace qtp::universe {

struct SelectSummary {
  bool up_to_date = false;     // nothing changed since the stored history was computed
  size_t days = 0;             // trading days (re)computed, from `from` on
  size_t rebalances = 0;       // of them, rebalance days
  size_t rows = 0;             // topk_history rows of those days
  DateDays from = kNullDate;   // first day recomputed
  DateDays to = kNullDate;     // last day (the latest features_raw date)
  size_t membership_days = 0;  // of `days`, days on which universe_membership applies
  // On those days: index member-days with a features_raw row / all member-days (NaN without any).
  double member_data_share = std::numeric_limits<double>::quiet_NaN();
  // Mean over rebalance days that had holdings before of (names entered / k) (NaN without any).
  double turnover = std::numeric_limits<double>::quiet_NaN();
  size_t latest_selected = 0;  // names selected on `to`
  MergeStats history;          // topk_history partitions
  bool files_written = false;  // the CSV files were (re)written
  std::string topk_csv;        // paths of the CSV files
  std::string metrics_csv;
};

// Called after each features_raw year: (years done, years to compute).
using SelectProgressFn = std::function<Status(size_t done, size_t total)>;

// `store` must be open for writing; commits once at the end. InvalidArgument when `params` are
// invalid or features_raw is empty.
Result<SelectSummary> RunSelect(Store& store, const SelectParams& params, const SelectProgressFn& progress);

}  // namespace qtp::universe
