// qtp_postgres against a real PostgreSQL 15 (test_util/postgres_server.h): migrations, upserts,
// COPY of awkward values, transactions and connection errors. Each test takes a fresh database;
// psql over the server's trusted socket checks what landed, independently of the code under test.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <limits>

#include "qtp/postgres/connection.h"
#include "qtp/postgres/migrations.h"
#include "qtp/postgres/upsert.h"
#include "test_util/postgres_server.h"

namespace qtp::pg {
namespace {

using test_util::PostgresServer;

class LivePostgres : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    server_ = PostgresServer::Shared(&why);
    if (server_ == nullptr) GTEST_SKIP() << why;
    static std::atomic<int> counter{0};
    database_ = "live_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    std::string error;
    ASSERT_TRUE(server_->CreateDatabase(database_, &error)) << error;
    auto db = Connection::Open(server_->Url(database_));
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
  }
  // psql's output of `sql` (rows separated by '\n', fields by '|').
  std::string Psql(const std::string& sql) {
    std::string out;
    EXPECT_TRUE(server_->Psql(database_, sql, &out)) << sql << "\n" << out;
    return out;
  }
  Status RunInTransaction(const std::string& sql) {
    QTP_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> txn, db_->Begin());
    QTP_RETURN_IF_ERROR(txn->ExecuteScript(sql));
    return txn->Commit();
  }

  PostgresServer* server_ = nullptr;
  std::string database_;
  std::unique_ptr<Connection> db_;
};

std::vector<Migration> Migrations(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<Migration> out;
  for (const auto& [file, sql] : files) out.push_back(*MakeMigration(file, sql));
  return *SortedMigrations(out);
}

TEST_F(LivePostgres, MigrationsApplyOnceInOrderAndRefuseAChangedFile) {
  const auto v1 = Migrations({{"001_a.sql", "CREATE TABLE a (x int PRIMARY KEY);"},
                              {"002_b.sql", "CREATE TABLE b (y int); INSERT INTO b VALUES (1);"}});
  auto first = Migrate(*db_, v1);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->applied, (std::vector<std::string>{"001_a.sql", "002_b.sql"}));
  EXPECT_EQ(first->already_applied, 0u);
  EXPECT_EQ(Psql("SELECT version, name, sha256, applied_at IS NOT NULL FROM schema_migrations ORDER BY version"),
            "1|a|" + v1[0].sha256 + "|t\n2|b|" + v1[1].sha256 + "|t\n");

  auto again = Migrate(*db_, v1);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->applied.empty());
  EXPECT_EQ(again->already_applied, 2u);
  EXPECT_EQ(Psql("SELECT count(*) FROM b"), "1\n") << "an applied migration never runs twice";

  // An edited applied file: nothing is applied, not even a new migration after it.
  auto edited = Migrations({{"001_a.sql", "CREATE TABLE a (x bigint PRIMARY KEY);"},
                            {"002_b.sql", v1[1].sql},
                            {"003_c.sql", "CREATE TABLE c (z int);"}});
  const auto changed = Migrate(*db_, edited);
  ASSERT_FALSE(changed.ok());
  EXPECT_EQ(changed.status().code(), StatusCode::kCorruption);
  EXPECT_NE(changed.status().message().find("001_a.sql changed after it was applied"), std::string::npos)
      << changed.status().ToString();
  EXPECT_EQ(Psql("SELECT to_regclass('c') IS NULL"), "t\n");
  auto status = MigrationStatus(*db_, edited);
  ASSERT_TRUE(status.ok());
  ASSERT_EQ(status->size(), 3u);
  EXPECT_EQ((*status)[0].state, MigrationState::kChanged);
  EXPECT_EQ((*status)[1].state, MigrationState::kApplied);
  EXPECT_EQ((*status)[2].state, MigrationState::kPending);

  // A failing migration rolls back whole (its first statement too) and records nothing.
  auto failing = v1;
  failing.push_back(*MakeMigration("003_bad.sql", "CREATE TABLE c (z int); SELECT no_such_column FROM c;"));
  const auto failed = Migrate(*db_, failing);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("003_bad.sql"), std::string::npos) << failed.status().ToString();
  EXPECT_EQ(Psql("SELECT to_regclass('c') IS NULL, (SELECT count(*) FROM schema_migrations)"), "t|2\n");

  // The database knows a version this binary does not: reported, not an error.
  auto older = Migrations({{"001_a.sql", v1[0].sql}});
  auto unknown = Migrate(*db_, older);
  ASSERT_TRUE(unknown.ok()) << unknown.status().ToString();
  EXPECT_EQ(unknown->unknown, std::vector<std::string>{"002_b"});
  auto check = db_->Begin();
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(CheckMigrated(**check, older).ok());
  const Status missing = CheckMigrated(**check, failing);
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
  EXPECT_NE(missing.message().find("qtp db migrate"), std::string::npos) << missing.ToString();
}

const TableSpec& ScoresSpec() {
  static const TableSpec spec{"scores",
                              "",
                              {{"day", ColumnType::kDate},
                               {"name", ColumnType::kString},
                               {"value", ColumnType::kDouble, true},
                               {"note", ColumnType::kString, true}},
                              {"day", "name"},
                              "",
                              Partitioning::kNone,
                              1};
  return spec;
}

Table Scores(const std::vector<std::tuple<DateDays, std::string, double, std::string>>& rows) {
  Table t(ScoresSpec());
  for (const auto& [day, name, value, note] : rows) {
    t.Column<int32_t>("day").push_back(day);
    t.Column<std::string>("name").push_back(name);
    t.Column<double>("value").push_back(value);
    t.Column<std::string>("note").push_back(note);
  }
  return t;
}

Result<UpsertStats> UpsertCommitted(Connection& db, const Table& rows, const UpsertScope& scope = {}) {
  QTP_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> txn, db.Begin());
  QTP_ASSIGN_OR_RETURN(UpsertStats stats, Upsert(*txn, "scores", rows, scope));
  QTP_RETURN_IF_ERROR(txn->Commit());
  return stats;
}

TEST_F(LivePostgres, UpsertWritesOnlyWhatChangedAndReplacesItsScope) {
  ASSERT_TRUE(RunInTransaction("CREATE TABLE scores (day date, name text, value double precision, note text, "
                               "PRIMARY KEY (day, name))")
                  .ok());
  const DateDays d1 = DaysFromCivil(2024, 1, 2), d2 = DaysFromCivil(2024, 1, 3);
  const double inf = std::numeric_limits<double>::infinity();
  const Table day1 = Scores({{d1, "A", 0.1, "tab\there"}, {d1, "B", std::nan(""), ""}, {d1, "C", -inf, "ü\\n"}});
  auto first = UpsertCommitted(*db_, day1);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->inserted, 3u);
  const std::string dump_sql = "SELECT day, name, value, coalesce(note, '<null>') FROM scores ORDER BY day, name";
  const std::string dump = Psql(dump_sql);
  EXPECT_EQ(dump, "2024-01-02|A|0.1|tab\there\n2024-01-02|B||<null>\n2024-01-02|C|-Infinity|ü\\n\n");
  const std::string xmin_sql = "SELECT string_agg(xmin::text, ',' ORDER BY name) FROM scores";
  const std::string xmins = Psql(xmin_sql);

  auto same = UpsertCommitted(*db_, day1);
  ASSERT_TRUE(same.ok()) << same.status().ToString();
  EXPECT_EQ(same->inserted, 0u);
  EXPECT_EQ(same->updated, 0u);
  EXPECT_EQ(same->unchanged(), 3u);
  EXPECT_EQ(Psql(dump_sql), dump);
  EXPECT_EQ(Psql(xmin_sql), xmins) << "unchanged rows are not rewritten";

  // Day 2 arrives; then day 1 is republished without C and with a new A: only day 1 is touched.
  ASSERT_TRUE(UpsertCommitted(*db_, Scores({{d2, "A", 2.0, ""}})).ok());
  const UpsertScope day1_scope{"day = $1::date", {"2024-01-02"}};
  auto replaced =
      UpsertCommitted(*db_, Scores({{d1, "A", 0.25, "tab\there"}, {d1, "B", std::nan(""), ""}}), day1_scope);
  ASSERT_TRUE(replaced.ok()) << replaced.status().ToString();
  EXPECT_EQ(replaced->updated, 1u);
  EXPECT_EQ(replaced->deleted, 1u);
  EXPECT_EQ(Psql("SELECT day, name, value FROM scores ORDER BY day, name"),
            "2024-01-02|A|0.25\n2024-01-02|B|\n2024-01-03|A|2\n");
}

TEST_F(LivePostgres, ATransactionWithoutCommitLeavesNothing) {
  ASSERT_TRUE(RunInTransaction("CREATE TABLE scores (day date, name text, value double precision, note text, "
                               "PRIMARY KEY (day, name))")
                  .ok());
  {
    auto txn = db_->Begin();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE(Upsert(**txn, "scores", Scores({{DaysFromCivil(2024, 1, 2), "A", 1.0, ""}})).ok());
  }  // destroyed without Commit: rolled back
  EXPECT_EQ(Psql("SELECT count(*) FROM scores"), "0\n");
  // The connection stays usable; a failing statement reports the server's message.
  auto txn = db_->Begin();
  ASSERT_TRUE(txn.ok()) << txn.status().ToString();
  const Status bad = (*txn)->Execute("SELECT * FROM no_such_table WHERE x = $1", {"'; DROP TABLE scores; --"});
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("no_such_table"), std::string::npos) << bad.ToString();
  EXPECT_EQ(Psql("SELECT count(*) FROM scores"), "0\n");
}

TEST_F(LivePostgres, ConnectionErrorsNameTheServerButNeverThePassword) {
  const std::string wrong = "Wr0ng-Pa55word-xyz";
  const auto refused = Connection::Open(server_->Url(database_, wrong));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kUnavailable);
  const std::string message = refused.status().message();
  EXPECT_NE(message.find("password authentication failed"), std::string::npos) << message;
  EXPECT_NE(message.find("postgresql://postgres:***@127.0.0.1"), std::string::npos) << message;
  EXPECT_EQ(message.find(wrong), std::string::npos) << message;

  const auto malformed = Connection::Open("postgresql://postgres:S3cret%zzpw@127.0.0.1:1/x");
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.status().message().find("S3cret"), std::string::npos) << malformed.status().ToString();
}

}  // namespace
}  // namespace qtp::pg
