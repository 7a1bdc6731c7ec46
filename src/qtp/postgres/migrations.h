// Versioned SQL migrations of the PostgreSQL schema qtp publishes into (docs/publish.md):
// sql/migrations/NNN_name.sql, compiled into the binary at build time (embedded_migrations.cmake),
// applied in version order, each in its own transaction, and recorded in schema_migrations
// (version, name, sha256 of the file, applied_at). Applied files are append-only: a file whose
// checksum differs from the recorded one is an error, never re-applied.
#pragma once

#include <string>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/postgres/connection.h"

namespace qtp::pg {

struct Migration {
  int version = 0;   // NNN
  std::string name;  // the file name without NNN_ and .sql
  std::string file;  // NNN_name.sql
  std::string sql;
  std::string sha256;  // of the file's bytes
};

// A migration from its file name and text. InvalidArgument unless the name is NNN_name.sql (three
// or more digits, a version above 0, a name of [a-z0-9_]).
Result<Migration> MakeMigration(const std::string& file, std::string sql);
// Sorted by version; InvalidArgument when two files share a version.
Result<std::vector<Migration>> SortedMigrations(std::vector<Migration> migrations);
// The migrations compiled into this binary (sql/migrations/ at build time), sorted by version.
Result<std::vector<Migration>> EmbeddedMigrations();

enum class MigrationState {
  kApplied,  // recorded with the same checksum
  kPending,  // not recorded yet
  kChanged,  // recorded with another checksum: the file was edited after it was applied
  kUnknown,  // recorded, but this binary has no such file (a newer qtp migrated the database)
};
const char* MigrationStateName(MigrationState state);

struct MigrationStatusRow {
  int version = 0;
  std::string name;
  MigrationState state = MigrationState::kPending;
  std::string applied_at;       // as the server prints it, "" when pending
  std::string recorded_sha256;  // "" when pending
};

// Every migration known to the binary or recorded in the database, by version. The database
// without a schema_migrations table has every migration pending.
Result<std::vector<MigrationStatusRow>> MigrationStatus(Connection& db, const std::vector<Migration>& migrations);

struct MigrateResult {
  std::vector<std::string> applied;  // files applied by this call
  size_t already_applied = 0;
  std::vector<std::string> unknown;  // recorded versions this binary does not know
};

// Applies the pending migrations in version order, each in its own transaction together with its
// schema_migrations row; an advisory lock serializes concurrent migrators. Corruption, applying
// nothing, when an applied migration's file changed (checksum mismatch); a failing migration rolls
// back and stops the run (those before it stay applied).
Result<MigrateResult> Migrate(Connection& db, const std::vector<Migration>& migrations);

// OK when every migration of `migrations` is applied with its checksum; otherwise NotFound (one is
// pending: run qtp db migrate) or Corruption (one was changed). What a publisher checks inside its
// transaction before it writes.
Status CheckMigrated(Transaction& txn, const std::vector<Migration>& migrations);

}  // namespace qtp::pg
