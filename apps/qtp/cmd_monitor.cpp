// qtp monitor: drift, decay, data-quality and job-health checks of an as-of (docs/monitoring.md).
#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "cli.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/model_columns.h"
#include "qtp/data/store/production_columns.h"
#include "qtp/data/store/schema.h"
#include "qtp/data/store/selection_columns.h"
#include "qtp/models/champion.h"
#include "qtp/models/registry.h"
#include "qtp/monitor/run_monitor.h"
#include "qtp/pipeline/progress.h"
#include "run_command.h"

namespace qtp::cli {
namespace {

// production.model resolved among the models of the latest `qtp train` (models/current.json).
Result<std::string> ProductionModel(const std::string& data_dir, const std::string& setting) {
  QTP_ASSIGN_OR_RETURN(const std::vector<std::string> ids, models::ReadCurrent(data_dir));
  QTP_ASSIGN_OR_RETURN(const std::vector<models::RegisteredModel> current, models::ReadModels(data_dir, ids, false));
  return models::PrimaryModel(current, setting);
}

std::string Value(double v) { return std::isfinite(v) ? fmt::format("{:.4f}", v) : "n/a"; }

}  // namespace

AlertPolicy AlertPolicyOf(const ProjectConfig& config) {
  return {config.monitoring.alerts.cooldown_hours, config.monitoring.alerts.min_severity};
}

std::string AlertWebhook(const ProjectConfig& config) {
  const char* env = std::getenv("QTP_ALERT_WEBHOOK");
  return env != nullptr && *env != '\0' ? env : config.stages.production.alert_webhook;
}

void AddMonitorCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("monitor",
                                 "Drift, IC decay, data-quality and job-health checks of an as-of against the "
                                 "production model (views monitor_drift, monitor_decay, monitor_checks, "
                                 "monitor_alerts; docs/monitoring.md)");
  static std::string as_of_text, since_text;
  cmd->add_option("--as-of", as_of_text, "The day to check (YYYY-MM-DD; default: the latest feature day)");
  cmd->add_option("--since", since_text, "Also every feature day from this one to the as-of (a backfill)");
  cmd->callback([&g] {
    g.exit_code = RunCommand(g, "monitor", [&](CommandContext& ctx) -> Result<nlohmann::ordered_json> {
      monitor::MonitorOptions options;
      QTP_ASSIGN_OR_RETURN(options.as_of, OptionalDate(as_of_text));
      QTP_ASSIGN_OR_RETURN(options.since, OptionalDate(since_text));
      options.params = ctx.config.monitoring;
      QTP_ASSIGN_OR_RETURN(options.model_id, ProductionModel(ctx.g.data_dir, ctx.config.stages.production.model));
      Progress progress("monitor", "days", ctx.g.quiet || options.since == kNullDate);
      options.on_day = [&progress](size_t done, size_t total) { progress.Update(done, total); };
      ctx.args = {{"as_of", as_of_text}, {"since", since_text}, {"model_id", options.model_id}};
      ctx.input_datasets = {&schema::FeaturesRaw(), &schema::TopKHistory(), &schema::Predictions(),
                            &schema::Bars1d(),      &schema::RawBars5m(),   &schema::Revisions5m(),
                            &schema::Runs(),        &schema::Rankings()};
      QTP_ASSIGN_OR_RETURN(Store * store, ctx.OpenWriteStore());
      QTP_ASSIGN_OR_RETURN(const std::unique_ptr<Store> reader,
                           OpenStore(ctx.g, StoreMode::kRead, ctx.record->run_id(), ctx.config.limits));
      QTP_ASSIGN_OR_RETURN(const std::vector<monitor::MonitorDay> days, monitor::RunMonitor(*reader, *store, options));
      AlertSink sink(ctx.g.data_dir, AlertWebhook(ctx.config), AlertPolicyOf(ctx.config));
      for (const monitor::MonitorDay& day : days) {
        for (const Alert& alert : day.alerts) sink.Raise(alert);
      }
      QTP_RETURN_IF_ERROR(StoreAlerts(*store, sink.raised()));
      QTP_RETURN_IF_ERROR(store->Commit());

      const monitor::MonitorDay& last = days.back();
      size_t drift_alerts = 0, checks_not_ok = 0, sent = 0;
      for (const monitor::DriftRow& r : last.drift) drift_alerts += r.status == "alert";
      for (const monitor::HealthCheck& c : last.checks) checks_not_ok += c.status == "warn" || c.status == "fail";
      for (const RaisedAlert& r : sink.raised()) sent += r.status == "sent";
      std::printf(
          "monitor %s (model %s%s)\n", FormatDate(last.as_of).c_str(), options.model_id.c_str(),
          days.size() > 1 ? fmt::format(", {} days from {}", days.size(), FormatDate(days.front().as_of)).c_str() : "");
      std::printf("  drift: %zu of %zu statistics at alert level\n", drift_alerts, last.drift.size());
      std::printf("  decay: rank IC %s over %zu days against %s validated, t %s, CUSUM %s: %s\n",
                  Value(last.decay.rank_ic).c_str(), last.decay.n_days, Value(last.validated_rank_ic).c_str(),
                  Value(last.decay.t_stat).c_str(), Value(last.decay.cusum).c_str(), last.decay.status.c_str());
      for (const monitor::HealthCheck& c : last.checks) {
        std::printf("  %-22s %-5s %s\n", c.name.c_str(), c.status.c_str(), c.message.c_str());
      }
      std::printf("  alerts: %zu raised, %zu sent (trail %s/logs/alerts.jsonl)\n", sink.raised().size(), sent,
                  ctx.g.data_dir.c_str());
      nlohmann::ordered_json metrics;
      metrics["as_of"] = FormatDate(last.as_of);
      metrics["days"] = days.size();
      metrics["model_id"] = options.model_id;
      metrics["drift_alerts"] = drift_alerts;
      metrics["decay_status"] = last.decay.status;
      metrics["checks_not_ok"] = checks_not_ok;
      metrics["alerts_raised"] = sink.raised().size();
      metrics["alerts_sent"] = sent;
      metrics["rows"] = last.drift.size() + last.checks.size() + 1;
      return metrics;
    });
  });
}

}  // namespace qtp::cli
