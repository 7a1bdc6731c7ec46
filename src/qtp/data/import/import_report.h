// What `qtp import` did, per file and in total; rendered as text (CLI) and JSON (--json, tests).
#pragma once

#include <string>
#include <vector>

#include "qtp/data/import/bar_file.h"
#include "qtp/data/ingest/ingestor.h"

namespace qtp {

enum class FileOutcome { kImported, kSkipped, kFailed };
const char* FileOutcomeName(FileOutcome outcome);  // "imported", "skipped", "failed"

struct FileReport {
  std::string path;
  // "bars_5m", "bars_1d", "membership_changes", "constituents", or "other" (skipped).
  std::string kind;
  FileOutcome outcome = FileOutcome::kSkipped;
  std::string reason;                  // why skipped / failed (names file:line:column when it can)
  std::vector<std::string> tickers;
  size_t data_rows = 0;                // records after the header
  size_t rows_passed_on = 0;           // handed to ingest (data_rows - rows_rejected)
  size_t rows_with_missing_values = 0;
  size_t rows_with_bad_values = 0;
  size_t rows_rejected = 0;
  size_t splits = 0;
  size_t dividends = 0;
  std::string source;                  // per-row source tag written with the bars
  std::string adjustment;              // "none", "split", "split_dividend"
  std::string time_basis;
  bool end_labels_shifted = false;
  std::vector<std::string> ignored_columns;
  std::vector<RowProblem> problems;    // every counted row problem, in line order
  IngestStats ingest;                  // what ingest did with this file's rows (quarantined, added, ...)
};

struct MembershipReport {
  bool built = false;
  std::string changes_path;
  std::string constituents_path;      // the list that anchored the backward walk
  std::string anchor_date;            // its as-of date, "YYYY-MM-DD" or empty
  size_t events = 0;
  size_t intervals = 0;
  size_t current_members = 0;
  size_t censored_starts = 0;
  size_t renames_collapsed = 0;
  std::vector<std::string> warnings;
  std::string universe_csv_path;      // written sector map, empty if none
  size_t universe_tickers = 0;
};

struct ImportReport {
  std::vector<FileReport> files;      // sorted by path
  MembershipReport membership;
  IngestStats totals;                 // summed over files

  size_t Count(FileOutcome outcome) const;
  // Summary line, one line per file (problems: first `max_problems_per_file` of each file, then a
  // count of the rest) and the membership section.
  std::string ToText(size_t max_problems_per_file = 10) const;
  // Everything, including every problem; stable key order.
  std::string ToJson() const;
};

}  // namespace qtp
