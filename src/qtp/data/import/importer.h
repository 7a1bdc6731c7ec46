// `qtp import`: real CSV files → the store, through the one ingest path.
//
// A path is a file or a folder (walked recursively, in path order, hidden entries skipped). Each
// CSV is classified by its header (csv_layout.h):
//   bars               → parsed (bar_file.h) → Ingestor::AddBars5m / AddBars1d per ticker, split and
//                        dividend columns → Ingestor::AddCorporateActions; committed every
//                        `commit_every_files` files, so a crash loses at most the files since the last commit.
//   membership changes → with the newest constituents list in the same import: point-in-time
//                        membership → reference/universe_membership (replaced whole).
//   constituents       → merged name/sector map → <data dir>/universe/sp500_constituents.csv.
//   anything else      → skipped with the reason (reference series such as FRED, Fama-French and
//                        Shiller files; JSON provider replies; README/PROVENANCE/SHA256SUMS).
// A bar file that cannot be read fails on its own (reason in the report) and the walk goes on; the
// caller should exit non-zero when report.Count(kFailed) > 0. A single named file that is not
// importable is an error.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "qtp/core/status.h"
#include "qtp/data/import/bar_file.h"
#include "qtp/data/import/import_report.h"
#include "qtp/data/ingest/ingestor.h"
#include "qtp/data/store/store.h"

namespace qtp {

struct ImportRequest {
  std::string path;                 // file or folder
  CsvImportOptions csv;             // --format, --ticker (single file only), --tz, ...
  size_t commit_every_files = 1;    // >= 1
  bool write_universe_csv = true;   // write <data dir>/universe/sp500_constituents.csv from constituents lists
};

struct ImportProgress {
  size_t files_done = 0;
  size_t files_total = 0;
  size_t rows = 0;                  // data rows read so far
  std::string current_file;
};
// Called after each file. A non-OK status stops the run (e.g. the runtime cap); files committed
// before it stay committed.
using ImportProgressFn = std::function<Status(const ImportProgress&)>;

// `store` must be open for writing and be the store `ingestor` writes to.
// Errors: NotFound (path, time zone), InvalidArgument (bad request; a single named file that is not
// importable), and any store/ingest error (the run stops; files committed before it stay committed).
Result<ImportReport> RunImport(Store& store, Ingestor& ingestor, const ImportRequest& request,
                               const ImportProgressFn& progress = {});

}  // namespace qtp
