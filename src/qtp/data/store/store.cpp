#include "qtp/data/store/store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "qtp/core/file_util.h"
#include "qtp/core/table_ops.h"
#include "qtp/data/store/duckdb/connection.h"
#include "qtp/data/store/paths.h"

namespace qtp {
namespace fs = std::filesystem;

namespace {

bool TimeIsDate(const TableSpec& spec) {
  return spec.columns[spec.ColumnIndex(spec.time_column)].type == ColumnType::kDate;
}

// The time column's value in its own unit: days for dates, µs for timestamps.
int64_t TimeOf(const TableSpec& spec, const Table& t, size_t row) {
  const int idx = spec.ColumnIndex(spec.time_column);
  if (TimeIsDate(spec)) return std::get<std::vector<int32_t>>(t.columns()[idx])[row];
  return std::get<std::vector<int64_t>>(t.columns()[idx])[row];
}

int YearOf(const TableSpec& spec, const Table& t, size_t row) {
  const int64_t time = TimeOf(spec, t, row);
  return CivilFromDays(TimeIsDate(spec) ? static_cast<DateDays>(time) : DateOfTimestampUtc(time)).year;
}

std::string DistinctSources(const TableSpec& spec, const Table& t) {
  const int idx = spec.ColumnIndex("source");
  if (idx < 0) return "";
  std::set<std::string> distinct;
  const std::string* last = nullptr;
  for (const std::string& s : std::get<std::vector<std::string>>(t.columns()[idx])) {
    if (last != nullptr && *last == s) continue;
    distinct.insert(s);
    last = &s;
  }
  std::string out;
  for (const std::string& s : distinct) out += (out.empty() ? "" : ",") + s;
  return out;
}

Status CheckSpec(const TableSpec& spec) {
  if (spec.partitioning != Partitioning::kNone && (spec.key.empty() || spec.key[0] != spec.time_column)) {
    return Status::Internal(fmt::format("dataset {}: partitioned by year, so its key must start with {}", spec.name,
                                        spec.time_column));
  }
  return Status::OK();
}

// Manifest path prefix of a dataset's files: all of them, or one ticker's for kTickerYear.
std::string DatasetPrefix(const TableSpec& spec, std::string_view ticker) {
  if (spec.partitioning == Partitioning::kTickerYear) return fmt::format("{}/ticker={}/", spec.path, ticker);
  return spec.path + "/";
}

// [begin, end) row ranges of a key-sorted table, one per partition year.
std::vector<std::pair<int, std::pair<size_t, size_t>>> YearRanges(const TableSpec& spec, const Table& t) {
  std::vector<std::pair<int, std::pair<size_t, size_t>>> ranges;
  const size_t n = t.num_rows();
  if (spec.partitioning == Partitioning::kNone) {
    ranges.push_back({0, {0, n}});
    return ranges;
  }
  // Rows are sorted by the time column (key[0]): each year is one range, found by binary search.
  const ColumnData& time = t.columns()[spec.ColumnIndex(spec.time_column)];
  size_t begin = 0;
  while (begin < n) {
    const int year = YearOf(spec, t, begin);
    const DateDays next_year = DaysFromCivil(year + 1, 1, 1);
    size_t end = 0;
    if (TimeIsDate(spec)) {
      const auto& v = std::get<std::vector<int32_t>>(time);
      end = static_cast<size_t>(std::lower_bound(v.begin() + static_cast<std::ptrdiff_t>(begin), v.end(), next_year) -
                                v.begin());
    } else {
      const auto& v = std::get<std::vector<int64_t>>(time);
      const int64_t boundary = static_cast<int64_t>(next_year) * kMicrosPerDay;
      end = static_cast<size_t>(std::lower_bound(v.begin() + static_cast<std::ptrdiff_t>(begin), v.end(), boundary) -
                                v.begin());
    }
    ranges.push_back({year, {begin, end}});
    begin = end;
  }
  return ranges;
}

}  // namespace

MergeStats& MergeStats::operator+=(const MergeStats& o) {
  rows_in += o.rows_in;
  rows_added += o.rows_added;
  rows_unchanged += o.rows_unchanged;
  rows_replaced += o.rows_replaced;
  rows_removed += o.rows_removed;
  files_written += o.files_written;
  return *this;
}

struct Store::Impl {
  std::unique_ptr<duck::Connection> db;                    // reads and queries
  std::vector<std::unique_ptr<duck::Connection>> writers;  // one per staging thread (kWrite only)
  uint64_t staging_counter = 0;

  // Entry of the partition (dataset, ticker, year) in `manifest`, or nullptr.
  static const ManifestEntry* FindPartition(const Manifest& manifest, const TableSpec& spec, const std::string& ticker,
                                            int year) {
    const std::string prefix = paths::PartitionDir(spec, ticker, year) + "/";
    auto it = manifest.entries.lower_bound(prefix);
    if (it != manifest.entries.end() && it->first.compare(0, prefix.size(), prefix) == 0 &&
        it->second.dataset == spec.name) {
      return &it->second;
    }
    return nullptr;
  }

  Result<Table> ReadFile(const TableSpec& spec, const std::string& path) {
    std::string cols;
    for (const ColumnSpec& c : spec.columns) cols += (cols.empty() ? "" : ", ") + duck::SqlIdentifier(c.name);
    return db->QueryTable(spec, fmt::format("SELECT {} FROM read_parquet({})", cols, duck::SqlQuote(path)));
  }
};

Store::Store(StoreOptions options) : options_(std::move(options)), impl_(std::make_unique<Impl>()) {}

duck::Connection& Store::impl_db() const { return *impl_->db; }

Store::~Store() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  std::unique_ptr<Store> store(new Store(options));
  QTP_RETURN_IF_ERROR(store->Initialize());
  return store;
}

Status Store::Initialize() {
  const std::string& dir = options_.data_dir;
  if (options_.mode == StoreMode::kWrite) {
    QTP_RETURN_IF_ERROR(MakeDirs(dir));
    const std::string lock_path = paths::Join(dir, paths::kLockFile);
    lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0) return Status::IOError("cannot open lock file " + lock_path);
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
      return Status::Unavailable(fmt::format("another qtp process is writing to {} (lock {} is held)", dir, lock_path));
    }
  }
  const std::string manifest_path = paths::Join(dir, paths::kManifestFile);
  if (fs::exists(manifest_path)) {
    QTP_ASSIGN_OR_RETURN(std::string text, qtp::ReadFile(manifest_path));
    QTP_ASSIGN_OR_RETURN(manifest_, Manifest::FromJson(text, manifest_path));
  }
  // Queries scan many files: let DuckDB use every core. Writers below stay single-threaded so the
  // Parquet bytes they produce are deterministic.
  QTP_ASSIGN_OR_RETURN(impl_->db, duck::Connection::OpenInMemory(static_cast<int>(
                                      std::max(1u, std::thread::hardware_concurrency()))));
  if (options_.mode == StoreMode::kWrite) {
    for (int i = 0; i < std::max(1, options_.write_threads); ++i) {
      QTP_ASSIGN_OR_RETURN(std::unique_ptr<duck::Connection> writer, duck::Connection::OpenInMemory(1));
      impl_->writers.push_back(std::move(writer));
    }
    // Recovery: whatever an interrupted writer left behind is not in the manifest; remove it.
    std::error_code ec;
    fs::remove_all(paths::Join(dir, paths::kStagingDir), ec);
    QTP_RETURN_IF_ERROR(MakeDirs(paths::Join(dir, paths::kStagingDir)));
    // Only files with the store's own content-addressed names are touched, never a user's file.
    for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
      if (!it->is_regular_file() || !paths::IsPartFileName(it->path().filename().string())) continue;
      const std::string rel = fs::relative(it->path(), dir).generic_string();
      if (manifest_.entries.count(rel) == 0) fs::remove(it->path(), ec);
    }
  }
  return Status::OK();
}

Result<MergeStats> Store::Merge(const TableSpec& spec, std::string_view ticker_view, Table rows, Table* replaced) {
  if (options_.mode != StoreMode::kWrite) return Status::Internal("store opened read-only");
  const std::string ticker = spec.partitioning == Partitioning::kTickerYear ? std::string(ticker_view) : "";
  QTP_RETURN_IF_ERROR(CheckSpec(spec));
  if (spec.partitioning == Partitioning::kTickerYear && !paths::IsValidTicker(ticker)) {
    return Status::InvalidArgument(fmt::format("invalid ticker '{}'", ticker));
  }
  QTP_RETURN_IF_ERROR(rows.Validate());
  const std::vector<int> key = KeyColumns(spec);
  if (!StrictlyIncreasingIntegerKey(rows, key)) {
    if (std::vector<size_t> order = SortOrder(rows, key); !order.empty()) rows = TakeRows(rows, order);
    for (size_t i = 1; i < rows.num_rows(); ++i) {
      if (CompareRows(rows, i - 1, rows, i, key) == 0) {
        return Status::InvalidArgument(
            fmt::format("{} {}: duplicate key in merge input at row {}", spec.name, ticker, i));
      }
    }
  }
  MergeStats stats;
  stats.rows_in = rows.num_rows();
  std::vector<Partition> pending;
  for (const auto& [year, range] : YearRanges(spec, rows)) {
    Table incoming = range.first == 0 && range.second == rows.num_rows() ? std::move(rows)
                                                                           : SliceRows(rows, range.first, range.second);
    const ManifestEntry* existing = Impl::FindPartition(manifest_, spec, ticker, year);
    if (existing == nullptr) {
      stats.rows_added += incoming.num_rows();
      pending.push_back({year, std::move(incoming)});
      continue;
    }
    QTP_ASSIGN_OR_RETURN(Table stored, impl_->ReadFile(spec, paths::Join(options_.data_dir, existing->path)));
    Table merged(spec);
    size_t i = 0, j = 0;
    size_t added = 0, changed = 0;
    while (i < stored.num_rows() || j < incoming.num_rows()) {
      const int cmp = i == stored.num_rows()     ? 1
                      : j == incoming.num_rows() ? -1
                                                 : CompareRows(stored, i, incoming, j, key);
      if (cmp < 0) {
        AppendRow(merged, stored, i++);
      } else if (cmp > 0) {
        AppendRow(merged, incoming, j++);
        ++added;
      } else {
        if (RowsEqual(stored, i, incoming, j)) {
          ++stats.rows_unchanged;
        } else {
          ++changed;
          if (replaced != nullptr) AppendRow(*replaced, stored, i);
        }
        AppendRow(merged, incoming, j);
        ++i;
        ++j;
      }
    }
    stats.rows_added += added;
    stats.rows_replaced += changed;
    if (added + changed == 0) continue;  // nothing new: keep the committed file untouched
    pending.push_back({year, std::move(merged)});
  }
  QTP_RETURN_IF_ERROR(WritePartitions(spec, ticker, pending, stats));
  return stats;
}

Result<MergeStats> Store::Replace(const TableSpec& spec, std::string_view ticker_view, Table rows, int first_year,
                                  int last_year) {
  if (options_.mode != StoreMode::kWrite) return Status::Internal("store opened read-only");
  const std::string ticker = spec.partitioning == Partitioning::kTickerYear ? std::string(ticker_view) : "";
  QTP_RETURN_IF_ERROR(CheckSpec(spec));
  if (spec.partitioning == Partitioning::kTickerYear && !paths::IsValidTicker(ticker)) {
    return Status::InvalidArgument(fmt::format("invalid ticker '{}'", ticker));
  }
  QTP_RETURN_IF_ERROR(rows.Validate());
  if (const std::vector<int> key = KeyColumns(spec); !StrictlyIncreasingIntegerKey(rows, key)) {
    if (std::vector<size_t> order = SortOrder(rows, key); !order.empty()) rows = TakeRows(rows, order);
  }
  MergeStats stats;
  stats.rows_in = rows.num_rows();
  std::set<int> written_years;
  std::vector<Partition> pending;
  for (const auto& [year, range] : YearRanges(spec, rows)) {
    if (spec.partitioning != Partitioning::kNone && (year < first_year || year > last_year)) {
      return Status::InvalidArgument(fmt::format("{}: replacing years {}..{}, but rows of {} were given", spec.name,
                                                 first_year, last_year, year));
    }
    written_years.insert(year);
    pending.push_back({year, range.first == 0 && range.second == rows.num_rows()
                                 ? std::move(rows)
                                 : SliceRows(rows, range.first, range.second)});
  }
  QTP_RETURN_IF_ERROR(WritePartitions(spec, ticker, pending, stats));
  // Partitions of this ticker that the new content no longer covers.
  std::vector<std::string> stale;
  const std::string prefix = DatasetPrefix(spec, ticker);
  for (auto it = manifest_.entries.lower_bound(prefix);
       it != manifest_.entries.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    const int year = it->second.year;
    const bool in_range = spec.partitioning == Partitioning::kNone || (year >= first_year && year <= last_year);
    if (it->second.dataset == spec.name && in_range && written_years.count(year) == 0) stale.push_back(it->first);
  }
  for (const std::string& path : stale) {
    stats.rows_removed += manifest_.entries.at(path).rows;
    superseded_.push_back(path);
    manifest_.entries.erase(path);
    dirty_ = true;
  }
  return stats;
}

Result<Store::StagedFile> Store::StageFile(duck::Connection& db, const Table& rows, const std::string& staging) {
  // ROW_GROUP_SIZE fixed and one DuckDB thread: the file bytes are a pure function of the rows.
  // LZ4 with Parquet v2 encodings (delta timestamps, byte-stream-split doubles): measured here it
  // writes ~25% faster and scans ~25% faster than ZSTD v1, for files about as small on raw
  // (cent-grid) prices and ~20% larger on adjusted ones (docs/formats/store.md).
  QTP_RETURN_IF_ERROR(db.ExecuteOnTable(
      rows, fmt::format("COPY (FROM qtp_table()) TO {} "
                        "(FORMAT PARQUET, COMPRESSION LZ4_RAW, PARQUET_VERSION V2, ROW_GROUP_SIZE 122880)",
                        duck::SqlQuote(staging))));
  // Validate what landed on disk before it can become visible: the row count from the footer.
  static const TableSpec kCountSpec{"count", "", {{"n", ColumnType::kInt64}}, {}, "", Partitioning::kNone, 1};
  QTP_ASSIGN_OR_RETURN(Table count, db.QueryTable(kCountSpec, fmt::format("SELECT CAST(sum(num_rows) AS BIGINT) FROM "
                                                                          "parquet_file_metadata({})",
                                                                          duck::SqlQuote(staging))));
  const int64_t on_disk = count.Column<int64_t>("n").at(0);
  if (on_disk != static_cast<int64_t>(rows.num_rows())) {
    return Status::IOError(fmt::format("staged file {} has {} rows, expected {}", staging, on_disk, rows.num_rows()));
  }
  StagedFile staged;
  staged.path = staging;
  QTP_ASSIGN_OR_RETURN(staged.sha256, Sha256File(staging));
  staged.bytes = fs::file_size(staging);
  return staged;
}

Status Store::WritePartitions(const TableSpec& spec, const std::string& ticker, const std::vector<Partition>& parts,
                              MergeStats& stats) {
  // Encoding and hashing dominate a write and partitions are independent: stage them on up to
  // one thread per DuckDB connection, then publish them in year order so the manifest does not
  // depend on thread timing.
  std::vector<std::string> staging(parts.size());
  for (std::string& path : staging) {
    path = paths::Join(options_.data_dir, fmt::format("{}/{}.parquet", paths::kStagingDir, impl_->staging_counter++));
  }
  std::vector<Status> errors(parts.size());
  std::vector<StagedFile> staged(parts.size());
  const size_t workers = std::min(impl_->writers.size(), parts.size());
  auto work = [&](size_t worker) {
    for (size_t i = worker; i < parts.size(); i += workers) {
      Result<StagedFile> r = StageFile(*impl_->writers[worker], parts[i].rows, staging[i]);
      if (r.ok()) {
        staged[i] = std::move(*r);
      } else {
        errors[i] = r.status();
      }
    }
  };
  std::vector<std::thread> threads;
  for (size_t w = 1; w < workers; ++w) threads.emplace_back(work, w);
  if (workers > 0) work(0);
  for (std::thread& t : threads) t.join();
  Status first_error;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (first_error.ok() && !errors[i].ok()) first_error = errors[i];
  }
  for (size_t i = 0; i < parts.size() && first_error.ok(); ++i) {
    first_error = Publish(spec, ticker, parts[i].year, parts[i].rows, staged[i], stats);
  }
  if (!first_error.ok()) {
    std::error_code ec;
    for (const std::string& path : staging) fs::remove(path, ec);  // unpublished leftovers
  }
  return first_error;
}

Status Store::Publish(const TableSpec& spec, const std::string& ticker, int year, const Table& rows,
                      const StagedFile& staged, MergeStats& stats) {
  const std::string& staging = staged.path;
  const std::string& sha = staged.sha256;
  const uint64_t bytes = staged.bytes;
  const std::string rel = paths::PartitionFile(spec, ticker, year, sha);
  const ManifestEntry* existing = Impl::FindPartition(manifest_, spec, ticker, year);
  if (existing != nullptr && existing->sha256 == sha) {  // identical content: nothing to publish
    fs::remove(staging);
    return Status::OK();
  }
  const uint64_t old_bytes = existing != nullptr ? existing->bytes : 0;
  if (options_.max_store_bytes > 0 && manifest_.TotalBytes() - old_bytes + bytes > options_.max_store_bytes) {
    fs::remove(staging);
    return Status::LimitExceeded(fmt::format(
        "storage cap reached: the store would grow to {:.3f} GB, above storage_cap_gb = {:.3f} in "
        "config/system_limits.yaml (nothing was written for {} {} {})",
        static_cast<double>(manifest_.TotalBytes() - old_bytes + bytes) / 1e9,
        static_cast<double>(options_.max_store_bytes) / 1e9, spec.name, ticker, year));
  }
  const std::string final_path = paths::Join(options_.data_dir, rel);
  QTP_RETURN_IF_ERROR(MakeDirs(fs::path(final_path).parent_path().string()));
  QTP_RETURN_IF_ERROR(RenameFile(staging, final_path));  // made durable by Commit()'s SyncFileSystem

  ManifestEntry entry;
  entry.path = rel;
  entry.dataset = spec.name;
  entry.ticker = ticker;
  entry.year = year;
  entry.sha256 = sha;
  entry.bytes = bytes;
  entry.rows = rows.num_rows();
  if (rows.num_rows() > 0 && !spec.time_column.empty()) {
    entry.min_time = TimeOf(spec, rows, 0);
    entry.max_time = TimeOf(spec, rows, rows.num_rows() - 1);
    if (spec.partitioning == Partitioning::kNone) {  // not sorted by time: scan
      for (size_t i = 0; i < rows.num_rows(); ++i) {
        entry.min_time = std::min(entry.min_time, TimeOf(spec, rows, i));
        entry.max_time = std::max(entry.max_time, TimeOf(spec, rows, i));
      }
    }
  }
  entry.sources = DistinctSources(spec, rows);
  entry.schema_version = spec.schema_version;
  entry.run_id = options_.run_id;
  if (existing != nullptr) {
    superseded_.push_back(existing->path);
    manifest_.entries.erase(existing->path);
  }
  manifest_.entries[rel] = std::move(entry);
  dirty_ = true;
  ++stats.files_written;
  return Status::OK();
}

Status Store::Commit() {
  if (!dirty_) return Status::OK();
  // Every staged file (and its directory entry) must be durable before the manifest names it.
  QTP_RETURN_IF_ERROR(SyncFileSystem(options_.data_dir));
  QTP_RETURN_IF_ERROR(AtomicWriteFile(paths::Join(options_.data_dir, paths::kManifestFile), manifest_.ToJson()));
  // The manifest no longer names these; a crash before their removal leaves orphans that the next
  // writer sweeps.
  std::error_code ec;
  for (const std::string& path : superseded_) {
    if (manifest_.entries.count(path) == 0) fs::remove(paths::Join(options_.data_dir, path), ec);
  }
  superseded_.clear();
  dirty_ = false;
  return Status::OK();
}

Result<Table> Store::Read(const TableSpec& spec, std::string_view ticker, int first_year, int last_year) const {
  Table out(spec);
  const std::string prefix = DatasetPrefix(spec, spec.partitioning == Partitioning::kTickerYear ? ticker : "");
  for (auto it = manifest_.entries.lower_bound(prefix);
       it != manifest_.entries.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    const ManifestEntry& e = it->second;
    if (e.dataset != spec.name) continue;
    if (spec.partitioning != Partitioning::kNone && (e.year < first_year || e.year > last_year)) continue;
    if (e.schema_version != spec.schema_version) {
      return Status::NotSupported(
          fmt::format("{} was written in layout {} of {}, this qtp reads layout {}: re-run the stage that writes {} "
                      "(e.g. qtp clean for bars_5m / bars_1d)",
                      e.path, e.schema_version, spec.name, spec.schema_version, spec.name));
    }
    QTP_ASSIGN_OR_RETURN(Table part, impl_->ReadFile(spec, paths::Join(options_.data_dir, e.path)));
    if (out.num_rows() == 0) {
      out = std::move(part);
      continue;
    }
    AppendRows(out, std::move(part));
  }
  return out;
}

bool Store::HoldsOtherLayout(const TableSpec& spec) const {
  for (const auto& [path, e] : manifest_.entries) {
    if (e.dataset == spec.name && e.schema_version != spec.schema_version) return true;
  }
  return false;
}

std::vector<std::string> Store::Tickers(const TableSpec& spec) const {
  std::set<std::string> tickers;
  for (const auto& [path, e] : manifest_.entries) {
    if (e.dataset == spec.name && !e.ticker.empty()) tickers.insert(e.ticker);
  }
  return {tickers.begin(), tickers.end()};
}

}  // namespace qtp
