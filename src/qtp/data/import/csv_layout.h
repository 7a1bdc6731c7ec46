// Header detection for the CSV files `qtp import` reads: which column means what, and what kind of
// file it is (bars, S&P 500 membership changes, a constituents list, or something else).
//
// Column names are compared after normalisation: trimmed, lower-cased, a leading "<n>. " dropped
// (Alpha Vantage "1. open"), spaces and '-' turned into '_'. Aliases (normalised form):
//   time          date, timestamp, datetime, date_time, time
//   open/high/low/close   open high low close, o h l c
//   volume        volume, vol, v
//   adj close     adj_close, adjusted_close, adjclose   (read but not stored: cleaning adjusts)
//   vwap          vwap, vw;   trade count  trade_count, trades, transactions, n
//   dividend      dividend_amount, dividend, dividends
//   split         split_coefficient, split_ratio, split_factor, stock_splits, splits
//   ticker        ticker, symbol, name
// Any other column is ignored and listed in the import report.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "qtp/core/status.h"

namespace qtp {

enum class CsvKind {
  kBars,               // time + open + high + low + close + volume
  kMembershipChanges,  // date, added_tickers, removed_tickers
  kConstituents,       // symbol + sector (+ name/security)
  kOther,              // anything else: not imported, reported as skipped with the reason
};

// Column positions (0-based, -1 when absent).
struct CsvLayout {
  CsvKind kind = CsvKind::kOther;
  std::string not_bars_reason;       // kOther: why the file is not a bar file
  int time = -1, open = -1, high = -1, low = -1, close = -1, volume = -1;
  int adj_close = -1, vwap = -1, trade_count = -1, dividend = -1, split = -1, ticker = -1;
  // Constituents / membership files.
  int name = -1, sector = -1, added = -1, removed = -1, snapshot_date = -1;
  size_t num_columns = 0;
  std::vector<std::string> ignored_columns;  // as written in the header
};

std::string NormalizeColumnName(std::string_view name);

// Classifies a header row. InvalidArgument naming `path`, line 1 and the column when two columns
// claim the same role (e.g. "close" and "c"), which would make the file ambiguous.
Result<CsvLayout> DetectLayout(const std::vector<std::string>& header, const std::string& path);

}  // namespace qtp
