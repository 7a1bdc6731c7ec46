#include "qtp/monitor/retrain.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "qtp/data/store/monitor_columns.h"
#include "qtp/data/store/retrain_columns.h"
#include "qtp/models/champion.h"
#include "qtp/models/registry.h"
#include "qtp/models/run_predict.h"
#include "qtp/monitor/store_query.h"

namespace qtp::monitor {

namespace {

std::string JoinIds(const std::vector<std::string>& ids) { return fmt::format("{}", fmt::join(ids, ",")); }

std::vector<std::string> SplitIds(const std::string& text) {
  std::vector<std::string> ids;
  size_t begin = 0;
  while (begin < text.size()) {
    const size_t comma = std::min(text.find(',', begin), text.size());
    if (comma > begin) ids.push_back(text.substr(begin, comma - begin));
    begin = comma + 1;
  }
  return ids;
}

nlohmann::ordered_json JsonNumber(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json();
}

std::string IcText(double v) { return std::isfinite(v) ? fmt::format("{:.4f}", v) : "n/a"; }

// A query's first row as text cells ("NULL" for NULL); empty when it returned no row.
Result<DateDays> LatestFeatureDay(const Store& store) {
  QTP_ASSIGN_OR_RETURN(const std::vector<std::string> row,
                       FirstRow(store, "SELECT strftime(max(date), '%Y-%m-%d') FROM features", {}));
  const DateDays day = row.empty() ? kNullDate : CellDate(row[0]);
  if (day == kNullDate) return Status::NotFound("retrain: no feature day is stored (run `qtp features`)");
  return day;
}

const models::RegisteredModel* FindModel(const std::vector<models::RegisteredModel>& set, const std::string& id) {
  for (const models::RegisteredModel& m : set) {
    if (m.model_id == id) return &m;
  }
  return nullptr;
}

// Why a due retrain was due, for its challenger decision.
std::string DueReason(const Decision& d, DateDays champion_data_last) {
  std::vector<std::string> why;
  if (d.forced) why.push_back("forced");
  if (d.schedule_due) {
    why.push_back(
        fmt::format("scheduled ({}: the champion's data ends {})", d.schedule, FormatDate(champion_data_last)));
  }
  if (!d.triggers.empty()) why.push_back("triggered by " + TriggersText(d.triggers));
  return fmt::format("{}", fmt::join(why, ", "));
}

// The champion's primary model: production.model when it is one of the champion's models, else the best
// out-of-sample rank IC among them.
Result<std::string> ChampionPrimary(const std::vector<models::RegisteredModel>& champion, const std::string& setting) {
  const bool pinned = FindModel(champion, setting) != nullptr;
  return models::PrimaryModel(champion, pinned ? setting : "auto");
}

// The challenger's counterpart of the champion's primary: its model of the same name, else its best.
Result<std::string> ChallengerCounterpart(const std::vector<models::RegisteredModel>& challengers,
                                          const std::string& model_name) {
  for (const models::RegisteredModel& m : challengers) {
    if (m.model == model_name) return m.model_id;
  }
  return models::PrimaryModel(challengers, "auto");
}

// Live scores of the champion's `primary` (with its ensemble members) on the feature days in (after, as_of]:
// what the daily job stores; days it already predicted are left as they are. No feature day there: nothing.
Status PredictChampion(Store& store, const models::RegisteredModel& primary, DateDays after, DateDays as_of) {
  if (as_of <= after) return Status::OK();
  models::PredictOptions predict;
  predict.start = after + 1;
  predict.end = as_of;
  predict.model_ids = primary.members;
  predict.model_ids.push_back(primary.model_id);
  const Result<models::PredictSummary> done = models::RunPredict(store, predict);
  if (!done.ok() && done.status().code() != StatusCode::kNotFound) return done.status();
  return Status::OK();
}

// qtp validate's gates on the challenger's configuration (the families and ensembles of config/models.yaml, as
// the challenger was trained) with the data up to the as-of: appends the gate "strategy" (value: the number of
// validation gates failed) and returns what to say of it, the failed gates and the report named. A validation
// the data cannot support (too few days for a held-out period and folds; no top-K selection) fails the gate.
Result<std::string> StrategyGate(const Store& store, const RetrainOptions& options, DateDays as_of,
                                 std::vector<GateCheck>& gates) {
  validation::ValidateOptions validate = options.validation;
  validate.models = options.train.params;
  validate.run_id = options.train.run_id;
  validate.last_date = as_of;
  const Result<validation::ValidationResult> run = validation::RunValidation(store, validate, {});
  const StatusCode code = run.ok() ? StatusCode::kOk : run.status().code();
  if (code != StatusCode::kOk && code != StatusCode::kInvalidArgument && code != StatusCode::kNotFound) {
    return run.status();
  }
  if (!run.ok()) {
    // Too little data for a held-out period and folds, or no top-K to trade: the gates cannot be shown to pass.
    gates.push_back({"strategy", kNaN, 0.0, false});
    return fmt::format("qtp validate could not run on the data to {}: {}", FormatDate(as_of), run.status().message());
  }
  const validation::ValidationResult& v = *run;
  std::vector<std::string> failed;
  for (const validation::Gate& g : v.gates) {
    if (!g.pass) failed.push_back(fmt::format("{} {:.4f} (needs {})", g.name, g.value, g.rule));
  }
  gates.push_back({"strategy", static_cast<double>(failed.size()), 0.0, failed.empty()});
  return fmt::format("qtp validate's gates on the data to {}: {} (report {})", FormatDate(as_of),
                     failed.empty() ? "all passed" : fmt::format("failed {}", fmt::join(failed, "; ")), v.report);
}

// Trains the challenger and decides about it: the challenger decision and then promote, hold or reject.
Result<RetrainOutcome> TrainAndJudge(Store& store, const RetrainOptions& options, const Decision& base,
                                     const std::vector<models::RegisteredModel>& champion, DateDays champion_data_last,
                                     const eda::DayProgressFn& progress) {
  const std::string& data_dir = store.data_dir();
  RetrainOutcome outcome;
  models::TrainOptions train = options.train;
  train.last_date = base.as_of;
  train.challenger = true;
  QTP_ASSIGN_OR_RETURN(outcome.train, models::RunTrain(store, train, progress));
  outcome.trained = true;
  std::vector<std::string> challenger_ids;
  for (const models::TrainedModel& m : outcome.train.models) challenger_ids.push_back(m.model_id);

  Decision trained = base;
  trained.decision = "challenger";
  trained.challenger_models = challenger_ids;
  trained.reason = fmt::format("trained {} challenger model(s) on feature days to {}, champion unchanged; due: {}",
                               challenger_ids.size(), FormatDate(base.as_of), DueReason(base, champion_data_last));
  outcome.decisions.push_back(trained);

  Decision verdict = base;
  verdict.challenger_models = challenger_ids;
  QTP_ASSIGN_OR_RETURN(verdict.champion_id, ChampionPrimary(champion, options.primary_setting));
  const models::RegisteredModel& primary = *FindModel(champion, verdict.champion_id);
  QTP_ASSIGN_OR_RETURN(const std::vector<models::RegisteredModel> challengers,
                       models::ReadModels(data_dir, challenger_ids, true));
  QTP_ASSIGN_OR_RETURN(verdict.challenger_id, ChallengerCounterpart(challengers, primary.model));
  const models::RegisteredModel& rival = *FindModel(challengers, verdict.challenger_id);

  std::vector<std::string> sorted_challenger = challenger_ids;
  std::vector<std::string> sorted_champion = base.champion_models;
  std::sort(sorted_challenger.begin(), sorted_challenger.end());
  std::sort(sorted_champion.begin(), sorted_champion.end());
  if (sorted_challenger == sorted_champion) {
    verdict.decision = "reject";
    verdict.failed_gate = "new_model";
    verdict.reason = "the challenger is the champion (same data, configuration and code): nothing to compare";
    outcome.decisions.push_back(verdict);
    QTP_RETURN_IF_ERROR(RecordDecisions(store, options.train.run_id, outcome.decisions));
    return outcome;
  }

  QTP_RETURN_IF_ERROR(PredictChampion(store, primary, champion_data_last, base.as_of));
  QTP_ASSIGN_OR_RETURN(verdict.comparison,
                       CompareOutOfSample(store, primary.model_id, rival.model_id, rival.horizon, champion_data_last,
                                          base.as_of, static_cast<size_t>(train.params.labels.min_tickers)));
  ChallengerEvidence evidence;
  const std::vector<std::string>& leaks = outcome.train.leak_suspects;
  evidence.leak_suspect = std::find(leaks.begin(), leaks.end(), rival.model) != leaks.end();
  evidence.min_fold_rank_ic = MinFoldRankIc(rival.folds);
  evidence.compare_days = verdict.comparison.days;
  evidence.champion_rank_ic = verdict.comparison.champion_rank_ic;
  evidence.challenger_rank_ic = verdict.comparison.challenger_rank_ic;
  verdict.challenger_min_fold_ic = evidence.min_fold_rank_ic;
  verdict.gates = ChallengerGates(evidence, options.gates.min_fold_ic, options.min_compare_days,
                                  options.policy.min_rank_ic_improvement);
  verdict.failed_gate = FirstFailedGate(verdict.gates);
  std::string compared =
      fmt::format("rank IC {} vs the champion's {} over {} common out-of-sample days",
                  IcText(evidence.challenger_rank_ic), IcText(evidence.champion_rank_ic), evidence.compare_days);
  if (verdict.failed_gate.empty() && options.policy.strategy_gates) {
    QTP_ASSIGN_OR_RETURN(const std::string strategy, StrategyGate(store, options, base.as_of, verdict.gates));
    compared += "; " + strategy;
    verdict.failed_gate = FirstFailedGate(verdict.gates);
  }
  if (!verdict.failed_gate.empty()) {
    verdict.decision = "reject";
    verdict.reason = fmt::format("gate {} failed; {}; worst fold rank IC {} (gate {})", verdict.failed_gate, compared,
                                 IcText(evidence.min_fold_rank_ic), IcText(options.gates.min_fold_ic));
  } else if (options.policy.auto_promote) {
    QTP_RETURN_IF_ERROR(models::SetChampion(data_dir, challenger_ids, "promote", options.train.run_id));
    verdict.decision = "promote";
    verdict.champion_after = challenger_ids;
    verdict.reason = fmt::format("every gate passed ({}): the challenger is the champion", compared);
  } else {
    verdict.decision = "hold";
    verdict.reason = fmt::format("every gate passed ({}); retrain.auto_promote is off: `qtp models promote {}`",
                                 compared, verdict.challenger_id);
  }
  outcome.decisions.push_back(verdict);
  QTP_RETURN_IF_ERROR(RecordDecisions(store, options.train.run_id, outcome.decisions));
  return outcome;
}

// The latest challenger set of model_decisions that lists `id` (any, for "challenger"); empty when none does.
Result<std::vector<std::string>> ChallengerSetOf(const Store& store, const std::string& id) {
  QTP_ASSIGN_OR_RETURN(const Table rows, store.Read(schema::ModelDecisions(), ""));
  const auto& as_of = rows.Column<int32_t>("as_of");
  const auto& decided_at = rows.Column<int64_t>("decided_at");
  const auto& decision = rows.Column<std::string>("decision");
  const auto& challengers = rows.Column<std::string>("challenger_models");
  std::vector<std::string> found;
  std::pair<int32_t, int64_t> latest{kNullDate, kNullInt64};
  for (size_t r = 0; r < rows.num_rows(); ++r) {
    if (decision[r] != "challenger") continue;
    std::vector<std::string> set = SplitIds(challengers[r]);
    const bool listed = id == "challenger" || std::find(set.begin(), set.end(), id) != set.end();
    if (listed && std::make_pair(as_of[r], decided_at[r]) > latest) {
      latest = {as_of[r], decided_at[r]};
      found = std::move(set);
    }
  }
  return found;
}

// The verdict (promote, hold or reject) an earlier retrain reached on `as_of` for the champion set `champion`;
// "" when none did.
Result<std::string> EarlierVerdict(const Store& store, DateDays as_of, const std::vector<std::string>& champion) {
  QTP_ASSIGN_OR_RETURN(const Table rows, store.Read(schema::ModelDecisions(), ""));
  const auto& days = rows.Column<int32_t>("as_of");
  const auto& decisions = rows.Column<std::string>("decision");
  const auto& champions = rows.Column<std::string>("champion_models");
  const std::string set = JoinIds(champion);
  for (size_t r = 0; r < rows.num_rows(); ++r) {
    const std::string& d = decisions[r];
    if (days[r] == as_of && champions[r] == set && (d == "promote" || d == "hold" || d == "reject")) return d;
  }
  return std::string();
}

Result<std::vector<std::string>> CurrentOrNone(const std::string& data_dir) {
  Result<std::vector<std::string>> current = models::ReadCurrent(data_dir);
  if (!current.ok() && current.status().code() == StatusCode::kNotFound) return std::vector<std::string>();
  return current;
}

}  // namespace

nlohmann::ordered_json DecisionJson(const Decision& d) {
  nlohmann::ordered_json j;
  j["as_of"] = FormatDate(d.as_of);
  j["decision"] = d.decision;
  j["reason"] = d.reason;
  j["champion_models"] = d.champion_models;
  j["champion_after"] = d.champion_after;
  j["challenger_models"] = d.challenger_models;
  j["champion_id"] = d.champion_id;
  j["challenger_id"] = d.challenger_id;
  j["schedule"] = d.schedule;
  j["schedule_due"] = d.schedule_due;
  j["forced"] = d.forced;
  nlohmann::ordered_json triggers = nlohmann::ordered_json::array();
  for (const RetrainTrigger& t : d.triggers) {
    triggers.push_back({{"source", t.source}, {"as_of", FormatDate(t.as_of)}, {"detail", t.detail}});
  }
  j["triggers"] = triggers;
  const OosComparison& c = d.comparison;
  j["comparison"] = {{"first", c.first == kNullDate ? "" : FormatDate(c.first)},
                     {"last", c.last == kNullDate ? "" : FormatDate(c.last)},
                     {"days", c.days},
                     {"champion_rank_ic", JsonNumber(c.champion_rank_ic)},
                     {"challenger_rank_ic", JsonNumber(c.challenger_rank_ic)}};
  j["min_improvement"] = JsonNumber(d.min_improvement);
  j["challenger_min_fold_ic"] = JsonNumber(d.challenger_min_fold_ic);
  j["min_fold_ic"] = JsonNumber(d.min_fold_ic);
  j["gates"] = GatesJson(d.gates);
  j["failed_gate"] = d.failed_gate;
  return j;
}

std::string DecisionLine(const Decision& d) {
  std::string models;
  if (!d.challenger_id.empty()) {
    models += " challenger " + d.challenger_id;
  } else if (!d.challenger_models.empty()) {
    models += " challengers " + JoinIds(d.challenger_models);
  }
  if (!d.champion_id.empty()) models += " vs champion " + d.champion_id;
  return fmt::format("decision {} (as-of {}){}: {}", d.decision, FormatDate(d.as_of), models, d.reason);
}

Status RecordDecisions(Store& store, const std::string& run_id, const std::vector<Decision>& decisions) {
  const TableSpec& spec = schema::ModelDecisions();
  Table t(spec);
  for (const Decision& d : decisions) {
    t.Column<int32_t>("as_of").push_back(d.as_of);
    t.Column<int64_t>("decided_at").push_back(NowUs());
    t.Column<std::string>("decision").push_back(d.decision);
    t.Column<std::string>("run_id").push_back(run_id);
    t.Column<std::string>("reason").push_back(d.reason);
    t.Column<std::string>("champion_models").push_back(JoinIds(d.champion_models));
    t.Column<std::string>("champion_after").push_back(JoinIds(d.champion_after));
    t.Column<std::string>("challenger_models").push_back(JoinIds(d.challenger_models));
    t.Column<std::string>("champion_id").push_back(d.champion_id);
    t.Column<std::string>("challenger_id").push_back(d.challenger_id);
    t.Column<std::string>("schedule").push_back(d.schedule);
    t.Column<int64_t>("schedule_due").push_back(d.schedule_due ? 1 : 0);
    t.Column<std::string>("triggers").push_back(TriggersText(d.triggers));
    t.Column<int64_t>("forced").push_back(d.forced ? 1 : 0);
    t.Column<int32_t>("compare_first").push_back(d.comparison.first);
    t.Column<int32_t>("compare_last").push_back(d.comparison.last);
    t.Column<int64_t>("compare_days").push_back(static_cast<int64_t>(d.comparison.days));
    t.Column<double>("champion_rank_ic").push_back(d.comparison.champion_rank_ic);
    t.Column<double>("challenger_rank_ic").push_back(d.comparison.challenger_rank_ic);
    t.Column<double>("min_improvement").push_back(d.min_improvement);
    t.Column<double>("challenger_min_fold_ic").push_back(d.challenger_min_fold_ic);
    t.Column<double>("min_fold_ic").push_back(d.min_fold_ic);
    t.Column<std::string>("failed_gate").push_back(d.failed_gate);
    t.Column<std::string>("inputs").push_back(DecisionJson(d).dump());
  }
  QTP_RETURN_IF_ERROR(store.Merge(spec, "", std::move(t)).status());
  return store.Commit();
}

Result<OosComparison> CompareOutOfSample(const Store& store, const std::string& champion_id,
                                         const std::string& challenger_id, int horizon, DateDays after, DateDays as_of,
                                         size_t min_names) {
  // The horizon and min_names are integers of the registry and config; the ids and dates are bound.
  const std::string sql = fmt::format(
      "WITH b AS (SELECT ticker, date, close, lead(close, {}) OVER (PARTITION BY ticker ORDER BY date) AS close_h "
      "FROM bars_1d WHERE date <= $4), "
      "p AS (SELECT model_id, date, ticker, score FROM predictions WHERE model_id IN ($1, $2) AND date > $3 "
      "AND date <= $4 AND split IN ('walk_forward', 'live') AND isfinite(score)), "
      "j AS (SELECT p.model_id, p.date, p.score, b.close_h / b.close - 1 AS fwd FROM p JOIN b USING (ticker, date) "
      "WHERE b.close_h IS NOT NULL), "
      "r AS (SELECT model_id, date, rank() OVER (PARTITION BY model_id, date ORDER BY score) AS rs, "
      "rank() OVER (PARTITION BY model_id, date ORDER BY fwd) AS rf FROM j), "
      "d AS (SELECT model_id, date, corr(rs, rf) AS rank_ic FROM r GROUP BY model_id, date HAVING count(*) >= {}), "
      "c AS (SELECT date, max(rank_ic) FILTER (WHERE model_id = $1) AS champion, "
      "max(rank_ic) FILTER (WHERE model_id = $2) AS challenger FROM d GROUP BY date) "
      "SELECT count(*), strftime(min(date), '%Y-%m-%d'), strftime(max(date), '%Y-%m-%d'), avg(champion), "
      "avg(challenger) FROM c WHERE isfinite(champion) AND isfinite(challenger)",
      std::max(1, horizon), std::max<size_t>(2, min_names));
  QTP_ASSIGN_OR_RETURN(const std::vector<std::string> row,
                       FirstRow(store, sql, {champion_id, challenger_id, duck::SqlDate{after}, duck::SqlDate{as_of}}));
  OosComparison out;
  if (row.size() < 5) return out;
  const double days = CellNumber(row[0]);
  out.days = std::isfinite(days) ? static_cast<size_t>(days) : 0;
  if (out.days == 0) return out;
  out.first = CellDate(row[1]);
  out.last = CellDate(row[2]);
  out.champion_rank_ic = CellNumber(row[3]);
  out.challenger_rank_ic = CellNumber(row[4]);
  return out;
}

Result<RetrainOutcome> RunRetrain(Store& store, const RetrainOptions& options, const eda::DayProgressFn& progress) {
  const std::string& data_dir = store.data_dir();
  QTP_ASSIGN_OR_RETURN(const std::vector<std::string> champion_ids, models::ReadCurrent(data_dir));
  QTP_ASSIGN_OR_RETURN(const std::vector<models::RegisteredModel> champion,
                       models::ReadModels(data_dir, champion_ids, true));
  DateDays champion_data_last = kNullDate;
  for (const models::RegisteredModel& m : champion) champion_data_last = std::max(champion_data_last, m.data_last);
  DateDays as_of = options.as_of;
  if (as_of == kNullDate) {
    QTP_ASSIGN_OR_RETURN(as_of, LatestFeatureDay(store));
  }
  if (!options.force) {
    RetrainOutcome outcome;
    QTP_ASSIGN_OR_RETURN(outcome.already_decided, EarlierVerdict(store, as_of, champion_ids));
    if (!outcome.already_decided.empty()) return outcome;
  }
  const int last_year = YearOfDays(as_of);
  QTP_ASSIGN_OR_RETURN(const Table drift, store.Read(schema::MonitorDrift(), "", 0, last_year));
  QTP_ASSIGN_OR_RETURN(const Table decay, store.Read(schema::MonitorDecay(), "", 0, last_year));

  Decision base;
  base.as_of = as_of;
  base.champion_models = champion_ids;
  base.champion_after = champion_ids;
  base.schedule = options.policy.schedule;
  base.schedule_due = ScheduleDue(options.policy.schedule, champion_data_last, as_of);
  base.triggers = AlertTriggers(drift, decay, options.policy, options.alert_feature_share, champion_ids,
                                champion_data_last, as_of);
  base.forced = options.force;
  base.min_improvement = options.policy.min_rank_ic_improvement;
  base.min_fold_ic = options.gates.min_fold_ic;
  if (base.forced || base.schedule_due || !base.triggers.empty()) {
    return TrainAndJudge(store, options, base, champion, champion_data_last, progress);
  }
  RetrainOutcome outcome;
  Decision skip = base;
  skip.decision = "skip";
  skip.reason = fmt::format("nothing due: schedule {} (the champion's data ends {}), no monitor alert after it",
                            base.schedule, FormatDate(champion_data_last));
  outcome.decisions.push_back(skip);
  QTP_RETURN_IF_ERROR(RecordDecisions(store, options.train.run_id, outcome.decisions));
  return outcome;
}

Result<Decision> PromoteModel(Store& store, const std::string& id, const std::string& run_id, DateDays today) {
  const std::string& data_dir = store.data_dir();
  QTP_ASSIGN_OR_RETURN(std::vector<std::string> set, ChallengerSetOf(store, id));
  if (set.empty()) {
    if (id == "challenger") {
      return Status::NotFound("models promote: no challenger has been trained (run `qtp retrain`)");
    }
    QTP_ASSIGN_OR_RETURN(const models::RegisteredModel m, models::ReadModel(data_dir, id, false));
    set = m.members;
    set.push_back(m.model_id);
  }
  QTP_RETURN_IF_ERROR(models::ReadModels(data_dir, set, true).status());
  QTP_ASSIGN_OR_RETURN(const std::vector<std::string> current, CurrentOrNone(data_dir));
  Decision d;
  d.as_of = today;
  d.decision = "manual_promote";
  d.champion_models = current;
  d.champion_after = set;
  d.challenger_models = set;
  d.challenger_id = id == "challenger" ? "" : id;
  if (current == set) {
    d.reason = fmt::format("already the champion: {} (nothing changed)", JoinIds(set));
  } else {
    QTP_RETURN_IF_ERROR(models::SetChampion(data_dir, set, "promote", run_id));
    d.reason =
        fmt::format("the champion is now {} (was {})", JoinIds(set), current.empty() ? "none" : JoinIds(current));
  }
  QTP_RETURN_IF_ERROR(RecordDecisions(store, run_id, {d}));
  return d;
}

Result<Decision> RollbackChampion(Store& store, const std::string& run_id, DateDays today) {
  const std::string& data_dir = store.data_dir();
  QTP_ASSIGN_OR_RETURN(const std::vector<std::string> current, models::ReadCurrent(data_dir));
  QTP_ASSIGN_OR_RETURN(const std::vector<models::ChampionChange> history, models::ReadChampionHistory(data_dir));
  QTP_ASSIGN_OR_RETURN(const std::vector<std::string> restored, models::RollbackTarget(history, current));
  QTP_RETURN_IF_ERROR(models::ReadModels(data_dir, restored, true).status());
  QTP_RETURN_IF_ERROR(models::SetChampion(data_dir, restored, "rollback", run_id));
  Decision d;
  d.as_of = today;
  d.decision = "rollback";
  d.champion_models = current;
  d.champion_after = restored;
  d.reason = fmt::format("the champion is {} again (replaces {})", JoinIds(restored), JoinIds(current));
  QTP_RETURN_IF_ERROR(RecordDecisions(store, run_id, {d}));
  return d;
}

}  // namespace qtp::monitor
