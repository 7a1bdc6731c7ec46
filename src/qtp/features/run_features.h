// `qtp features`: clean bars → daily features (features_raw) and their cross-sectional
// normalization (features), incrementally.
//
// Incremental by input partitions: feature_inputs records, per ticker, every input partition
// (bars_5m, bars_1d, sim_signal; ticker × year) its stored features came from: SHA-256, last date,
// and a digest of the values the features read, plus the parameter hash. Unchanged tickers are not
// read at all, and a run with nothing changed writes nothing. For a changed partition whose rows up
// to the stored last date still have the stored digest, only the later days are new: appending a
// day computes that day (with its look-back read from earlier data). Any other change (a revised
// bar, a removed partition) recomputes the ticker from January 1 of that partition's year, and new
// parameters or a new ticker everything. The 5-minute bars are read from the year the look-back of
// the first recomputed day needs (kIntradayLookbackDays trading days), assuming an append until
// the digests say otherwise. The cross-sectional columns (PCA, normalization) are recomputed from
// the first day whose rows changed, over the stored and fresh rows together (the windows read the
// stored days before it); earlier days keep their stored values, and the partitions from that
// day's year on are replaced; identical content is not rewritten.
//
// Tickers are read and written on the calling thread and computed on a worker (threads == 2), in
// a fixed order: the output does not depend on the thread count.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/data/store/store.h"
#include "qtp/features/feature_params.h"

namespace qtp::features {

struct FeaturesRequest {
  DateDays start = kNullDate;        // set: (re)compute days from here even if nothing changed
  DateDays end = kNullDate;          // set: no rows after this day are computed
  std::vector<std::string> tickers;  // empty: every ticker with clean daily bars
};

struct FeaturesSummary {
  size_t tickers = 0;           // considered
  size_t tickers_computed = 0;  // read and recomputed
  size_t ticker_days = 0;       // rows computed by the per-ticker pass
  DateDays from = kNullDate;    // first day whose rows were rebuilt (kNullDate: nothing to do)
  DateDays to = kNullDate;      // last day stored
  MergeStats raw;               // features_raw partitions
  MergeStats normalized;        // features partitions
  // Wall time of the three phases: per-ticker pass, cross-sectional pass, store writes.
  double seconds_tickers = 0, seconds_cross_section = 0, seconds_write = 0;
};

// Called after each computed ticker: (tickers done, tickers to compute).
using FeaturesProgressFn = std::function<Status(size_t done, size_t total)>;

// `store` must be open for writing; commits once at the end.
Result<FeaturesSummary> RunFeatures(Store& store, const FeatureParams& params, const FeaturesRequest& request,
                                    const FeaturesProgressFn& progress);

}  // namespace qtp::features
