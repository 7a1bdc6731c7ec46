#include "qtp/data/simulate/universe.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace qtp::sim {
namespace {

TEST(Universe, SectorCountsTrackProportionsForEveryPrefix) {
  const std::vector<int> sectors = AssignSectors(1200);
  double total = 0;
  for (const auto& s : GicsSectors()) total += s.weight;
  EXPECT_EQ(total, 503);
  std::array<int, kNumSectors> counts{};
  for (size_t n = 0; n < sectors.size(); ++n) {
    ++counts[static_cast<size_t>(sectors[n])];
    for (int k = 0; k < kNumSectors; ++k) {
      const double quota = static_cast<double>(n + 1) * GicsSectors()[static_cast<size_t>(k)].weight / total;
      ASSERT_LT(std::fabs(counts[static_cast<size_t>(k)] - quota), 1.0) << "n=" << n + 1 << " sector " << k;
    }
  }
  // A prefix of a larger universe is the smaller universe.
  const std::vector<int> small = AssignSectors(100);
  EXPECT_TRUE(std::equal(small.begin(), small.end(), sectors.begin()));
}

TEST(Universe, TickerSymbols) {
  EXPECT_EQ(TickerSymbol(0), "SIM0001");
  EXPECT_EQ(TickerSymbol(499), "SIM0500");
  EXPECT_EQ(TickerSymbol(9998), "SIM9999");
}

TEST(Universe, WritesCsvAtomically) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "qtp_sim_universe_test";
  std::filesystem::remove_all(dir);
  const std::string path = (dir / "universe" / "sp500_constituents.csv").string();
  ASSERT_TRUE(
      WriteUniverseCsv(path, {{"SIM0001", "Kalo Systems SimCo", 0, 123456}, {"SIM0002", "Vitor Power SimCo", 8, 42}})
          .ok());
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(),
            "ticker,name,sector,shares_outstanding\n"
            "SIM0001,Kalo Systems SimCo,Information Technology,123456\n"
            "SIM0002,Vitor Power SimCo,Utilities,42\n");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace qtp::sim
