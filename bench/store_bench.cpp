// Micro benchmarks of the store's write path: ingest preparation and one partition's
// encode + hash + publish, on one simulated ticker-year.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "qtp/data/ingest/ingestor.h"
#include "qtp/data/simulate/market_simulator.h"
#include "qtp/data/store/schema.h"
#include "qtp/data/store/store.h"

namespace {

qtp::Bars5m OneTickerYear() {
  qtp::sim::SimulatorParams params;
  qtp::sim::SimulateRequest request;
  request.tickers = 1;
  request.start = qtp::DaysFromCivil(2023, 1, 1);
  request.end = qtp::DaysFromCivil(2023, 12, 31);
  return qtp::sim::MarketSimulator::Make(params, request)->GenerateTicker(0).bars;
}

// Merge into an empty store and commit: one year = one partition file per iteration.
void BM_AppendTickerYear(benchmark::State& state) {
  const qtp::Bars5m bars = OneTickerYear();
  const std::string dir = (std::filesystem::temp_directory_path() / "qtp-micro-bench").string();
  for (auto _ : state) {
    state.PauseTiming();
    std::filesystem::remove_all(dir);
    auto store = qtp::Store::Open({dir, "bench", qtp::StoreMode::kWrite, 0});
    qtp::Ingestor ingestor(**store);
    qtp::Bars5m copy = bars;
    state.ResumeTiming();
    benchmark::DoNotOptimize(ingestor.AddBars5m(std::move(copy)));
    benchmark::DoNotOptimize(ingestor.Commit());
  }
  std::filesystem::remove_all(dir);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(bars.size()));
}
BENCHMARK(BM_AppendTickerYear)->Unit(benchmark::kMillisecond);

// Reading one ticker-year back into typed columns.
void BM_ReadTickerYear(benchmark::State& state) {
  const std::string dir = (std::filesystem::temp_directory_path() / "qtp-micro-bench-read").string();
  std::filesystem::remove_all(dir);
  size_t rows = 0;
  {
    auto store = qtp::Store::Open({dir, "bench", qtp::StoreMode::kWrite, 0});
    qtp::Ingestor ingestor(**store);
    qtp::Bars5m bars = OneTickerYear();
    rows = bars.size();
    (void)ingestor.AddBars5m(std::move(bars));
    (void)ingestor.Commit();
  }
  auto reader = qtp::Store::Open({dir, "", qtp::StoreMode::kRead, 0});
  const std::string ticker = (*reader)->Tickers(qtp::schema::RawBars5m()).at(0);
  for (auto _ : state) {
    benchmark::DoNotOptimize((*reader)->Read(qtp::schema::RawBars5m(), ticker));
  }
  std::filesystem::remove_all(dir);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(rows));
}
BENCHMARK(BM_ReadTickerYear)->Unit(benchmark::kMillisecond);

}  // namespace
