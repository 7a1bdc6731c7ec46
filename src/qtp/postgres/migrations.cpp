#include "qtp/postgres/migrations.h"

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

#include "qtp/core/file_util.h"
#include "qtp/postgres/embedded_sql.h"

namespace qtp::pg {
namespace {

// pg_advisory_xact_lock key of every migration transaction ("qtp" in ASCII): two `qtp db migrate`
// at once apply each file once; the second waits, then finds it recorded.
constexpr const char* kLockSql = "SELECT pg_advisory_xact_lock(7434352)";

constexpr const char* kCreateTableSql =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version integer PRIMARY KEY, name text NOT NULL, sha256 text NOT NULL, "
    "applied_at timestamptz NOT NULL DEFAULT now())";

struct Recorded {
  std::string name;
  std::string sha256;
  std::string applied_at;
};
using RecordedByVersion = std::map<int, Recorded>;

Result<RecordedByVersion> ReadRecorded(Transaction& txn) {
  QTP_ASSIGN_OR_RETURN(const Rows exists, txn.Query("SELECT to_regclass('schema_migrations') IS NOT NULL"));
  RecordedByVersion recorded;
  if (exists.rows.empty() || exists.rows[0][0].value_or("f") != "t") return recorded;
  QTP_ASSIGN_OR_RETURN(
      const Rows rows,
      txn.Query("SELECT version, name, sha256, applied_at::text FROM schema_migrations ORDER BY version"));
  for (const auto& r : rows.rows) {
    recorded[std::stoi(r[0].value_or("0"))] = {r[1].value_or(""), r[2].value_or(""), r[3].value_or("")};
  }
  return recorded;
}

Status ChangedError(const Migration& m, const Recorded& r) {
  return Status::Corruption(
      fmt::format("migration {} changed after it was applied (sha256 recorded {}, file now {}): applied migrations are "
                  "append-only, put the change in a new migration file",
                  m.file, r.sha256.substr(0, 12), m.sha256.substr(0, 12)));
}

}  // namespace

Result<Migration> MakeMigration(const std::string& file, std::string sql) {
  const auto invalid = [&file] {
    return Status::InvalidArgument(
        fmt::format("migration file {}: the name must be NNN_name.sql (digits, then [a-z0-9_])", file));
  };
  const size_t underscore = file.find('_');
  if (underscore == std::string::npos || underscore < 3 || file.size() < underscore + 6 || !file.ends_with(".sql")) {
    return invalid();
  }
  for (size_t i = 0; i < underscore; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(file[i]))) return invalid();
  }
  Migration m;
  m.name = file.substr(underscore + 1, file.size() - underscore - 5);
  for (char c : m.name) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_')) {
      return invalid();
    }
  }
  if (underscore > 9) return invalid();
  m.version = std::stoi(file.substr(0, underscore));
  if (m.version <= 0) return invalid();
  m.file = file;
  m.sha256 = Sha256Hex(sql);
  m.sql = std::move(sql);
  return m;
}

Result<std::vector<Migration>> SortedMigrations(std::vector<Migration> migrations) {
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version == migrations[i - 1].version) {
      return Status::InvalidArgument(fmt::format("migrations {} and {} share version {}", migrations[i - 1].file,
                                                 migrations[i].file, migrations[i].version));
    }
  }
  return migrations;
}

Result<std::vector<Migration>> EmbeddedMigrations() {
  std::vector<Migration> migrations;
  for (size_t i = 0; i < internal::kEmbeddedMigrationCount; ++i) {
    const internal::EmbeddedSqlFile& f = internal::kEmbeddedMigrations[i];
    QTP_ASSIGN_OR_RETURN(Migration m, MakeMigration(f.file, f.text));
    migrations.push_back(std::move(m));
  }
  return SortedMigrations(std::move(migrations));
}

const char* MigrationStateName(MigrationState state) {
  switch (state) {
    case MigrationState::kApplied:
      return "applied";
    case MigrationState::kPending:
      return "pending";
    case MigrationState::kChanged:
      return "changed";
    case MigrationState::kUnknown:
      return "unknown";
  }
  return "?";
}

Result<std::vector<MigrationStatusRow>> MigrationStatus(Connection& db, const std::vector<Migration>& migrations) {
  QTP_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> txn, db.Begin());
  QTP_ASSIGN_OR_RETURN(RecordedByVersion recorded, ReadRecorded(*txn));
  QTP_RETURN_IF_ERROR(txn->Commit());
  std::map<int, MigrationStatusRow> rows;
  for (const Migration& m : migrations) {
    MigrationStatusRow row{m.version, m.name, MigrationState::kPending, "", ""};
    if (auto it = recorded.find(m.version); it != recorded.end()) {
      row.state = it->second.sha256 == m.sha256 ? MigrationState::kApplied : MigrationState::kChanged;
      row.applied_at = it->second.applied_at;
      row.recorded_sha256 = it->second.sha256;
    }
    rows[m.version] = row;
  }
  for (const auto& [version, r] : recorded) {
    if (rows.count(version) == 0) rows[version] = {version, r.name, MigrationState::kUnknown, r.applied_at, r.sha256};
  }
  std::vector<MigrationStatusRow> out;
  for (auto& [version, row] : rows) out.push_back(std::move(row));
  return out;
}

Result<MigrateResult> Migrate(Connection& db, const std::vector<Migration>& migrations) {
  {
    QTP_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> txn, db.Begin());
    QTP_RETURN_IF_ERROR(txn->Execute(kLockSql));
    QTP_RETURN_IF_ERROR(txn->Execute(kCreateTableSql));
    QTP_ASSIGN_OR_RETURN(const RecordedByVersion recorded, ReadRecorded(*txn));
    // Every applied file is checked before anything is applied: a new migration on top of an
    // edited one would run against a schema nobody can describe.
    for (const Migration& m : migrations) {
      auto it = recorded.find(m.version);
      if (it != recorded.end() && it->second.sha256 != m.sha256) return ChangedError(m, it->second);
    }
    QTP_RETURN_IF_ERROR(txn->Commit());
  }
  MigrateResult result;
  for (const Migration& m : migrations) {
    QTP_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> txn, db.Begin());
    QTP_RETURN_IF_ERROR(txn->Execute(kLockSql));
    // Re-read under the lock: a concurrent migrator may have applied it meanwhile.
    QTP_ASSIGN_OR_RETURN(const RecordedByVersion recorded, ReadRecorded(*txn));
    if (auto it = recorded.find(m.version); it != recorded.end()) {
      if (it->second.sha256 != m.sha256) return ChangedError(m, it->second);
      ++result.already_applied;
      continue;
    }
    QTP_RETURN_IF_ERROR(txn->ExecuteScript(m.sql).WithContext("migration " + m.file));
    QTP_RETURN_IF_ERROR(txn->Execute("INSERT INTO schema_migrations (version, name, sha256) VALUES ($1, $2, $3)",
                                     {std::to_string(m.version), m.name, m.sha256}));
    QTP_RETURN_IF_ERROR(txn->Commit());
    result.applied.push_back(m.file);
  }
  QTP_ASSIGN_OR_RETURN(const std::vector<MigrationStatusRow> status, MigrationStatus(db, migrations));
  for (const MigrationStatusRow& row : status) {
    if (row.state == MigrationState::kUnknown)
      result.unknown.push_back(fmt::format("{:03d}_{}", row.version, row.name));
  }
  return result;
}

Status CheckMigrated(Transaction& txn, const std::vector<Migration>& migrations) {
  QTP_ASSIGN_OR_RETURN(const RecordedByVersion recorded, ReadRecorded(txn));
  for (const Migration& m : migrations) {
    auto it = recorded.find(m.version);
    if (it == recorded.end()) {
      return Status::NotFound(
          fmt::format("the PostgreSQL schema lacks migration {}: run `qtp db migrate` first", m.file));
    }
    if (it->second.sha256 != m.sha256) return ChangedError(m, it->second);
  }
  return Status::OK();
}

}  // namespace qtp::pg
