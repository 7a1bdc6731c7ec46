#include "qtp/pipeline/publish_postgres.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "qtp/core/table_ops.h"
#include "qtp/data/store/backtest_columns.h"
#include "qtp/data/store/duckdb/connection.h"
#include "qtp/data/store/paths.h"
#include "qtp/data/store/monitor_columns.h"
#include "qtp/data/store/production_columns.h"
#include "qtp/models/registry.h"
#include "qtp/postgres/migrations.h"

namespace qtp {
namespace {

// Serializes concurrent publishers of one database (a daily job and a manual re-publish):
// pg_advisory_xact_lock key "qtpp" in ASCII, released at COMMIT or ROLLBACK.
constexpr const char* kPublishLockSql = "SELECT pg_advisory_xact_lock(1903457392)";

// The registry as rows of the PostgreSQL models table; JSON columns as JSON text.
const TableSpec& ModelRowsSpec() {
  static const TableSpec spec{"models",
                              "",
                              {{"model_id", ColumnType::kString},
                               {"model", ColumnType::kString},
                               {"family", ColumnType::kString},
                               {"horizon", ColumnType::kInt64},
                               {"train_first", ColumnType::kDate, true},
                               {"train_last", ColumnType::kDate, true},
                               {"data_last", ColumnType::kDate, true},
                               {"code_version", ColumnType::kString},
                               {"is_current", ColumnType::kInt64},
                               {"summary", ColumnType::kString},
                               {"hyperparameters", ColumnType::kString},
                               {"features", ColumnType::kString},
                               {"members", ColumnType::kString},
                               {"weights", ColumnType::kString}},
                              {"model_id"},
                              "",
                              Partitioning::kNone,
                              1};
  return spec;
}

Result<Table> ModelRows(const std::string& data_dir) {
  QTP_ASSIGN_OR_RETURN(const std::vector<models::RegisteredModel> registered, models::ListModels(data_dir));
  Result<std::vector<std::string>> current_ids = models::ReadCurrent(data_dir);
  const std::set<std::string> current =
      current_ids.ok() ? std::set<std::string>(current_ids->begin(), current_ids->end()) : std::set<std::string>();
  Table t(ModelRowsSpec());
  for (const models::RegisteredModel& m : registered) {
    t.Column<std::string>("model_id").push_back(m.model_id);
    t.Column<std::string>("model").push_back(m.model);
    t.Column<std::string>("family").push_back(m.family);
    t.Column<int64_t>("horizon").push_back(m.horizon);
    t.Column<int32_t>("train_first").push_back(m.train_first);
    t.Column<int32_t>("train_last").push_back(m.train_last);
    t.Column<int32_t>("data_last").push_back(m.data_last);
    t.Column<std::string>("code_version").push_back(m.code_version);
    t.Column<int64_t>("is_current").push_back(current.count(m.model_id) > 0 ? 1 : 0);
    t.Column<std::string>("summary").push_back(m.summary.dump());
    t.Column<std::string>("hyperparameters").push_back(m.hyperparameters.dump());
    t.Column<std::string>("features").push_back(nlohmann::json(m.features).dump());
    t.Column<std::string>("members").push_back(nlohmann::json(m.members).dump());
    t.Column<std::string>("weights").push_back(nlohmann::json(m.weights).dump());
  }
  return t;
}

// Every finished backtest run's file `output.file`, read as `output.spec`. Run folders appear
// whole (renamed from a staging folder whose name starts with '.'), as the store's views see them.
Result<Table> BacktestRows(duck::Connection& db, const std::string& data_dir, const schema::BacktestOutput& output) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(paths::Join(data_dir, schema::kBacktestsDir), ec)) {
    const std::filesystem::path file = entry.path() / output.file;
    if (!entry.path().filename().string().starts_with(".") && std::filesystem::exists(file)) {
      files.push_back(duck::SqlQuote(file.string()));
    }
  }
  if (files.empty()) return Table(*output.spec);
  std::sort(files.begin(), files.end());
  std::vector<std::string> columns;
  for (const ColumnSpec& c : output.spec->columns) columns.push_back(duck::SqlIdentifier(c.name));
  return db.QueryTable(*output.spec, fmt::format("SELECT {} FROM read_parquet([{}]) ORDER BY ALL",
                                                 fmt::join(columns, ", "), fmt::join(files, ", ")));
}

// The rows of a dataset partitioned by the year of `as_of_column` dated up to `as_of`.
Result<Table> RowsUpTo(const Store& store, const TableSpec& spec, const std::string& as_of_column, DateDays as_of) {
  QTP_ASSIGN_OR_RETURN(const Table t, store.Read(spec, "", 0, YearOfDays(as_of)));
  const auto& dates = t.Column<int32_t>(as_of_column);
  std::vector<size_t> keep;
  for (size_t i = 0; i < t.num_rows(); ++i) {
    if (dates[i] <= as_of) keep.push_back(i);
  }
  return TakeRows(t, keep);
}

bool FaultRequested(const char* point) {
  const char* fault = std::getenv(kTestFaultEnv);
  return fault != nullptr && std::string(fault) == point;
}

}  // namespace

size_t PostgresPublishStats::rows() const {
  size_t n = 0;
  for (const auto& [name, s] : tables) n += s.rows;
  return n;
}

Result<PostgresPublishStats> PublishToPostgres(pg::Connection& db, const Store& store, DateDays as_of,
                                               const Table& rankings) {
  // Everything is read before the transaction starts: it stays open only as long as the writes.
  QTP_ASSIGN_OR_RETURN(std::unique_ptr<duck::Connection> duck, duck::Connection::OpenInMemory(1));
  std::vector<std::pair<std::string, Table>> mirrored;
  for (const schema::BacktestOutput& output : schema::BacktestOutputs()) {
    if (output.spec != &schema::BacktestRuns() && output.spec != &schema::BacktestReturns()) continue;
    QTP_ASSIGN_OR_RETURN(Table rows, BacktestRows(*duck, store.data_dir(), output));
    mirrored.emplace_back(output.spec->name, std::move(rows));
  }
  QTP_ASSIGN_OR_RETURN(Table model_rows, ModelRows(store.data_dir()));
  mirrored.emplace_back("models", std::move(model_rows));
  QTP_ASSIGN_OR_RETURN(Table runs, RowsUpTo(store, schema::Runs(), "as_of", as_of));
  mirrored.emplace_back("runs", std::move(runs));
  for (const TableSpec* spec : {&schema::MonitorChecks(), &schema::MonitorDrift(), &schema::MonitorDecay(),
                                &schema::MonitorAlerts()}) {
    QTP_ASSIGN_OR_RETURN(Table rows, RowsUpTo(store, *spec, "as_of", as_of));
    mirrored.emplace_back(spec->name, std::move(rows));
  }
  QTP_ASSIGN_OR_RETURN(const std::vector<pg::Migration> migrations, pg::EmbeddedMigrations());

  PostgresPublishStats stats;
  QTP_ASSIGN_OR_RETURN(std::unique_ptr<pg::Transaction> txn, db.Begin());
  QTP_RETURN_IF_ERROR(txn->Execute(kPublishLockSql));
  QTP_RETURN_IF_ERROR(pg::CheckMigrated(*txn, migrations));
  const pg::UpsertScope same_day{"as_of = $1::date", {FormatDate(as_of)}};
  QTP_ASSIGN_OR_RETURN(stats.tables["rankings"], pg::Upsert(*txn, "rankings", rankings, same_day));
  if (FaultRequested("publish_after_rankings")) {
    spdlog::warn("{}=publish_after_rankings: exiting inside the open transaction (test fault)", kTestFaultEnv);
    std::_Exit(137);
  }
  for (const auto& [table, rows] : mirrored) {
    QTP_ASSIGN_OR_RETURN(stats.tables[table], pg::Upsert(*txn, table, rows));
  }
  QTP_RETURN_IF_ERROR(txn->Commit());
  return stats;
}

}  // namespace qtp
