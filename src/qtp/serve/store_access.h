// The API's read-only view of the store, kept current while the daily job commits.
//
// A Snapshot is one committed state: a read Store opened on that manifest plus what the API derives
// from it once (the rankings cache, the ticker directory). A watcher thread looks at manifest.json's
// (mtime, size, inode) every poll interval; when it changed, a new Snapshot is built and swapped in
// (shared_ptr), and requests already running finish on the one they hold. A commit deletes the
// files it supersedes, so a query on an old Snapshot can fail; Query then reloads and runs once
// more on the new state.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/data/store/store.h"
#include "qtp/serve/json_text.h"
#include "qtp/serve/rankings_cache.h"

namespace qtp::serve {

// manifest.json's identity on disk: a commit renames a new file over it (new inode).
struct ManifestSignature {
  bool exists = false;
  int64_t mtime_ns = 0;
  int64_t size = 0;
  uint64_t inode = 0;
  bool operator==(const ManifestSignature&) const = default;
};
ManifestSignature ReadManifestSignature(const std::string& data_dir);

struct TickerEntry {
  std::string ticker;
  std::string name;  // from the universe file, "" when it has none
  std::string sector;
  DateDays first_date = kNullDate;  // of its daily bars
  DateDays last_date = kNullDate;
};

// The rows of a query as DuckDB rendered them ("NULL" for NULL).
struct QueryRows {
  std::vector<duck::QueryColumn> columns;
  std::vector<std::vector<std::string>> rows;
  // One object per row, keyed by column name (numeric columns as numbers).
  Json ToJson() const;
  Json RowJson(size_t row) const;
};

struct Snapshot {
  ManifestSignature signature;
  uint64_t generation = 0;  // 1 for the first snapshot, +1 per reload
  std::unique_ptr<Store> store;
  mutable std::mutex query_mutex;  // Store::Query has one DuckDB connection
  RankingsCache rankings;
  std::vector<TickerEntry> tickers;  // sorted by ticker

  const TickerEntry* FindTicker(const std::string& ticker) const;
  Result<QueryRows> Query(const std::string& sql, const std::vector<duck::QueryParam>& params) const;
};

// The snapshot of `data_dir` as it is now.
Result<std::shared_ptr<Snapshot>> BuildSnapshot(const std::string& data_dir, uint64_t generation);

class StoreAccess {
 public:
  struct Options {
    std::string data_dir;
    std::chrono::milliseconds poll_interval{200};
  };
  // Builds the first snapshot (an error when the store cannot be read) and starts the watcher.
  static Result<std::unique_ptr<StoreAccess>> Open(Options options);
  ~StoreAccess();
  StoreAccess(const StoreAccess&) = delete;
  StoreAccess& operator=(const StoreAccess&) = delete;

  std::shared_ptr<const Snapshot> Current() const;
  // A bound query on the current snapshot, once more on a fresh one if a commit got in its way.
  // Unavailable when it still fails (never the client's fault: request text is never SQL).
  Result<QueryRows> Query(const std::string& sql, const std::vector<duck::QueryParam>& params);
  // Swaps in a new snapshot when manifest.json changed since the current one was built; true when
  // it did. The watcher calls it every poll interval.
  Result<bool> ReloadIfChanged();
  const std::string& data_dir() const { return options_.data_dir; }

 private:
  explicit StoreAccess(Options options) : options_(std::move(options)) {}
  void Watch(std::stop_token stop);

  Options options_;
  mutable std::mutex current_mutex_;
  std::shared_ptr<const Snapshot> current_;
  std::mutex reload_mutex_;  // one reload at a time
  std::mutex watch_mutex_;   // for watch_wakeup_ only
  std::condition_variable_any watch_wakeup_;
  std::string last_reload_error_;  // logged once, not every poll (under reload_mutex_)
  std::jthread watcher_;           // last: stopped and joined first
};

}  // namespace qtp::serve
