// The GICS sectors of the shared S&P 500 constituents list as the universe file qtp reads, for the
// tests on the shared real data (skipped when it is absent).
#pragma once

#include <fstream>
#include <iterator>
#include <string>

#include "qtp/core/csv.h"

namespace qtp::test_util {

inline const std::string kSharedSectors =
    std::string(QTP_SHARED_DATA_DIR) + "/sp500_constituents_sectors/constituents_pooksoft_2021-04.csv";

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
