// Parsing one CSV bar file into typed, per-ticker batches: a pure function (no store), so every
// rule here is unit-testable on inline strings.
//
// Row policy (never silently drop a row):
//   - blank or missing-value cells in a price/volume column ("", null, NaN, NA, N/A, ".") become NaN
//     and the row is passed on; ingest quarantines non-finite rows with a reason. Counted as
//     rows_with_missing_values, each listed in `problems`.
//   - a non-empty cell that is not a number becomes NaN the same way, but counts as malformed
//     (rows_with_bad_values).
//   - a row that cannot be placed at all (wrong field count, bad date/time, no ticker) is rejected:
//     not passed on, counted in rows_rejected and listed in `problems` with its line and column.
//   - if malformed + rejected rows exceed max_bad_row_fraction of the data rows, the whole file fails
//     with InvalidArgument naming the first problem as file:line:column.
//
// Time policy: naive cells are wall-clock time in `tz`; explicit offsets and epochs are honored.
// 5-minute bars are stored by their START. With BarLabel::kAuto a file is taken as end-labelled
// when it has bars ending the session (16:00 New York) but none starting it (09:30), and is shifted
// back 5 minutes. Daily bars keep the date as written (an epoch cell gives its date in `tz`).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "qtp/core/bars.h"
#include "qtp/core/status.h"

namespace qtp {

enum class BarFormat { kAuto, kCsv5m, kCsvDaily };
// "auto", "csv-5m", "csv-daily"; InvalidArgument otherwise.
Result<BarFormat> ParseBarFormat(std::string_view text);

enum class BarLabel { kAuto, kStart, kEnd };
// "auto", "start", "end"; InvalidArgument otherwise.
Result<BarLabel> ParseBarLabel(std::string_view text);

// What the OHLC(V) of a file already include. Cleaning back-adjusts `kNone` rows with the stored
// corporate actions and must not adjust `kSplit` rows for splits again.
enum class PriceAdjustment {
  kAuto,           // decide from the file: split/dividend columns → kNone; daily otherwise → kSplit; 5m → kNone
  kNone,           // as traded
  kSplit,          // split-adjusted, not dividend-adjusted (Yahoo "Close", IEX)
  kSplitDividend,  // split- and dividend-adjusted
};
// "auto", "none", "split", "split_dividend"; InvalidArgument otherwise.
Result<PriceAdjustment> ParsePriceAdjustment(std::string_view text);
const char* PriceAdjustmentName(PriceAdjustment adjustment);

enum class BarInterval { k5m, k1d };
const char* BarIntervalName(BarInterval interval);  // "5m" / "1d"

struct CsvImportOptions {
  BarFormat format = BarFormat::kAuto;
  std::string ticker;                    // used when the file has no ticker column; else the file name rule
  std::string tz = "America/New_York";   // zone of naive date/time cells
  BarLabel bar_label = BarLabel::kAuto;
  PriceAdjustment adjustment = PriceAdjustment::kAuto;
  double max_bad_row_fraction = 0.01;    // malformed + rejected rows allowed, as a fraction of data rows
  std::string dataset;                   // source tag's dataset; empty = the file's parent folder name
};

enum class RowProblemKind {
  kMissingValue,  // passed on with NaN: ingest quarantines it
  kBadValue,      // passed on with NaN, and counts as malformed
  kRejected,      // not passed on, counts as malformed
};
const char* RowProblemKindName(RowProblemKind kind);  // "missing_value", "bad_value", "rejected"

struct RowProblem {
  size_t line = 0;
  size_t column = 0;  // 1-based; 0 = the whole row
  RowProblemKind kind = RowProblemKind::kRejected;
  std::string message;
};

struct ParsedBarFile {
  std::string path;
  BarInterval interval = BarInterval::k1d;
  PriceAdjustment adjustment = PriceAdjustment::kNone;  // resolved (never kAuto)
  bool end_labels_shifted = false;   // 5m file labelled by bar end, moved to bar start
  std::string time_basis;            // e.g. "naive, read in America/New_York" / "explicit UTC offset" / "date only"
  std::string source;                // per-row source tag: "csv:<dataset>;adj=<adjustment>"
  std::vector<Bars5m> bars_5m;       // one batch per ticker, in order of first appearance
  std::vector<Bars1d> bars_1d;
  std::vector<CorporateAction> actions;
  size_t data_rows = 0;              // records after the header
  size_t rows_with_missing_values = 0;
  size_t rows_with_bad_values = 0;
  size_t rows_rejected = 0;
  std::vector<RowProblem> problems;  // every counted row, in line order
  std::vector<std::string> ignored_columns;

  size_t rows_passed_on() const { return data_rows - rows_rejected; }
};

// Source tag for rows of `dataset` with `adjustment`: "csv:<dataset>;adj=<none|split|split_dividend>".
// The adjustment part of a `source` value: what CsvSourceTag wrote, or kNone for sources with no
// ";adj=" tag (providers and the simulator deliver prices as traded).
PriceAdjustment PriceAdjustmentOfSource(std::string_view source);
std::string CsvSourceTag(const std::string& dataset, PriceAdjustment adjustment);

// Parses a whole file's text. Errors:
//   NotSupported   — the file is not a bar file (the message says why: header, JSON body, 1-minute bars);
//                    a directory import skips such files and reports the reason.
//   InvalidArgument — a bar file that cannot be read: empty, ambiguous header, interval undeterminable,
//                    too many bad rows; the message names path:line:column.
//   NotFound       — unknown time zone.
Result<ParsedBarFile> ParseBarCsv(std::string_view text, const std::string& path, const CsvImportOptions& options);

}  // namespace qtp
