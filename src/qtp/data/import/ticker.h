// Ticker spelling shared by every importer, so that one company has one key across datasets.
#pragma once

#include <string>
#include <string_view>

#include "qtp/core/status.h"

namespace qtp {

// Canonical ticker: trimmed, upper-cased, a trailing parenthesised note dropped
// ("RVTY (Previously PKI)" → "RVTY"), and share-class separators '-' and '/' written as '.'
// ("BRK-B", "BRK/B" → "BRK.B", the spelling of the constituents lists and price files).
// InvalidArgument when the result is empty or holds anything but A–Z, 0–9 and '.', or is longer
// than 12 characters.
Result<std::string> NormalizeTicker(std::string_view text);

// Ticker implied by a file name (directory part ignored):
//   "DA-<T>-T-YYYY-MM-DD.csv" (Alpha Vantage downloads) → <T>
//   otherwise the name without its extension, up to the first '_':
//   "AAPL_5min.csv" → AAPL, "BRK.B_data.csv" → BRK.B, "XLB.csv" → XLB, "SPY_daily_yahoo_2000_2024.csv" → SPY.
// The result goes through NormalizeTicker; its error names the file and suggests --ticker.
Result<std::string> TickerFromFileName(const std::string& path);

}  // namespace qtp
