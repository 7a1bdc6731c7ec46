// The SQL files compiled into the binary: defined by the source file that
// embedded_migrations.cmake generates from sql/migrations/*.sql at build time.
#pragma once

#include <cstddef>

namespace qtp::pg::internal {

struct EmbeddedSqlFile {
  const char* file;  // NNN_name.sql
  const char* text;
};

extern const EmbeddedSqlFile kEmbeddedMigrations[];
extern const size_t kEmbeddedMigrationCount;

}  // namespace qtp::pg::internal
