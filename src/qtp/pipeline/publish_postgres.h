// qtp publish's PostgreSQL half (docs/publish.md): one as-of date's rankings, plus the backtest
// summaries and returns, the model registry, the daily job's run records and monitor checks, in
// ONE transaction, each table upserted by its key so that publishing twice yields the same rows.
#pragma once

#include <map>
#include <string>

#include "qtp/core/status.h"
#include "qtp/core/table.h"
#include "qtp/data/store/store.h"
#include "qtp/postgres/connection.h"
#include "qtp/postgres/upsert.h"

namespace qtp {

struct PostgresPublishStats {
  std::map<std::string, pg::UpsertStats> tables;  // by PostgreSQL table name
  size_t rows() const;
};

// Test-only fault injection, read from the environment variable QTP_TEST_FAULT: with the value
// "publish_after_rankings" the process exits (std::_Exit(137), as if killed) right after the
// rankings are written inside the open transaction, before COMMIT. The integration tests use it to
// show that a crash mid-publish leaves the previous state intact. Never set it in production.
inline constexpr const char* kTestFaultEnv = "QTP_TEST_FAULT";

// Publishes into the migrated schema (NotFound naming `qtp db migrate` otherwise), in one
// transaction that commits all or nothing:
//   rankings          `rankings` (rows of `as_of` only) replace the date's rows; other dates stay
//   backtest_runs, backtest_returns   every finished backtest run folder of the store, upserted
//   models            every registered model (is_current from models/current.json), upserted
//   runs, monitor_checks              the store's rows dated up to `as_of`, upserted
// Backtests and models are mirrored whole: they are identified by run and model id, not by date.
Result<PostgresPublishStats> PublishToPostgres(pg::Connection& db, const Store& store, DateDays as_of,
                                               const Table& rankings);

}  // namespace qtp
