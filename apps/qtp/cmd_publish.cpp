// qtp publish, qtp db migrate / status: the published rankings in the embedded store and, when a
// PostgreSQL URL is configured, in PostgreSQL (docs/publish.md).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "cli.h"
#include "qtp/core/file_util.h"
#include "qtp/data/store/backtest_columns.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/model_columns.h"
#include "qtp/data/store/paths.h"
#include "qtp/data/store/monitor_columns.h"
#include "qtp/data/store/production_columns.h"
#include "qtp/data/store/selection_columns.h"
#include "qtp/models/registry.h"
#include "qtp/pipeline/publish_postgres.h"
#include "qtp/pipeline/rankings.h"
#include "qtp/postgres/migrations.h"
#include "qtp/postgres/url.h"
#include "run_command.h"

namespace qtp::cli {
namespace {

constexpr const char* kUrlEnv = "QTP_PG_URL";

// The PostgreSQL connection string: QTP_PG_URL (environment, then <project root>/.env) wins over
// production.postgres_url; "" when neither is set.
Result<std::string> PostgresUrl(const Globals& g, const ProjectConfig& config) {
  QTP_ASSIGN_OR_RETURN(const config::EnvLookup env, ProviderEnv(g));
  if (const std::optional<std::string> url = env(kUrlEnv); url && !url->empty()) return *url;
  const std::string& configured = config.stages.production.postgres_url;
  if (!pg::PasswordOf(configured).empty()) {
    spdlog::warn(
        "production.postgres_url holds a password: put the URL in {} (environment or .env) or the password in "
        "PGPASSWORD instead; config files are shared and snapshotted (the snapshot shows it as ***)",
        kUrlEnv);
  }
  return configured;
}

Status NotConfigured() {
  return Status::InvalidArgument(fmt::format(
      "no PostgreSQL configured: set {} (environment or <project root>/.env) or production.postgres_url", kUrlEnv));
}

// What the run ID must change with besides the datasets: the current models (the primary choice
// reads their summaries), the universe file (sectors) and, when publishing to PostgreSQL, the
// finished backtest runs it mirrors.
std::vector<std::pair<std::string, std::string>> PublishInputHashes(const std::string& data_dir, bool postgres) {
  std::vector<std::pair<std::string, std::string>> hashes;
  const auto file_hash = [](const std::string& path) {
    const Result<std::string> sha = Sha256File(path);
    return sha.ok() ? *sha : std::string("none");
  };
  hashes.emplace_back("models_current", file_hash(models::RegistryDir(data_dir) + "/current.json"));
  hashes.emplace_back("universe", file_hash(paths::Join(data_dir, paths::kUniverseCsv)));
  if (postgres) {
    std::vector<std::string> runs;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(paths::Join(data_dir, schema::kBacktestsDir), ec)) {
      runs.push_back(e.path().filename().string());
    }
    std::sort(runs.begin(), runs.end());
    hashes.emplace_back("backtests", Sha256Hex(fmt::format("{}", fmt::join(runs, "\n"))));
  }
  return hashes;
}

// An unmigrated (or edited) schema fails the publish before the store is touched.
Status CheckSchema(pg::Connection& db) {
  QTP_ASSIGN_OR_RETURN(const std::vector<pg::Migration> migrations, pg::EmbeddedMigrations());
  QTP_ASSIGN_OR_RETURN(std::unique_ptr<pg::Transaction> txn, db.Begin());
  QTP_RETURN_IF_ERROR(pg::CheckMigrated(*txn, migrations));
  return txn->Commit();
}

std::string TableLine(const std::string& name, const pg::UpsertStats& s) {
  std::string line = fmt::format("{} {} ({} new, {} changed", name, s.rows, s.inserted, s.updated);
  if (s.deleted > 0) line += fmt::format(", {} removed", s.deleted);
  return line + ")";
}

void AddPublish(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand(
      "publish",
      "Rankings of an as-of date into the embedded store (view rankings) and, when QTP_PG_URL or "
      "production.postgres_url is set, into PostgreSQL with backtests, models and run records (docs/publish.md)");
  static std::string as_of_text;
  cmd->add_option("--as-of", as_of_text, "The date to publish (YYYY-MM-DD; default: the latest date with predictions)");
  cmd->callback([&g] {
    g.exit_code = RunCommand(g, "publish", [&](CommandContext& ctx) -> Result<nlohmann::ordered_json> {
      DateDays as_of = kNullDate;
      if (!as_of_text.empty()) {
        QTP_ASSIGN_OR_RETURN(as_of, ParseDate(as_of_text));
      }
      QTP_ASSIGN_OR_RETURN(const std::string url, PostgresUrl(ctx.g, ctx.config));
      // Connect before touching the store: an unreachable server fails the publish at once.
      std::unique_ptr<pg::Connection> db;
      if (!url.empty()) {
        QTP_ASSIGN_OR_RETURN(db, pg::Connection::Open(url));
        spdlog::info("publish: PostgreSQL {}", db->redacted());
        QTP_RETURN_IF_ERROR(CheckSchema(*db));
      }
      // The URL is never an argument (the run record would keep it): only whether one is set.
      ctx.args = {{"as_of", as_of_text}, {"postgres", db ? "on" : "off"}};
      ctx.input_datasets = {&schema::Predictions(), &schema::TopKHistory(), &schema::FeaturesRaw(),
                            &schema::Rankings(),    &schema::Runs(),        &schema::MonitorChecks(),
                            &schema::MonitorDrift(), &schema::MonitorDecay(),   &schema::MonitorAlerts()};
      ctx.input_hashes = PublishInputHashes(ctx.g.data_dir, db != nullptr);
      QTP_ASSIGN_OR_RETURN(Store * store, ctx.OpenWriteStore());
      if (as_of == kNullDate) {
        QTP_ASSIGN_OR_RETURN(as_of, LatestPredictionDate(*store));
      }

      const auto started = std::chrono::steady_clock::now();
      RankingsInfo info;
      QTP_ASSIGN_OR_RETURN(Table rankings, BuildRankings(*store, as_of, ctx.config.stages.production.model, &info));
      QTP_ASSIGN_OR_RETURN(const MergeStats stored, StoreRankings(*store, as_of, rankings));
      QTP_RETURN_IF_ERROR(store->Commit());
      const double store_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

      nlohmann::ordered_json metrics;
      metrics["as_of"] = FormatDate(as_of);
      metrics["models"] = info.models;
      metrics["primary_model"] = info.primary_model;
      metrics["topk_names"] = info.names;
      metrics["rows"] = info.rows;
      metrics["files_written"] = stored.files_written;
      ctx.summary = fmt::format(
          "publish: {} ranked by {} model(s) over its {} top-K names: {} rows, primary {}\n"
          "  embedded store: {} (view rankings), {:.2f} s\n",
          FormatDate(as_of), info.models.size(), info.names, info.rows, info.primary_model,
          stored.files_written > 0 ? "written" : "unchanged, already published", store_seconds);
      if (!db) {
        metrics["postgres"] = nullptr;
        ctx.summary += fmt::format("  PostgreSQL: not configured ({} or production.postgres_url)\n", kUrlEnv);
        return metrics;
      }
      const auto pg_started = std::chrono::steady_clock::now();
      QTP_ASSIGN_OR_RETURN(const PostgresPublishStats published, PublishToPostgres(*db, *store, as_of, rankings));
      const double pg_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - pg_started).count();
      // Only what a re-run reproduces goes into metrics.json (the run record is deterministic):
      // the target and the rows sent, not what the server already held.
      nlohmann::ordered_json pg_metrics;
      pg_metrics["target"] = db->redacted();
      nlohmann::ordered_json rows;
      std::vector<std::string> lines;
      for (const auto& [table, s] : published.tables) {
        rows[table] = s.rows;
        lines.push_back(TableLine(table, s));
      }
      pg_metrics["rows"] = rows;
      metrics["postgres"] = pg_metrics;
      ctx.summary +=
          fmt::format("  PostgreSQL {}: one transaction, {} rows in {:.2f} s ({:.0f} rows/s)\n    {}\n", db->redacted(),
                      published.rows(), pg_seconds, static_cast<double>(published.rows()) / std::max(pg_seconds, 1e-9),
                      fmt::join(lines, "\n    "));
      return metrics;
    });
  });
}

// The migrations of the binary and the database's connection, or the reason there are none.
struct DbTarget {
  std::unique_ptr<pg::Connection> db;
  std::vector<pg::Migration> migrations;
};

Result<DbTarget> OpenDb(const Globals& g) {
  QTP_ASSIGN_OR_RETURN(const ProjectConfig config, LoadConfig(g));
  QTP_ASSIGN_OR_RETURN(const std::string url, PostgresUrl(g, config));
  if (url.empty()) return NotConfigured();
  DbTarget target;
  QTP_ASSIGN_OR_RETURN(target.migrations, pg::EmbeddedMigrations());
  QTP_ASSIGN_OR_RETURN(target.db, pg::Connection::Open(url));
  return target;
}

Status Migrate(const Globals& g) {
  QTP_ASSIGN_OR_RETURN(DbTarget target, OpenDb(g));
  QTP_ASSIGN_OR_RETURN(const pg::MigrateResult result, pg::Migrate(*target.db, target.migrations));
  std::printf("db migrate: %s\n", target.db->redacted().c_str());
  for (const std::string& file : result.applied) std::printf("  applied %s\n", file.c_str());
  std::printf("  %zu applied now, %zu already applied, %zu known to this qtp\n", result.applied.size(),
              result.already_applied, target.migrations.size());
  if (!result.unknown.empty()) {
    spdlog::warn("the database has migrations this qtp does not know ({}): a newer qtp migrated it",
                 fmt::join(result.unknown, ", "));
  }
  return Status::OK();
}

Status PrintStatus(const Globals& g) {
  QTP_ASSIGN_OR_RETURN(DbTarget target, OpenDb(g));
  QTP_ASSIGN_OR_RETURN(const std::vector<pg::MigrationStatusRow> rows,
                       pg::MigrationStatus(*target.db, target.migrations));
  std::printf("db status: %s\n", target.db->redacted().c_str());
  size_t pending = 0;
  for (const pg::MigrationStatusRow& r : rows) {
    std::printf("  %03d_%-24s %-8s %s\n", r.version, r.name.c_str(), pg::MigrationStateName(r.state),
                r.applied_at.c_str());
    if (r.state != pg::MigrationState::kApplied && r.state != pg::MigrationState::kUnknown) ++pending;
  }
  if (pending > 0) std::printf("  %zu to apply or fix: qtp db migrate\n", pending);
  return Status::OK();
}

}  // namespace

void AddPublishCommand(CLI::App& app, Globals& g) { AddPublish(app, g); }

void AddDbCommand(CLI::App& app, Globals& g) {
  auto* db = app.add_subcommand("db",
                                "The PostgreSQL schema qtp publish writes to (QTP_PG_URL or "
                                "production.postgres_url; docs/publish.md)");
  db->require_subcommand(1);
  auto* migrate = db->add_subcommand("migrate",
                                     "Apply the pending SQL migrations (each in its own transaction; "
                                     "recorded in schema_migrations)");
  migrate->callback([&g] {
    const Status s = Migrate(g);
    g.exit_code = s.ok() ? 0 : Fail(s);
  });
  auto* status = db->add_subcommand("status", "Applied, pending and changed migrations");
  status->callback([&g] {
    const Status s = PrintStatus(g);
    g.exit_code = s.ok() ? 0 : Fail(s);
  });
}

}  // namespace qtp::cli
