// /api/models and /api/models/{id}: the model registry (models/<model_id>/, registry.h), the
// walk-forward report of the latest `qtp train` (reports/model_eval.json) and the predictions.
#include <algorithm>

#include <fmt/format.h>

#include "qtp/core/file_util.h"
#include "qtp/evaluation/report.h"
#include "qtp/models/registry.h"
#include "qtp/serve/route.h"

namespace qtp::serve {
namespace {

// Below this many scored names with a forward return a day's IC is left out (ScoreDayParams).
constexpr int kMinIcNames = 10;

Json DateOrNull(DateDays d) { return d == kNullDate ? Json(nullptr) : Json(FormatDate(d)); }

// The primary model of the latest published ranking ("" when nothing is published).
std::string PrimaryModel(const Snapshot& snap) {
  if (snap.rankings.empty()) return "";
  return snap.rankings.days().front().primary_model_id;
}

std::vector<std::string> CurrentModels(const std::string& data_dir) {
  Result<std::vector<std::string>> current = models::ReadCurrent(data_dir);
  return current.ok() ? *current : std::vector<std::string>{};
}

Json ModelSummary(const models::RegisteredModel& m, const std::vector<std::string>& current,
                  const std::string& primary) {
  return {{"model_id", m.model_id},
          {"model", m.model},
          {"family", m.family},
          {"horizon", m.horizon},
          {"train_first", DateOrNull(m.train_first)},
          {"train_last", DateOrNull(m.train_last)},
          {"data_last", DateOrNull(m.data_last)},
          {"summary", m.summary},
          {"current", std::find(current.begin(), current.end(), m.model_id) != current.end()},
          {"primary", m.model_id == primary}};
}

Result<std::string> ModelList(const RequestContext& ctx) {
  QTP_ASSIGN_OR_RETURN(std::vector<models::RegisteredModel> all, models::ListModels(ctx.store.data_dir()));
  const std::vector<std::string> current = CurrentModels(ctx.store.data_dir());
  const std::string primary = PrimaryModel(*ctx.snapshot);
  const Page page = PageOf(ctx.params, static_cast<int64_t>(all.size()));
  const auto [first, last] = PageRange(all.size(), page);
  Json items = Json::array();
  for (size_t i = first; i < last; ++i) items.push_back(ModelSummary(all[i], current, primary));
  return Dump(PageJson(Json::object(), page, std::move(items)));
}

// The model's entry of reports/model_eval.json, or null when the latest `qtp train` did not
// evaluate it (a model of an earlier training run).
Json EvalEntry(const std::string& data_dir, const std::string& model_id) {
  Result<std::string> text = ReadFile(fmt::format("{}/reports/{}", data_dir, evaluation::kModelEvalJson));
  if (!text.ok()) return nullptr;
  const Json report = Json::parse(*text, nullptr, false);
  if (report.is_discarded() || !report.contains("models")) return nullptr;
  for (const Json& m : report["models"]) {
    if (m.value("model_id", "") == model_id) return m;
  }
  return nullptr;
}

Json Importance(const Json& eval) {
  Json out = Json::array();
  if (eval.is_null() || !eval.contains("importance")) return out;
  for (const Json& f : eval["importance"]) {
    out.push_back({{"feature", f.value("feature", "")},
                   {"importance", f.value("gain", Json())},
                   {"gain", f.value("gain", Json())},
                   {"permutation", f.value("permutation", Json())}});
  }
  // Largest gain first; features without one last.
  std::stable_sort(out.begin(), out.end(), [](const Json& a, const Json& b) {
    const bool an = a["importance"].is_number(), bn = b["importance"].is_number();
    if (an != bn) return an;
    return an && a["importance"].get<double>() > b["importance"].get<double>();
  });
  return out;
}

// model_eval.json's daily metrics are column arrays (date, n, ic, rank_ic, ...): one row per day.
Json DailyIcFromEval(const Json& eval) {
  Json out = Json::array();
  const Json& daily = eval.at("daily");
  const Json& dates = daily.at("date");
  for (size_t i = 0; i < dates.size(); ++i) {
    out.push_back({{"date", dates.at(i)},
                   {"n", daily.at("n").at(i)},
                   {"ic", daily.at("ic").at(i)},
                   {"rank_ic", daily.at("rank_ic").at(i)}});
  }
  return out;
}

// Daily IC of the stored predictions (walk-forward and live) against the adjusted close-to-close
// return over the model's horizon, for a model the latest report does not cover.
Result<Json> DailyIcFromPredictions(StoreAccess& store, const std::string& model_id, int horizon) {
  // The horizon is the registry's integer, not request text.
  const std::string sql = fmt::format(
      "WITH p AS (SELECT date, ticker, score FROM predictions WHERE model_id = $1), "
      "b AS (SELECT ticker, date, close, lead(close, {}) OVER (PARTITION BY ticker ORDER BY date) AS close_h "
      "FROM bars_1d WHERE ticker IN (SELECT DISTINCT ticker FROM p)), "
      "j AS (SELECT p.date, p.score, b.close_h / b.close - 1 AS fwd FROM p JOIN b USING (ticker, date) "
      "WHERE b.close_h IS NOT NULL AND isfinite(p.score)), "
      "r AS (SELECT date, score, fwd, rank() OVER (PARTITION BY date ORDER BY score) AS rs, "
      "rank() OVER (PARTITION BY date ORDER BY fwd) AS rf FROM j) "
      "SELECT strftime(date, '%Y-%m-%d') AS date, count(*) AS n, corr(score, fwd) AS ic, corr(rs, rf) AS rank_ic "
      "FROM r GROUP BY date HAVING count(*) >= {} ORDER BY date",
      std::max(1, horizon), kMinIcNames);
  QTP_ASSIGN_OR_RETURN(QueryRows rows, store.Query(sql, {model_id}));
  return rows.ToJson();
}

Result<std::string> Model(const RequestContext& ctx) {
  const std::string& data_dir = ctx.store.data_dir();
  QTP_ASSIGN_OR_RETURN(models::RegisteredModel m, models::ReadModel(data_dir, ctx.params.Text("id"), true));
  Json out = ModelSummary(m, CurrentModels(data_dir), PrimaryModel(*ctx.snapshot));
  out["features"] = m.features;
  out["hyperparameters"] = m.hyperparameters;
  out["members"] = m.members;
  out["weights"] = m.weights;
  out["code_version"] = m.code_version;
  out["folds"] = m.folds;
  const Json eval = EvalEntry(data_dir, m.model_id);
  out["importance"] = Importance(eval);
  if (!eval.is_null() && eval.contains("daily")) {
    out["ic_source"] = "model_eval";
    out["ic_by_day"] = DailyIcFromEval(eval);
  } else {
    out["ic_source"] = "predictions";
    QTP_ASSIGN_OR_RETURN(out["ic_by_day"], DailyIcFromPredictions(ctx.store, m.model_id, m.horizon));
  }
  return Dump(out);
}

}  // namespace

std::vector<Route> ModelRoutes() {
  return {Route{"/api/models",
                "Registered models with their out-of-sample summary, by model_id",
                "models",
                {LimitParam(100, 1000), OffsetParam()},
                {"total", "limit", "offset", "items"},
                "items: {model_id, model, family, horizon, train_first, train_last, data_last, summary, current, "
                "primary}",
                ModelList},
          Route{"/api/models/{id}",
                "One registered model: definition, folds, feature importance and daily IC",
                "models",
                {IdParam("id", ParamIn::kPath, "Model ID")},
                {"model_id", "model", "family", "horizon", "train_first", "train_last", "data_last", "summary",
                 "current", "primary", "features", "hyperparameters", "members", "weights", "code_version", "folds",
                 "importance", "ic_source", "ic_by_day"},
                "",
                Model}};
}

}  // namespace qtp::serve
