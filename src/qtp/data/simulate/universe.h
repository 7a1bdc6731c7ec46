// The simulated universe: synthetic tickers (SIM0001, ...) that cannot be mistaken for real ones,
// the 11 GICS sectors in S&P 500-like proportions, and the universe file writer.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "qtp/core/status.h"

namespace qtp::sim {

inline constexpr int kNumSectors = 11;

struct SectorInfo {
  const char* name;  // GICS sector name
  int weight;        // approximate S&P 500 constituent count
};
// GICS sectors with their approximate S&P 500 constituent counts (sum 503).
const std::array<SectorInfo, kNumSectors>& GicsSectors();

// Sector index of each of `num_tickers` tickers: a deterministic interleave in which every prefix of
// n tickers has each sector's count within 1 of n × weight / total weight, so any universe size gets
// realistic proportions, and adding tickers never moves existing ones.
std::vector<int> AssignSectors(int num_tickers);

struct TickerInfo {
  std::string ticker;              // "SIM0001" for index 0
  std::string name;                // synthetic company name
  int sector = 0;                  // index into GicsSectors()
  int64_t shares_outstanding = 0;  // as of the simulation's last day (after splits)
};

std::string TickerSymbol(int index);

// Writes `ticker,name,sector,shares_outstanding` (header + one row per ticker) atomically: a temp
// file in the same folder, then rename. Creates the parent folder.
Status WriteUniverseCsv(const std::string& path, const std::vector<TickerInfo>& tickers);

}  // namespace qtp::sim
