// The SQL surface of the store: one view per dataset over exactly the files the manifest lists
// (never a glob, so an interrupted writer's leftovers can never show up), plus derived views.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "qtp/data/store/backtest_columns.h"
#include "qtp/data/store/duckdb/connection.h"
#include "qtp/data/store/paths.h"
#include "qtp/data/store/schema.h"
#include "qtp/data/store/store.h"

namespace qtp {
namespace {

std::string EmptySelect(const TableSpec& spec) {
  std::string cols;
  if (spec.partitioning == Partitioning::kTickerYear) cols = "NULL::VARCHAR AS ticker, ";
  for (const ColumnSpec& c : spec.columns) {
    cols += fmt::format("NULL::{} AS {}, ", ColumnTypeSqlName(c.type), duck::SqlIdentifier(c.name));
  }
  if (spec.partitioning != Partitioning::kNone) cols += "NULL::INTEGER AS year, ";
  cols.resize(cols.size() - 2);
  return fmt::format("SELECT {} WHERE false", cols);
}

// Files written under an earlier layout of the dataset (another schema_version) are left out: their
// columns may not match, and the stage that owns the dataset rewrites them on its next run.
std::string DatasetSelect(const TableSpec& spec, const Manifest& manifest, const std::string& data_dir) {
  std::string files;
  for (const auto& [path, e] : manifest.entries) {
    if (e.dataset != spec.name || e.schema_version != spec.schema_version) continue;
    files += (files.empty() ? "" : ", ") + duck::SqlQuote(paths::Join(data_dir, path));
  }
  if (files.empty()) return EmptySelect(spec);
  std::string cols;
  for (const ColumnSpec& c : spec.columns) cols += ", " + duck::SqlIdentifier(c.name);
  if (spec.partitioning == Partitioning::kNone) {
    return fmt::format("SELECT {} FROM read_parquet([{}])", cols.substr(2), files);
  }
  if (spec.partitioning == Partitioning::kYear) {
    return fmt::format("SELECT {}, year FROM read_parquet([{}], hive_partitioning = true, hive_types = {{'year': INTEGER}})",
                       cols.substr(2), files);
  }
  return fmt::format(
      "SELECT ticker{}, year FROM read_parquet([{}], hive_partitioning = true, "
      "hive_types = {{'ticker': VARCHAR, 'year': INTEGER}})",
      cols, files);
}

// A backtest output over every finished run's file. Run folders appear whole (renamed from a
// staging folder whose name starts with '.'), so listing them never shows a half-written run.
std::string BacktestSelect(const schema::BacktestOutput& output, const std::string& data_dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry :
       std::filesystem::directory_iterator(paths::Join(data_dir, schema::kBacktestsDir), ec)) {
    const std::string name = entry.path().filename().string();
    const std::filesystem::path file = entry.path() / output.file;
    if (!name.starts_with(".") && std::filesystem::exists(file)) files.push_back(duck::SqlQuote(file.string()));
  }
  if (files.empty()) return EmptySelect(*output.spec);
  std::sort(files.begin(), files.end());
  return fmt::format("SELECT * FROM read_parquet([{}])", fmt::join(files, ", "));
}

// Derived views: what users query most, in the shapes the issues fix as public interface.
const char* kDerivedViews[] = {
    // Clean bars back-adjusted to the latest corporate action (clean/adjust.h), over the as-traded
    // rows and their factors.
    "CREATE OR REPLACE VIEW bars_5m AS SELECT ticker, ts, open * adj_factor AS open, high * adj_factor AS high, "
    "low * adj_factor AS low, close * adj_factor AS close, volume * adj_volume_factor AS volume, "
    "vwap * adj_factor AS vwap, trade_count, source, year FROM bars_5m_traded",
    "CREATE OR REPLACE VIEW bars_1d AS SELECT ticker, date, open * adj_factor AS open, high * adj_factor AS high, "
    "low * adj_factor AS low, close * adj_factor AS close, volume * adj_volume_factor AS volume, "
    "vwap * adj_factor AS vwap, n_bars, source, year FROM bars_1d_traded",
    // Ingest refusals and clean findings together, one row per finding.
    "CREATE OR REPLACE VIEW quality_issues AS "
    "SELECT ticker, date, ts, stage, rule, action, detail, run_id FROM quality_findings "
    "UNION ALL SELECT ticker, CAST(timezone('America/New_York', ts) AS DATE) AS date, ts, 'ingest' AS stage, "
    "reason AS rule, 'quarantined' AS action, "
    "detail || format(' (o={} h={} l={} c={} v={} source={})', open, high, low, close, volume, source) AS detail, "
    "NULL AS run_id FROM quarantine_5m "
    "UNION ALL SELECT ticker, date, NULL::TIMESTAMPTZ AS ts, 'ingest' AS stage, reason AS rule, "
    "'quarantined' AS action, "
    "detail || format(' (o={} h={} l={} c={} v={} source={})', open, high, low, close, volume, source) AS detail, "
    "NULL AS run_id FROM quarantine_1d "
    "UNION ALL SELECT ticker, date, ts, 'ingest' AS stage, rule, action, detail, NULL AS run_id FROM ingest_findings",
};

}  // namespace

Status Store::Query(const std::string& sql, const std::function<void(const std::vector<duck::QueryColumn>&)>& header,
                    const std::function<void(const std::vector<std::string>&)>& row) const {
  return Query(sql, {}, header, row);
}

Status Store::Query(const std::string& sql, const std::vector<duck::QueryParam>& params,
                    const std::function<void(const std::vector<duck::QueryColumn>&)>& header,
                    const std::function<void(const std::vector<std::string>&)>& row) const {
  {  // a writer's views are rebuilt per query: never stale after its own writes
    // A reader's manifest never changes, so its dataset views are built once (rebuilding them is
    // most of a small query's time on a store of a thousand files: `qtp serve` queries a reader).
    if (options_.mode == StoreMode::kWrite || !dataset_views_built_) {
      for (const TableSpec* spec : schema::AllDatasets()) {
        QTP_RETURN_IF_ERROR(impl_db().Execute(fmt::format("CREATE OR REPLACE VIEW {} AS {}",
                                                          schema::FilesViewName(*spec),
                                                          DatasetSelect(*spec, manifest_, options_.data_dir))));
      }
      for (const char* view : kDerivedViews) QTP_RETURN_IF_ERROR(impl_db().Execute(view));
      dataset_views_built_ = true;
    }
    // Backtest run folders and the universe file live outside the manifest: rebuilt every time.
    for (const schema::BacktestOutput& output : schema::BacktestOutputs()) {
      QTP_RETURN_IF_ERROR(impl_db().Execute(fmt::format("CREATE OR REPLACE VIEW {} AS {}", output.spec->name,
                                                        BacktestSelect(output, options_.data_dir))));
    }
    const std::string universe = paths::Join(options_.data_dir, paths::kUniverseCsv);
    QTP_RETURN_IF_ERROR(impl_db().Execute(
        std::filesystem::exists(universe)
            ? fmt::format("CREATE OR REPLACE VIEW universe AS SELECT * FROM read_csv({}, header = true, "
                          "columns = {{'ticker': 'VARCHAR', 'name': 'VARCHAR', 'sector': 'VARCHAR', "
                          "'shares_outstanding': 'DOUBLE'}})",
                          duck::SqlQuote(universe))
            : std::string("CREATE OR REPLACE VIEW universe AS SELECT NULL::VARCHAR AS ticker, NULL::VARCHAR AS name, "
                          "NULL::VARCHAR AS sector, NULL::DOUBLE AS shares_outstanding WHERE false")));
  }
  return impl_db().QueryText(sql, params, header, row);
}

}  // namespace qtp
