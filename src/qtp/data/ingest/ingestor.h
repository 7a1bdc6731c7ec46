// The single ingest path every source goes through (simulator, file import, providers):
//   validate → sort → de-duplicate → merge into raw/ → log revisions/quarantine → commit.
// Ingest keeps raw data faithful to the source: it refuses only rows that cannot be stored
// meaningfully (non-finite numbers, a timestamp off the 5-minute grid is kept; see docs), and it
// never drops a row silently: refused and conflicting rows go to raw/quarantine_5m with a reason.
// Bar-rule checks (non-positive prices, high < low, spikes, ...) belong to cleaning.
#pragma once

#include <map>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "qtp/core/bars.h"
#include "qtp/core/quality.h"
#include "qtp/core/status.h"
#include "qtp/data/store/store.h"

namespace qtp {

struct IngestStats {
  size_t rows_in = 0;
  size_t rows_added = 0;
  size_t rows_unchanged = 0;
  size_t rows_revised = 0;            // a stored bar replaced by a different one from the source
  size_t duplicates_exact = 0;        // identical repeats inside a batch (dropped: nothing is lost)
  size_t duplicates_conflicting = 0;  // same ts, different values: the last one wins, others quarantined
  size_t out_of_order = 0;            // rows whose ts was below the previous row's (sorted on ingest)
  size_t quarantined = 0;             // refused rows (non-finite values), stored in raw/quarantine_5m
  size_t files_written = 0;
  IngestStats& operator+=(const IngestStats& o);
  std::string Summary() const;  // one line for logs and CLI output
  nlohmann::ordered_json ToJson() const;  // every counter, in declaration order
};

class Ingestor {
 public:
  // `store` must be open for writing and outlive the Ingestor.
  explicit Ingestor(Store& store);

  // Ingests one ticker's raw 5-minute bars (any order, may contain duplicates). `bars.source` is
  // per row. Staged until Commit().
  Result<IngestStats> AddBars5m(Bars5m bars);
  // Daily-only imports (files with daily bars and no 5-minute data) → raw/bars_1d.
  Result<IngestStats> AddBars1d(Bars1d bars);
  // Upserts corporate actions by (ticker, ex_date, action).
  Status AddCorporateActions(const std::vector<CorporateAction>& actions);
  // Publishes everything staged (one atomic manifest swap). Call after a batch of tickers.
  Status Commit();

  const IngestStats& totals() const { return totals_; }

 private:
  Store& store_;
  IngestStats totals_;
};

}  // namespace qtp
