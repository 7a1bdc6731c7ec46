#include "qtp/data/simulate/universe.h"

#include <fmt/format.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace qtp::sim {

const std::array<SectorInfo, kNumSectors>& GicsSectors() {
  static const std::array<SectorInfo, kNumSectors> sectors = {{
      {"Information Technology", 68},
      {"Financials", 72},
      {"Health Care", 62},
      {"Industrials", 78},
      {"Consumer Discretionary", 51},
      {"Communication Services", 22},
      {"Consumer Staples", 38},
      {"Energy", 22},
      {"Utilities", 31},
      {"Real Estate", 31},
      {"Materials", 28},
  }};
  return sectors;
}

std::vector<int> AssignSectors(int num_tickers) {
  // Sequential largest-deficit apportionment: ticker n goes to the sector furthest below its quota
  // (n+1) × w_k / W, computed in integers as (n+1) w_k − count_k W; ties go to the lower index.
  const auto& sectors = GicsSectors();
  int64_t total = 0;
  for (const auto& s : sectors) total += s.weight;
  std::array<int64_t, kNumSectors> counts{};
  std::vector<int> out;
  out.reserve(static_cast<size_t>(num_tickers));
  for (int64_t n = 0; n < num_tickers; ++n) {
    int chosen = 0;
    int64_t best = INT64_MIN;
    for (int k = 0; k < kNumSectors; ++k) {
      const int64_t deficit = (n + 1) * sectors[k].weight - counts[k] * total;
      if (deficit > best) {
        best = deficit;
        chosen = k;
      }
    }
    ++counts[chosen];
    out.push_back(chosen);
  }
  return out;
}

std::string TickerSymbol(int index) { return fmt::format("SIM{:04d}", index + 1); }

Status WriteUniverseCsv(const std::string& path, const std::vector<TickerInfo>& tickers) {
  const std::filesystem::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) {
    std::filesystem::create_directories(target.parent_path(), ec);
    if (ec)
      return Status::IOError(fmt::format("{}: cannot create folder: {}", target.parent_path().string(), ec.message()));
  }
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IOError(fmt::format("{}: cannot open for writing", tmp));
    out << "ticker,name,sector,shares_outstanding\n";
    const auto& sectors = GicsSectors();
    for (const TickerInfo& t : tickers) {
      out << t.ticker << ',' << t.name << ',' << sectors[t.sector].name << ',' << t.shares_outstanding << '\n';
    }
    out.flush();
    if (!out) return Status::IOError(fmt::format("{}: write failed", tmp));
  }
  std::filesystem::rename(tmp, target, ec);
  if (ec) return Status::IOError(fmt::format("{}: cannot rename to {}: {}", tmp, path, ec.message()));
  return Status::OK();
}

}  // namespace qtp::sim
