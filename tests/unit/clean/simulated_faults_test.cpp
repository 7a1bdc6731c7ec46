// Cleaning scored against the simulator's ground truth: it must find the injected zero/negative
// prints and reverting spikes (high recall) without flagging clean bars (few false positives).
#include <gtest/gtest.h>

#include <set>

#include "qtp/data/clean/clean_ticker.h"
#include "qtp/data/simulate/market_simulator.h"

namespace qtp::clean {
namespace {

struct Score {
  size_t injected = 0;
  size_t found = 0;
  size_t false_positives = 0;
};

TEST(SimulatedFaults, BadPrintsAndSpikesAreFound) {
  sim::SimulatorParams params;
  // Only the faults cleaning owns, at rates high enough to score; ingest owns duplicates/out-of-order.
  params.faults.duplicate = 0;
  params.faults.out_of_order = 0;
  params.faults.missing_bar = 1e-3;
  params.faults.bad_print = 2e-3;
  params.faults.spike = 2e-3;
  sim::SimulateRequest request;
  request.tickers = 12;
  request.start = DaysFromCivil(2020, 1, 1);
  request.end = DaysFromCivil(2020, 12, 31);
  request.seed = 7;
  auto simulator = sim::MarketSimulator::Make(params, request);
  ASSERT_TRUE(simulator.ok()) << simulator.status().ToString();

  Score spikes, prints;
  size_t missing_injected = 0, missing_reported = 0;
  for (int i = 0; i < simulator->num_tickers(); ++i) {
    sim::SimulatedTicker t = simulator->GenerateTicker(i);
    std::set<TimestampUs> true_spikes, true_prints;
    for (const sim::InjectedFault& f : t.faults) {
      if (f.kind == sim::FaultKind::kSpike) {
        true_spikes.insert(f.ts);
      }
      if (f.kind == sim::FaultKind::kBadPrint) {
        true_prints.insert(f.ts);
      }
      missing_injected += f.kind == sim::FaultKind::kMissingBar ? 1 : 0;
    }
    auto out = CleanTicker5m(std::move(t.bars), t.actions, CleanParams{}, NyseCalendar::Get());
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    spikes.injected += true_spikes.size();
    prints.injected += true_prints.size();
    for (const QualityIssue& issue : out->issues) {
      if (issue.rule == rule::kSpikeRevert || issue.rule == rule::kSpikeUnconfirmed) {
        (true_spikes.count(issue.ts) ? spikes.found : spikes.false_positives) += 1;
      } else if (issue.action == action::kQuarantined) {
        (true_prints.count(issue.ts) ? prints.found : prints.false_positives) += 1;
      }
    }
    missing_reported += out->stats.missing_bars;
  }
  RecordProperty("spikes_injected", static_cast<int>(spikes.injected));
  RecordProperty("spikes_found", static_cast<int>(spikes.found));
  RecordProperty("spikes_false_positives", static_cast<int>(spikes.false_positives));
  RecordProperty("prints_injected", static_cast<int>(prints.injected));
  ASSERT_GT(spikes.injected, 50u);
  ASSERT_GT(prints.injected, 50u);
  // Every bad print is a non-positive price: all must be quarantined, and nothing else.
  EXPECT_EQ(prints.found, prints.injected);
  EXPECT_EQ(prints.false_positives, 0u);
  // Spikes of 5–30%: the smallest ones can sit under 10 sigma of a volatile name.
  EXPECT_GE(static_cast<double>(spikes.found), 0.9 * static_cast<double>(spikes.injected))
      << spikes.found << " of " << spikes.injected;
  EXPECT_LE(spikes.false_positives, spikes.injected / 50) << "over ~" << 12 * 252 * 78 << " clean bars";
  // Holes left: the bars the feed dropped plus the quarantined prints.
  EXPECT_EQ(missing_reported, missing_injected + prints.injected);
}

}  // namespace
}  // namespace qtp::clean
