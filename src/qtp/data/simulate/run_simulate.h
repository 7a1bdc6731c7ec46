// `qtp simulate`: generates the simulated market ticker by ticker and writes it through the one
// ingest path every source uses. Memory stays bounded (the daily skeleton plus two tickers' bars);
// a crash loses at most the tickers since the last commit.
#pragma once

#include <functional>
#include <string>

#include "qtp/core/status.h"
#include "qtp/data/ingest/ingestor.h"
#include "qtp/data/simulate/faults.h"
#include "qtp/data/simulate/market_simulator.h"
#include "qtp/data/simulate/params.h"

namespace qtp::sim {

struct SimulateSummary {
  int tickers = 0;
  size_t trading_days = 0;
  size_t bars = 0;  // rows handed to ingest (after fault injection)
  size_t splits = 0;
  size_t dividends = 0;
  FaultCounts faults{};    // injected, by FaultKind
  size_t signal_rows = 0;  // rows handed to request.signal_sink (0 without a sink)
  IngestStats ingest;
};

// Called after each ticker is ingested: (tickers done, total). A non-OK status stops the run
// (e.g. the runtime cap); tickers committed before it stay committed.
using ProgressFn = std::function<Status(int done, int total)>;

// Writes the universe file first (atomically), then for each ticker: AddBars5m, AddCorporateActions
// and request.signal_sink (when set), with Ingestor::Commit() after every request.commit_every
// tickers and at the end. Generation of ticker k+1 runs on a second thread while ticker k is
// ingested; the output does not depend on that overlap. Stops at the first error (tickers committed
// before it stay committed).
Result<SimulateSummary> RunSimulate(Ingestor& ingestor, const SimulatorParams& params, const SimulateRequest& request,
                                    const std::string& universe_csv_path, const ProgressFn& progress);

}  // namespace qtp::sim
