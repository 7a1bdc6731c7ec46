#include "qtp/data/simulate/run_simulate.h"

#include <fmt/format.h>

#include <future>
#include <utility>

namespace qtp::sim {

Result<SimulateSummary> RunSimulate(Ingestor& ingestor, const SimulatorParams& params, const SimulateRequest& request,
                                    const std::string& universe_csv_path, const ProgressFn& progress) {
  QTP_ASSIGN_OR_RETURN(const MarketSimulator sim, MarketSimulator::Make(params, request));
  QTP_RETURN_IF_ERROR(WriteUniverseCsv(universe_csv_path, sim.universe()));

  SimulateSummary summary;
  summary.trading_days = sim.trading_days().size();
  const int total = sim.num_tickers();
  auto generate = [&sim](int index) { return sim.GenerateTicker(index); };
  std::future<SimulatedTicker> next = std::async(std::launch::async, generate, 0);
  for (int k = 0; k < total; ++k) {
    SimulatedTicker ticker = next.get();
    if (k + 1 < total) next = std::async(std::launch::async, generate, k + 1);
    const std::string context = fmt::format("simulate: ticker {}", ticker.info.ticker);

    summary.bars += ticker.bars.size();
    const FaultCounts faults = CountFaults(ticker.faults);
    for (size_t f = 0; f < faults.size(); ++f) summary.faults[f] += faults[f];
    for (const CorporateAction& a : ticker.actions) {
      ++(a.type == CorporateActionType::kSplit ? summary.splits : summary.dividends);
    }
    auto ingested = ingestor.AddBars5m(std::move(ticker.bars));
    if (!ingested.ok()) return ingested.status().WithContext(context);
    summary.ingest += *ingested;
    if (!ticker.actions.empty()) {
      QTP_RETURN_IF_ERROR(ingestor.AddCorporateActions(ticker.actions).WithContext(context));
    }
    if (request.signal_sink) {
      QTP_RETURN_IF_ERROR(
          request.signal_sink(ticker.info.ticker, ticker.signal_dates, ticker.signal).WithContext(context));
      summary.signal_rows += ticker.signal.size();
    }
    ++summary.tickers;
    if ((k + 1) % request.commit_every == 0 || k + 1 == total) {
      QTP_RETURN_IF_ERROR(ingestor.Commit().WithContext(context));
    }
    if (progress) QTP_RETURN_IF_ERROR(progress(k + 1, total));
  }
  return summary;
}

}  // namespace qtp::sim
