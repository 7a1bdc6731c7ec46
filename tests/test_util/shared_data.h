// The shared real data the integration tests read (../shared/data; each test skips when a folder is
// absent), and its GICS sectors as the universe file qtp reads.
#pragma once

#include <fstream>
#include <iterator>
#include <string>

#include "qtp/core/csv.h"

namespace qtp::test_util {

inline const std::string kShared = QTP_SHARED_DATA_DIR;
// Alpha Vantage daily bars of 101 S&P 500 names, 1999-2021, with splits and dividends.
inline const std::string kSharedAvDaily = kShared + "/sp500_daily_av_1999_2021";
inline const std::string kSharedSpy = kShared + "/benchmarks_daily/SPY_daily_yahoo_2000_2024.csv";
inline const std::string kSharedSectors = kShared + "/sp500_constituents_sectors/constituents_pooksoft_2021-04.csv";

// The source's Symbol,Name,Sector as ticker,name,sector,shares_outstanding (no share counts).
inline std::string SharedUniverseCsv() {
  std::ifstream in(kSharedSectors);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  csv::Reader reader(text);
  std::string out = "ticker,name,sector,shares_outstanding\n";
  csv::Record record;
  bool header = true;
  while (reader.Next(record)) {
    if (header) {
      header = false;
      continue;
    }
    if (record.fields.size() < 3) continue;
    out += record.fields[0] + ",\"" + record.fields[1] + "\",\"" + record.fields[2] + "\",\n";
  }
  return out;
}

}  // namespace qtp::test_util
