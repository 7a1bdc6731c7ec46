// The day pass: every per-day statistic of the EDA, computed in one sweep over the panel (each
// feature's cross-section is ranked once per day and reused by the IC, the rank autocorrelation and
// the feature correlations). Days are processed in fixed chunks on several threads; every value
// lands in its own slot, so the output does not depend on the thread count.
//
// Every statistic of day t reads only the panel days t - max(window) .. t + max(horizon): the IC
// the closes (and opens) up to t + h, the rank autocorrelation day t - w, the correlations day t
// alone. So when the panel changes from day D on, the days before D - max(horizon) keep their
// values, and an incremental run (run_eda.h) computes only days from there (first_day), the
// earlier ones being read back from the store.
//
// Forward return of ticker i on day t at horizon h (days are the panel's days, i.e. every date
// on which some ticker has a row):
//   entry close      close_{t+h} / close_t - 1
//   entry next_open  close_{t+h} / open_{t+1} - 1
// NOTE: a missing day is never bridged. When ticker i has no close on day t+h (a gap, a halt, the
// end of its history) the pair (i, t) gets no forward return: it is left out of that day's IC
// rather than measured to a later day, and counted in missing_forward. Missing days strictly
// between t and t+h do not matter (the close-to-close return is still defined). The last h days
// of the panel have no forward return.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/eda/panel.h"

namespace qtp::eda {

struct DailyStatsOptions {
  std::vector<int> horizons;  // ascending
  std::vector<int> windows;   // stability windows, ascending
  size_t min_tickers = 20;    // pairs a day needs for any of its correlations
  bool next_open = false;
  int threads = 2;
  // Days before this one are not computed (left NaN, n 0, nothing missing); the windows of the
  // computed days still read them.
  size_t first_day = 0;
};

// NaN marks a day whose statistic is undefined (too few pairs, a constant side, no forward return).
struct DailyStats {
  size_t num_days = 0;
  size_t num_features = 0;
  std::vector<int> horizons;
  std::vector<int> windows;
  std::vector<double> ic;        // [(feature * horizons + h) * days + day]: Pearson, normalized feature vs return
  std::vector<double> rank_ic;   // same layout: Spearman
  std::vector<uint32_t> ic_n;    // same layout: pairs (0 when the day was skipped)
  std::vector<double> autocorr;  // [(feature * windows + w) * days + day]: Spearman of the feature, t vs t - w
  std::vector<double> corr;      // [PairIndex(a, b) * days + day]: Spearman between two features, a < b
  // [h * days + day]: the day's tickers with a close but no forward return although day + h is in
  // the panel (see above)
  std::vector<uint32_t> missing_forward;

  size_t IcIndex(size_t feature, size_t h, size_t day) const {
    return (feature * horizons.size() + h) * num_days + day;
  }
  size_t AutocorrIndex(size_t feature, size_t w, size_t day) const {
    return (feature * windows.size() + w) * num_days + day;
  }
  // Upper-triangle pair number of features a < b.
  size_t PairIndex(size_t a, size_t b) const { return a * num_features - a * (a + 1) / 2 + (b - a - 1); }
  size_t num_pairs() const { return num_features * (num_features - 1) / 2; }
  // Rows left out of the ICs at horizon index h, over every day.
  size_t MissingForward(size_t h) const;
};

// Statistics of `days` days, every value undefined (NaN, n 0, nothing missing).
DailyStats EmptyDailyStats(size_t days, size_t features, const std::vector<int>& horizons,
                           const std::vector<int>& windows);

// Called after each chunk of days: (days done, days to compute); serialized, from any worker thread.
using DayProgressFn = std::function<Status(size_t done, size_t total)>;

// Fills every forward return of `day` at horizon `h` into `out` (one per ticker, NaN: none); returns
// how many tickers had a close on `day` and day + h in the panel but no return (see above).
size_t ForwardReturns(const Panel& panel, size_t day, int h, bool next_open, std::vector<double>& out);

// Statistics of every panel day from options.first_day on (InvalidArgument when it is past the
// last day, or the horizons or windows are missing).
Result<DailyStats> ComputeDailyStats(const Panel& panel, const DailyStatsOptions& options,
                                     const DayProgressFn& progress);

}  // namespace qtp::eda
