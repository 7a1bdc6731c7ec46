#include "qtp/serve/store_access.h"

#include <sys/stat.h>

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "qtp/data/store/paths.h"
#include "qtp/data/store/production_columns.h"
#include "qtp/data/store/schema.h"

namespace qtp::serve {
namespace {

// Tickers and their first and last daily bar, from the manifest alone (no file is read).
std::vector<TickerEntry> TickersFromManifest(const Manifest& manifest) {
  const std::string& dataset = schema::Bars1d().name;
  std::map<std::string, TickerEntry> by_ticker;
  for (const auto& [path, e] : manifest.entries) {
    if (e.dataset != dataset || e.ticker.empty() || e.rows == 0) continue;
    TickerEntry& t = by_ticker[e.ticker];
    t.ticker = e.ticker;
    const auto first = static_cast<DateDays>(e.min_time);
    const auto last = static_cast<DateDays>(e.max_time);
    t.first_date = t.first_date == kNullDate ? first : std::min(t.first_date, first);
    t.last_date = t.last_date == kNullDate ? last : std::max(t.last_date, last);
  }
  std::vector<TickerEntry> out;
  for (auto& [ticker, entry] : by_ticker) out.push_back(std::move(entry));
  return out;
}

}  // namespace

ManifestSignature ReadManifestSignature(const std::string& data_dir) {
  struct stat st {};
  const std::string path = paths::Join(data_dir, paths::kManifestFile);
  if (::stat(path.c_str(), &st) != 0) return {};
  return {true, static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
          static_cast<int64_t>(st.st_size), static_cast<uint64_t>(st.st_ino)};
}

Json QueryRows::RowJson(size_t row) const {
  Json obj = Json::object();
  for (size_t c = 0; c < columns.size(); ++c) obj[columns[c].name] = ValueFromText(rows[row][c], columns[c].numeric);
  return obj;
}

Json QueryRows::ToJson() const {
  Json items = Json::array();
  for (size_t r = 0; r < rows.size(); ++r) items.push_back(RowJson(r));
  return items;
}

const TickerEntry* Snapshot::FindTicker(const std::string& ticker) const {
  const auto it = std::lower_bound(tickers.begin(), tickers.end(), ticker,
                                   [](const TickerEntry& e, const std::string& t) { return e.ticker < t; });
  return it != tickers.end() && it->ticker == ticker ? &*it : nullptr;
}

Result<QueryRows> Snapshot::Query(const std::string& sql, const std::vector<duck::QueryParam>& params) const {
  QueryRows out;
  std::lock_guard lock(query_mutex);
  QTP_RETURN_IF_ERROR(store->Query(
      sql, params, [&](const std::vector<duck::QueryColumn>& columns) { out.columns = columns; },
      [&](const std::vector<std::string>& row) { out.rows.push_back(row); }));
  return out;
}

Result<std::shared_ptr<Snapshot>> BuildSnapshot(const std::string& data_dir, uint64_t generation) {
  auto snap = std::make_shared<Snapshot>();
  snap->signature = ReadManifestSignature(data_dir);  // before reading it: a later commit shows as a change
  snap->generation = generation;
  QTP_ASSIGN_OR_RETURN(snap->store, Store::Open({data_dir, "", StoreMode::kRead, 0}));
  Result<Table> rankings = snap->store->Read(schema::Rankings(), "");
  if (rankings.ok()) {
    QTP_ASSIGN_OR_RETURN(snap->rankings, RankingsCache::Build(*rankings));
  } else if (rankings.status().code() == StatusCode::kNotSupported) {
    // Written by another qtp version: served as nothing published until `qtp publish` rewrites it.
    spdlog::warn("serve: rankings not shown: {}", rankings.status().message());
  } else {
    return rankings.status();
  }
  snap->tickers = TickersFromManifest(snap->store->manifest());
  Result<QueryRows> universe = snap->Query("SELECT ticker, name, sector FROM universe", {});
  if (!universe.ok()) return universe.status();
  for (const std::vector<std::string>& row : universe->rows) {
    auto it = std::lower_bound(snap->tickers.begin(), snap->tickers.end(), row[0],
                               [](const TickerEntry& e, const std::string& t) { return e.ticker < t; });
    if (it == snap->tickers.end() || it->ticker != row[0]) continue;
    it->name = row[1] == "NULL" ? "" : row[1];
    it->sector = row[2] == "NULL" ? "" : row[2];
  }
  return snap;
}

Result<std::unique_ptr<StoreAccess>> StoreAccess::Open(Options options) {
  std::unique_ptr<StoreAccess> access(new StoreAccess(std::move(options)));
  QTP_ASSIGN_OR_RETURN(std::shared_ptr<Snapshot> first, BuildSnapshot(access->options_.data_dir, 1));
  access->current_ = std::move(first);
  access->watcher_ = std::jthread([raw = access.get()](std::stop_token stop) { raw->Watch(stop); });
  return access;
}

StoreAccess::~StoreAccess() {
  watcher_.request_stop();
  watch_wakeup_.notify_all();
}

std::shared_ptr<const Snapshot> StoreAccess::Current() const {
  std::lock_guard lock(current_mutex_);
  return current_;
}

Result<bool> StoreAccess::ReloadIfChanged() {
  std::lock_guard reload(reload_mutex_);
  const std::shared_ptr<const Snapshot> old = Current();
  if (ReadManifestSignature(options_.data_dir) == old->signature) return false;
  Result<std::shared_ptr<Snapshot>> fresh = BuildSnapshot(options_.data_dir, old->generation + 1);
  if (!fresh.ok()) return fresh.status();
  spdlog::info("serve: store changed, now answering from generation {}", (*fresh)->generation);
  std::lock_guard lock(current_mutex_);
  current_ = std::move(*fresh);
  return true;
}

void StoreAccess::Watch(std::stop_token stop) {
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(watch_mutex_);
      watch_wakeup_.wait_for(lock, stop, options_.poll_interval, [] { return false; });
    }
    if (stop.stop_requested()) return;
    Result<bool> reloaded = ReloadIfChanged();
    std::lock_guard reload(reload_mutex_);
    if (!reloaded.ok() && reloaded.status().message() != last_reload_error_) {
      // Typically a commit landing while the snapshot was read: the next poll tries again.
      spdlog::warn("serve: cannot load the new store state yet: {}", reloaded.status().message());
    }
    last_reload_error_ = reloaded.ok() ? "" : reloaded.status().message();
  }
}

Result<QueryRows> StoreAccess::Query(const std::string& sql, const std::vector<duck::QueryParam>& params) {
  Result<QueryRows> rows = Current()->Query(sql, params);
  if (rows.ok()) return rows;
  Result<bool> reloaded = ReloadIfChanged();
  if (reloaded.ok() && *reloaded) rows = Current()->Query(sql, params);
  if (rows.ok()) return rows;
  return Status::Unavailable(fmt::format("the store could not answer: {}", rows.status().message()));
}

}  // namespace qtp::serve
