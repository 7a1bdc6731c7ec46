#include <cstdio>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "qtp/data/store/schema.h"
#include "qtp/pipeline/run_record.h"

namespace qtp::cli {
namespace {

struct DatasetSummary {
  size_t files = 0;
  std::set<std::string> tickers;
  uint64_t rows = 0;
  uint64_t bytes = 0;
  int64_t min_time = kNullInt64;
  int64_t max_time = kNullInt64;
};

std::string FormatTime(const TableSpec& spec, int64_t t) {
  if (t == kNullInt64) return "-";
  const int idx = spec.ColumnIndex(spec.time_column);
  if (idx >= 0 && spec.columns[idx].type == ColumnType::kDate) return FormatDate(static_cast<DateDays>(t));
  return FormatTimestampUtc(t);
}

}  // namespace

void AddStatusCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("status", "What is stored: tickers, date range, rows, bytes, last runs");
  static bool json = false;
  cmd->add_flag("--json", json, "Machine-readable output");
  cmd->callback([&g] {
    auto store = Store::Open({g.data_dir, "", StoreMode::kRead, 0});
    if (!store.ok()) {
      g.exit_code = Fail(store.status());
      return;
    }
    std::map<std::string, DatasetSummary> by_dataset;
    for (const auto& [path, e] : (*store)->manifest().entries) {
      DatasetSummary& d = by_dataset[e.dataset];
      ++d.files;
      if (!e.ticker.empty()) d.tickers.insert(e.ticker);
      d.rows += e.rows;
      d.bytes += e.bytes;
      if (e.min_time != kNullInt64 && (d.min_time == kNullInt64 || e.min_time < d.min_time)) d.min_time = e.min_time;
      if (e.max_time != kNullInt64 && (d.max_time == kNullInt64 || e.max_time > d.max_time)) d.max_time = e.max_time;
    }
    nlohmann::ordered_json out;
    out["data_dir"] = g.data_dir;
    out["datasets"] = nlohmann::ordered_json::array();
    for (const TableSpec* spec : schema::AllDatasets()) {
      const DatasetSummary& d = by_dataset[spec->name];
      out["datasets"].push_back({{"view", spec->name},
                                 {"path", spec->path},
                                 {"files", d.files},
                                 {"tickers", d.tickers.size()},
                                 {"rows", d.rows},
                                 {"bytes", d.bytes},
                                 {"first", FormatTime(*spec, d.min_time)},
                                 {"last", FormatTime(*spec, d.max_time)}});
    }
    out["total_bytes"] = (*store)->manifest().TotalBytes();
    out["recent_runs"] = RecentRuns(g.data_dir, 5);
    if (json) {
      std::printf("%s\n", out.dump(2).c_str());
      return;
    }
    std::printf("store %s: %zu files, %.1f MB\n", g.data_dir.c_str(), (*store)->manifest().entries.size(),
                static_cast<double>((*store)->manifest().TotalBytes()) / 1e6);
    std::printf("%-20s %7s %7s %13s %10s  %-20s  %-20s\n", "view", "tickers", "files", "rows", "MB", "first", "last");
    for (const auto& d : out["datasets"]) {
      std::printf("%-20s %7zu %7zu %13llu %10.1f  %-20s  %-20s\n", d["view"].get<std::string>().c_str(),
                  d["tickers"].get<size_t>(), d["files"].get<size_t>(),
                  static_cast<unsigned long long>(d["rows"].get<uint64_t>()),
                  static_cast<double>(d["bytes"].get<uint64_t>()) / 1e6, d["first"].get<std::string>().c_str(),
                  d["last"].get<std::string>().c_str());
    }
    std::printf("recent runs:\n");
    for (const auto& r : out["recent_runs"]) {
      std::printf("  %s  %s  %.1fs  %s\n", r.value("finished_at", "").c_str(), r.value("run_id", "").c_str(),
                  r.value("seconds", 0.0), r.value("outcome", "").c_str());
    }
    if (out["recent_runs"].empty()) std::printf("  (none)\n");
  });
}

}  // namespace qtp::cli
