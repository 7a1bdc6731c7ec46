// The per-bar calendar calls that cleaning and import make for every bar.
#include <benchmark/benchmark.h>

#include "qtp/calendar/nyse_calendar.h"

namespace {

void BM_IsRegularSessionBar(benchmark::State& state) {
  const qtp::NyseCalendar& cal = qtp::NyseCalendar::Get();
  std::vector<qtp::TimestampUs> bars;
  for (qtp::DateDays d : cal.TradingDays(qtp::DaysFromCivil(2015, 1, 1), qtp::DaysFromCivil(2024, 12, 31))) {
    for (qtp::TimestampUs ts : cal.BarStarts(d)) bars.push_back(ts);
  }
  for (auto _ : state) {
    size_t in_session = 0;
    for (qtp::TimestampUs ts : bars) in_session += cal.IsRegularSessionBar(ts);
    benchmark::DoNotOptimize(in_session);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(bars.size()));
}
BENCHMARK(BM_IsRegularSessionBar)->Unit(benchmark::kMillisecond);

}  // namespace
