// qtp train / predict / models / retrain: the model stage's commands (docs/models.md, docs/monitoring.md).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include <fmt/format.h>

#include "cli.h"
#include "qtp/config/config_io.h"
#include "qtp/core/file_util.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/model_columns.h"
#include "qtp/data/store/paths.h"
#include "qtp/data/store/schema.h"
#include "qtp/evaluation/report.h"
#include "qtp/models/registry.h"
#include "qtp/models/run_predict.h"
#include "qtp/models/run_train.h"
#include "qtp/monitor/retrain.h"
#include "qtp/pipeline/progress.h"
#include "run_command.h"

namespace qtp::cli {
namespace {

std::string Num(double v, int digits) { return std::isfinite(v) ? fmt::format("{:.{}f}", v, digits) : "n/a"; }

// The --signal of the simulate run that wrote the planted signal, when exactly one did; NaN on real
// data (no sim_signal rows) or when several runs wrote parts of it.
double PlantedSignal(const Store& store) {
  std::set<std::string> runs;
  for (const auto& [path, e] : store.manifest().entries) {
    if (e.dataset == schema::SimulatedSignal().name) runs.insert(e.run_id);
  }
  if (runs.size() != 1) return std::nan("");
  const Result<std::string> text =
      ReadFile(paths::Join(store.data_dir(), fmt::format("{}/{}/run.json", paths::kRunsDir, *runs.begin())));
  if (!text.ok()) return std::nan("");
  try {
    const nlohmann::json run = nlohmann::json::parse(*text);
    return std::stod(run.at("args").at("signal").get<std::string>());
  } catch (const std::exception&) {
    return std::nan("");
  }
}

// The training options of config/models.yaml, validated, with the command line's `families` and `horizon`
// (empty, 0: the configured ones).
Result<models::TrainOptions> ConfiguredTrainOptions(const ProjectConfig& config,
                                                    const std::vector<std::string>& families, int horizon) {
  models::TrainOptions options;
  options.params = config.models;
  if (!families.empty()) options.params.families = families;
  if (horizon != 0) options.params.horizon = horizon;
  QTP_RETURN_IF_ERROR(options.params.Validate());
  QTP_RETURN_IF_ERROR(
      config::ValidateValues([&](config::Section& root) { models::DescribeParams(root, options.params); }));
  QTP_ASSIGN_OR_RETURN(options.config_yaml, config::ParamsYaml(options.params, "models configuration"));
  options.path_env = std::getenv("PATH") ? std::getenv("PATH") : "";
  return options;
}

// The champion (models/current.json) as a run input: promoting or rolling back changes what these commands
// start from without changing the store's manifest.
std::pair<std::string, std::string> ChampionInput(const std::string& data_dir) {
  const Result<std::string> current = ReadFile(models::RegistryDir(data_dir) + "/current.json");
  return {"champion", current.ok() ? Sha256Hex(*current) : "none"};
}

void AddTrain(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand(
      "train", "Walk-forward training and evaluation of every model family (registry data/models/, views "
               "predictions and model_metrics, data/reports/model_eval.md)");
  static std::vector<std::string> families;
  static int horizon = 0;
  static std::string end;
  cmd->add_option("--models", families, "Families to fit (default: config/models.yaml families): ridge, logistic, "
                                        "xgb, lambdamart, ensemble")
      ->delimiter(',');
  cmd->add_option("--horizon", horizon, "Label horizon in trading days: 1, 3, 5 or 10 (default: models.yaml)");
  cmd->add_option("--end", end, "Training cut-off (YYYY-MM-DD): no feature day after it is read");
  cmd->callback([&g] {
    g.exit_code = RunCommand(g, "train", [&](CommandContext& ctx) -> Result<nlohmann::ordered_json> {
      QTP_ASSIGN_OR_RETURN(models::TrainOptions options, ConfiguredTrainOptions(ctx.config, families, horizon));
      QTP_ASSIGN_OR_RETURN(options.last_date, OptionalDate(end));
      ctx.args = {{"models", fmt::format("{}", fmt::join(options.params.families, ","))},
                  {"horizon", std::to_string(options.params.horizon)},
                  {"end", end}};
      ctx.input_datasets = {&schema::Features(), &schema::FeaturesRaw(), &schema::SimulatedSignal()};
      QTP_ASSIGN_OR_RETURN(Store * store, ctx.OpenWriteStore());
      options.run_id = ctx.record->run_id();
      options.planted_signal = PlantedSignal(*store);
      Progress progress("train", "fits", g.quiet);
      QTP_ASSIGN_OR_RETURN(const models::TrainSummary s,
                           models::RunTrain(*store, options, ctx.StageProgress(progress)));
      nlohmann::ordered_json metrics;
      metrics["tickers"] = s.tickers;
      metrics["days"] = s.days;
      metrics["features"] = s.features;
      metrics["labelled_rows"] = s.labelled_rows;
      metrics["folds"] = s.folds;
      metrics["first_test_day"] = DateText(s.first_test);
      metrics["last_test_day"] = DateText(s.last_test);
      metrics["prediction_rows"] = s.prediction_rows;
      nlohmann::ordered_json models = nlohmann::ordered_json::array();
      std::string table;
      for (const models::TrainedModel& m : s.models) {
        nlohmann::ordered_json j;
        j["model"] = m.model;
        j["model_id"] = m.model_id;
        j["oos_mean_rank_ic"] = std::isfinite(m.oos_rank_ic) ? nlohmann::ordered_json(m.oos_rank_ic) : nullptr;
        j["oos_icir"] = std::isfinite(m.oos_icir) ? nlohmann::ordered_json(m.oos_icir) : nullptr;
        j["oos_t_stat"] = std::isfinite(m.oos_t_stat) ? nlohmann::ordered_json(m.oos_t_stat) : nullptr;
        j["oos_days"] = m.oos_days;
        models.push_back(std::move(j));
        table += fmt::format("  {:<14} {:<32} rank IC {:>7}  ICIR {:>7}  t {:>6}  ({} days)\n", m.model, m.model_id,
                             Num(m.oos_rank_ic, 4), Num(m.oos_icir, 3), Num(m.oos_t_stat, 2), m.oos_days);
      }
      metrics["models"] = models;
      metrics["leak_suspects"] = s.leak_suspects;
      metrics["report"] = s.report_path;
      ctx.summary = fmt::format(
          "train: {} tickers x {} days, {} features, {} labelled rows, horizon {}; {} walk-forward folds, out of "
          "sample {} to {}\n  models by out-of-sample mean daily rank IC:\n{}",
          s.tickers, s.days, s.features, s.labelled_rows, options.params.horizon, s.folds, DateText(s.first_test),
          DateText(s.last_test), table);
      if (!s.leak_suspects.empty()) {
        ctx.summary += fmt::format("  LIKELY LEAK, audit before use: {} (see the report)\n",
                                   fmt::join(s.leak_suspects, ", "));
      }
      ctx.summary += fmt::format(
          "  report: {}\n  registry: {}\n  {} prediction rows: `qtp query \"SELECT * FROM predictions\"`, fold metrics "
          "in view model_metrics\n",
          s.report_path, models::RegistryDir(store->data_dir()), s.prediction_rows);
      return metrics;
    });
  });
}

void AddPredict(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("predict",
                                 "Daily scores and ranks from the registered models (view predictions); days the "
                                 "training saw keep their walk-forward prediction");
  static std::string date, start, end;
  static std::vector<std::string> model_ids;
  cmd->add_option("--date", date, "One day (YYYY-MM-DD; default: the latest feature day)");
  cmd->add_option("--start", start, "First day of a range (with --end)");
  cmd->add_option("--end", end, "Last day of a range (with --start)");
  cmd->add_option("--model", model_ids, "Model ids (default: those of the latest qtp train)")->delimiter(',');
  cmd->callback([&g] {
    g.exit_code = RunCommand(g, "predict", [&](CommandContext& ctx) -> Result<nlohmann::ordered_json> {
      models::PredictOptions options;
      options.model_ids = model_ids;
      if (!date.empty() && (!start.empty() || !end.empty())) {
        return Status::InvalidArgument("predict: give --date or --start/--end, not both");
      }
      if (start.empty() != end.empty()) return Status::InvalidArgument("predict: --start and --end go together");
      QTP_ASSIGN_OR_RETURN(options.start, OptionalDate(date.empty() ? start : date));
      QTP_ASSIGN_OR_RETURN(options.end, OptionalDate(date.empty() ? end : date));
      if (options.end < options.start) return Status::InvalidArgument("predict: --end is before --start");
      ctx.args = {{"date", date},
                  {"start", start},
                  {"end", end},
                  {"models", fmt::format("{}", fmt::join(model_ids, ","))}};
      ctx.input_datasets = {&schema::Features(), &schema::FeaturesRaw(), &schema::Predictions()};
      QTP_ASSIGN_OR_RETURN(Store * store, ctx.OpenWriteStore());
      QTP_ASSIGN_OR_RETURN(const models::PredictSummary s, models::RunPredict(*store, options));
      nlohmann::ordered_json metrics;
      metrics["first_day"] = DateText(s.first);
      metrics["last_day"] = DateText(s.last);
      metrics["days"] = s.days;
      metrics["rows_added"] = s.rows.rows_added;
      metrics["rows_unchanged"] = s.rows.rows_unchanged;
      nlohmann::ordered_json per_model = nlohmann::ordered_json::array();
      ctx.summary = fmt::format("predict: {} feature day(s), {} to {}\n", s.days, DateText(s.first), DateText(s.last));
      for (const models::ModelPredictions& m : s.models) {
        nlohmann::ordered_json j;
        j["model_id"] = m.model_id;
        j["live_days"] = m.live_days;
        j["live_rows"] = m.live_rows;
        j["walk_forward_days"] = m.walk_forward_days;
        per_model.push_back(j);
        std::string top;
        for (const auto& [ticker, score] : m.top) {
          top += fmt::format("{}{} ({:.4g})", top.empty() ? "" : ", ", ticker, score);
        }
        ctx.summary += fmt::format("  {:<32} {} scored now, {} walk-forward; top on {}: {}\n", m.model_id, m.live_days,
                                   m.walk_forward_days, DateText(s.last), top.empty() ? "-" : top);
      }
      metrics["models"] = per_model;
      ctx.summary += "  all scores: `qtp query \"SELECT * FROM predictions ORDER BY date, model_id, rank\"`\n";
      return metrics;
    });
  });
}

void AddRetrain(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand(
      "retrain", "Train a challenger when the schedule or a monitor alert calls for one, compare it with the champion "
                 "out of sample and promote it when it passes the gates (view model_decisions; docs/monitoring.md)");
  static bool force = false;
  static std::string as_of;
  cmd->add_flag("--force", force, "Train a challenger even when nothing is due");
  cmd->add_option("--as-of", as_of,
                  "Decide as of this day (YYYY-MM-DD; default: the latest feature day): nothing after it is read");
  cmd->callback([&g] {
    g.exit_code = RunCommand(g, "retrain", [&](CommandContext& ctx) -> Result<nlohmann::ordered_json> {
      monitor::RetrainOptions options;
      QTP_ASSIGN_OR_RETURN(options.train, ConfiguredTrainOptions(ctx.config, {}, 0));
      QTP_ASSIGN_OR_RETURN(options.as_of, OptionalDate(as_of));
      options.force = force;
      options.policy = ctx.config.monitoring.retrain;
      options.gates = ctx.config.validation.gates;
      QTP_ASSIGN_OR_RETURN(options.validation,
                           ValidateOptionsOf(ctx.config, ctx.config.validation, options.train.params));
      options.min_compare_days = static_cast<size_t>(ctx.config.monitoring.decay.min_days);
      options.alert_feature_share = ctx.config.monitoring.drift.alert_feature_share;
      options.primary_setting = ctx.config.stages.production.model;
      ctx.args = {{"as_of", as_of}, {"force", force ? "true" : "false"}};
      ctx.input_hashes = {ChampionInput(g.data_dir)};
      QTP_ASSIGN_OR_RETURN(Store * store, ctx.OpenWriteStore());
      options.train.run_id = ctx.record->run_id();
      options.train.planted_signal = PlantedSignal(*store);
      Progress progress("retrain", "fits", g.quiet);
      QTP_ASSIGN_OR_RETURN(const monitor::RetrainOutcome outcome,
                           monitor::RunRetrain(*store, options, ctx.StageProgress(progress)));
      nlohmann::ordered_json metrics;
      if (!outcome.already_decided.empty()) {
        metrics["already_decided"] = outcome.already_decided;
        ctx.summary += fmt::format(
            "retrain: this as-of already has a verdict for the champion ({}); nothing done (--force judges again)\n",
            outcome.already_decided);
      }
      metrics["decisions"] = nlohmann::ordered_json::array();
      for (const monitor::Decision& d : outcome.decisions) {
        metrics["decisions"].push_back(monitor::DecisionJson(d));
        ctx.summary += fmt::format("retrain: {}\n", monitor::DecisionLine(d));
      }
      if (outcome.trained) {
        metrics["challenger_report"] = outcome.train.report_path;
        ctx.summary += fmt::format("  challenger report: {}\n", outcome.train.report_path);
      }
      ctx.summary += "  every decision: `qtp query \"SELECT * FROM model_decisions ORDER BY decided_at\"`\n";
      return metrics;
    });
  });
}

// `qtp models promote ID` and `qtp models rollback`: a change of champion, with its run record and decision row.
int ChangeChampion(Globals& g, const std::string& action, const std::vector<std::string>& ids) {
  return RunCommand(g, "models-" + action, [&](CommandContext& ctx) -> Result<nlohmann::ordered_json> {
    const bool promote = action == "promote";
    if (promote && ids.size() != 1) {
      return Status::InvalidArgument("models promote takes one model id (or `challenger`: the latest challenger set)");
    }
    if (!promote && !ids.empty()) return Status::InvalidArgument("models rollback takes no model id");
    ctx.args = {{"model", promote ? ids.front() : ""}};
    ctx.input_hashes = {ChampionInput(g.data_dir)};
    QTP_ASSIGN_OR_RETURN(Store * store, ctx.OpenWriteStore());
    const std::string& run_id = ctx.record->run_id();
    QTP_ASSIGN_OR_RETURN(const monitor::Decision d,
                         promote ? monitor::PromoteModel(*store, ids.front(), run_id, TodayInNewYork())
                                 : monitor::RollbackChampion(*store, run_id, TodayInNewYork()));
    ctx.summary = fmt::format("models {}: {}\n", action, monitor::DecisionLine(d));
    return monitor::DecisionJson(d);
  });
}

void PrintModel(const models::RegisteredModel& m) {
  const nlohmann::ordered_json& s = m.summary;
  auto num = [&](const char* key, int digits) {
    return s.contains(key) && s[key].is_number() ? fmt::format("{:.{}f}", s[key].get<double>(), digits)
                                                 : std::string("n/a");
  };
  std::printf("%s\n", fmt::format("{:<32} {:<14} h={:<2} trained {}..{} on {} features; OOS rank IC {} ICIR {} t {} "
                                  "({} days)",
                                  m.model_id, m.model, m.horizon, DateText(m.train_first), DateText(m.train_last),
                                  m.features.size(), num("mean_rank_ic", 4), num("icir", 3), num("t_stat", 2),
                                  s.value("days", 0))
                          .c_str());
}

void AddModels(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand(
      "models", "The model registry and the champion: list | show ID | compare ID ID ... | promote ID | rollback");
  static std::vector<std::string> words;
  cmd->add_option("action", words,
                  "list (default), show ID, compare ID ID ..., promote ID (make it the champion: models/current.json), "
                  "rollback (restore the previous champion)");
  cmd->callback([&g] {
    const std::string action = words.empty() ? "list" : words.front();
    const std::vector<std::string> ids(words.begin() + (words.empty() ? 0 : 1), words.end());
    if (action == "promote" || action == "rollback") {
      g.exit_code = ChangeChampion(g, action, ids);
      return;
    }
    auto run = [&]() -> Status {
      if (action == "list") {
        if (!ids.empty()) return Status::InvalidArgument("models list takes no model id");
        QTP_ASSIGN_OR_RETURN(const std::vector<models::RegisteredModel> all, models::ListModels(g.data_dir));
        if (all.empty()) {
          std::printf("no models registered in %s (run `qtp train`)\n", models::RegistryDir(g.data_dir).c_str());
        }
        for (const models::RegisteredModel& m : all) PrintModel(m);
        return Status::OK();
      }
      if (action == "show") {
        if (ids.size() != 1) return Status::InvalidArgument("models show takes one model id");
        QTP_ASSIGN_OR_RETURN(const models::RegisteredModel m, models::ReadModel(g.data_dir, ids.front(), true));
        const Result<std::string> text = ReadFile(models::RegistryDir(g.data_dir) + "/" + m.model_id + "/model.json");
        QTP_RETURN_IF_ERROR(text.status());
        std::printf("%s", text->c_str());
        std::printf("folds: %zu (per-fold train and test metrics in %s/%s/folds.json)\n", m.folds.size(),
                    models::RegistryDir(g.data_dir).c_str(), m.model_id.c_str());
        return Status::OK();
      }
      if (action == "compare") {
        if (ids.size() < 2) return Status::InvalidArgument("models compare takes two or more model ids");
        std::vector<models::RegisteredModel> list;
        std::vector<evaluation::Summary> summaries;
        for (const std::string& id : ids) {
          QTP_ASSIGN_OR_RETURN(models::RegisteredModel m, models::ReadModel(g.data_dir, id, false));
          evaluation::Summary s;
          s.days = m.summary.value("days", size_t{0});
          s.mean_rank_ic = models::SummaryNumber(m, "mean_rank_ic");
          s.icir = models::SummaryNumber(m, "icir");
          summaries.push_back(s);
          list.push_back(std::move(m));
        }
        std::printf("ranked by out-of-sample mean daily rank IC, then ICIR:\n");
        size_t place = 0;
        for (const size_t k : evaluation::CompareModels(summaries, ids)) {
          std::printf("%zu. ", ++place);
          PrintModel(list[k]);
        }
        return Status::OK();
      }
      return Status::InvalidArgument(
          fmt::format("models: unknown action '{}' (list, show, compare, promote, rollback)", action));
    };
    const Status status = run();
    if (!status.ok()) g.exit_code = Fail(status);
  });
}

}  // namespace

void AddModelCommands(CLI::App& app, Globals& g) {
  AddTrain(app, g);
  AddPredict(app, g);
  AddModels(app, g);
  AddRetrain(app, g);
}

}  // namespace qtp::cli
