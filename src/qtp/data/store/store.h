// The crash-safe Parquet store under the data dir.
//
// Layout (docs/formats/store.md): <data>/<dataset path>/ticker=T/year=Y/part-<sha8>.parquet and
// <data>/manifest.json. A file is visible only when the manifest lists it. A write goes:
//   1. Parquet written by DuckDB into <data>/.staging/, hashed (SHA-256), its footer row count
//      checked against the rows given (the rows were validated against the TableSpec before);
//   2. renamed into its partition folder under a content-addressed name (a new name, never an
//      overwrite);
//   3. Commit(): syncfs makes every staged file durable, then the new manifest is written to a temp
//      file, fsynced and renamed over manifest.json, the single atomic publish step; then
//      superseded files are deleted.
// A crash before 3 leaves unlisted files (swept by the next writer, ignored by readers and verify);
// a crash after 3 leaves superseded files (also swept). Either way the listed files are complete.
//
// One writer at a time: Open(kWrite) takes an exclusive flock on <data>/.lock.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/table.h"
#include "qtp/data/store/duckdb/connection.h"
#include "qtp/data/store/manifest.h"

namespace qtp {

enum class StoreMode { kRead, kWrite };

struct StoreOptions {
  std::string data_dir = "data";
  std::string run_id;                // recorded in every manifest entry this writer creates
  StoreMode mode = StoreMode::kRead;
  uint64_t max_store_bytes = 0;      // 0 = no cap (config/system_limits.yaml: storage_cap_gb)
  int write_threads = 2;             // partitions encoded in parallel by one Merge/Replace
};

struct MergeStats {
  size_t rows_in = 0;
  size_t rows_added = 0;       // keys not stored before
  size_t rows_unchanged = 0;   // identical to the stored row
  size_t rows_replaced = 0;    // same key, different values: the new row wins
  size_t rows_removed = 0;     // Replace() only: stored keys absent from the new rows
  size_t files_written = 0;
  MergeStats& operator+=(const MergeStats& o);
};

class Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Merges one ticker's rows into `spec`'s dataset by spec.key: new keys are added, identical rows
  // ignored, and a changed row replaces the stored one (its old version is appended to `replaced`
  // when non-null, in key order). `rows` must be unique by key (the ingest layer dedupes). Partitions
  // whose content does not change are not rewritten, so re-ingesting is byte-identical.
  // Staged: nothing is visible until Commit(). Only kTickerYear datasets use `ticker`; the others
  // merge into the whole dataset.
  Result<MergeStats> Merge(const TableSpec& spec, std::string_view ticker, Table rows, Table* replaced = nullptr);
  // Makes `rows` the complete content of `spec` for `ticker` (derived datasets). Partitions that
  // end up empty are removed. For kYear and kNone the ticker is ignored and `rows` is the table.
  // With a year range, only partitions of years in [first_year, last_year] are replaced (rows must
  // lie in it): an incremental stage rewrites its latest years and keeps the others untouched.
  Result<MergeStats> Replace(const TableSpec& spec, std::string_view ticker, Table rows, int first_year = 0,
                             int last_year = 9999);
  // Publishes everything staged since the last Commit() in one atomic manifest swap.
  Status Commit();

  // Rows of `ticker` (all years, or those in [first_year, last_year]), sorted by key: the
  // committed files, plus what this writer staged since its last Commit(). Empty when nothing is stored.
  Result<Table> Read(const TableSpec& spec, std::string_view ticker, int first_year = 0, int last_year = 9999) const;
  // Tickers with files in `spec`'s dataset (committed, plus this writer's staged ones), sorted.
  std::vector<std::string> Tickers(const TableSpec& spec) const;
  // Whether a file of `spec`'s dataset was written in another layout (schema_version): Read refuses
  // it, so the stage that owns the dataset recomputes it.
  bool HoldsOtherLayout(const TableSpec& spec) const;

  // Runs SQL through DuckDB over this store's files (committed, plus this writer's staged ones),
  // with one view per dataset and the derived views listed in docs/formats/store.md.
  // Not thread-safe: a store has one DuckDB connection, so concurrent callers take turns.
  Status Query(const std::string& sql, const std::function<void(const std::vector<duck::QueryColumn>&)>& header,
               const std::function<void(const std::vector<std::string>&)>& row) const;
  // The same with `params` bound to the placeholders $1, $2, ... of `sql` by DuckDB.
  Status Query(const std::string& sql, const std::vector<duck::QueryParam>& params,
               const std::function<void(const std::vector<duck::QueryColumn>&)>& header,
               const std::function<void(const std::vector<std::string>&)>& row) const;

  const Manifest& manifest() const { return manifest_; }
  const std::string& data_dir() const { return options_.data_dir; }
  const std::string& run_id() const { return options_.run_id; }

 private:
  explicit Store(StoreOptions options);
  Status Initialize();
  struct Partition {
    int year;
    Table rows;  // key-sorted
  };
  struct StagedFile {
    std::string path;  // in <data>/.staging/
    std::string sha256;
    uint64_t bytes = 0;
  };
  // Writes `rows` as Parquet to `staging` with `db`, checks the footer's row count, hashes it.
  // Thread-safe for distinct connections.
  static Result<StagedFile> StageFile(duck::Connection& db, const Table& rows, const std::string& staging);
  // Stages every partition (in parallel) and publishes each (in order).
  Status WritePartitions(const TableSpec& spec, const std::string& ticker, const std::vector<Partition>& parts,
                         MergeStats& stats);
  // Moves a staged file to its content-addressed name and points the in-memory manifest at it; a
  // no-op when the bytes equal the committed file's.
  Status Publish(const TableSpec& spec, const std::string& ticker, int year, const Table& rows,
                 const StagedFile& staged, MergeStats& stats);

  StoreOptions options_;
  int lock_fd_ = -1;
  Manifest manifest_;             // committed + staged entries (staged ones published by Commit)
  bool dirty_ = false;
  std::vector<std::string> superseded_;  // files to delete after the next Commit()
  mutable bool dataset_views_built_ = false;  // a reader's dataset views exist (Query)
  struct Impl;
  std::unique_ptr<Impl> impl_;
  duck::Connection& impl_db() const;
};

}  // namespace qtp
