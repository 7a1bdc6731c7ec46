#include "qtp/models/run_predict.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/model_columns.h"
#include "qtp/eda/panel.h"
#include "qtp/models/ensemble.h"
#include "qtp/models/model_params.h"
#include "qtp/models/prediction_rows.h"
#include "qtp/models/registry.h"

namespace qtp::models {

namespace {

constexpr size_t kTopTickers = 5;
// Scoring reads the fitted parameters from the artifact; the settings only name the families' defaults.
const LearnerSettings kScoringSettings;

Result<std::vector<size_t>> FeatureIndices(const eda::Panel& panel, const RegisteredModel& model) {
  std::vector<size_t> out;
  for (const std::string& name : model.features) {
    const auto it = std::find(panel.features().begin(), panel.features().end(), name);
    if (it == panel.features().end()) {
      return Status::InvalidArgument(fmt::format(
          "model {} uses feature '{}', which the stored features no longer have: retrain (`qtp train`)",
          model.model_id, name));
    }
    out.push_back(static_cast<size_t>(it - panel.features().begin()));
  }
  return out;
}

// The scoring rows of one day for one model's features (the rule of training_set.h).
RowBlock RowsOf(const eda::Panel& panel, size_t day, const std::vector<size_t>& features) {
  RowBlock rows;
  for (size_t i = 0; i < panel.num_tickers(); ++i) {
    if (IsScoringRow(panel, day, i, features)) AppendRow(panel, day, i, features, rows);
  }
  return rows;
}

// Scores by ticker index (NaN: not scored) of one model on one day.
using DayScores = std::vector<double>;

Result<DayScores> ScoreLearner(const Learner& learner, const eda::Panel& panel, size_t day,
                               const std::vector<size_t>& features) {
  const RowBlock rows = RowsOf(panel, day, features);
  DayScores out(panel.num_tickers(), std::nan(""));
  if (rows.ticker.empty()) return out;
  std::vector<double> labels(rows.ticker.size(), std::nan(""));
  const std::vector<uint32_t> groups = {static_cast<uint32_t>(rows.ticker.size())};
  const DesignView view{.x = rows.x, .cols = features.size(), .label = labels, .group_sizes = groups};
  std::vector<double> scores(rows.ticker.size());
  QTP_RETURN_IF_ERROR(learner.Predict(view, scores));
  for (size_t r = 0; r < rows.ticker.size(); ++r) out[rows.ticker[r]] = scores[r];
  return out;
}

DayScores CombineMembers(const std::vector<const DayScores*>& members, const std::vector<double>& weights) {
  const size_t n = members.front()->size();
  RowBlock block;
  block.day_begin = {0, n};
  block.ticker.resize(n);
  std::vector<std::vector<double>> percentiles(members.size(), std::vector<double>(n));
  for (size_t m = 0; m < members.size(); ++m) DailyPercentiles(block, *members[m], 0, 1, percentiles[m]);
  DayScores out(n);
  CombinePercentiles(percentiles, weights, 0, n, out);
  return out;
}

void AppendRows(const eda::Panel& panel, size_t day, const std::string& model_id, const DayScores& scores,
                Table& rows, ModelPredictions& summary) {
  const std::vector<size_t> order = AppendRankedPredictions(
      panel.dates()[day], model_id, "live", scores, [&](size_t i) -> const std::string& { return panel.tickers()[i]; },
      rows);
  summary.top.clear();
  for (size_t k = 0; k < std::min(kTopTickers, order.size()); ++k) {
    summary.top.emplace_back(panel.tickers()[order[k]], scores[order[k]]);
  }
  ++summary.live_days;
  summary.live_rows += order.size();
}

// The stored walk-forward top tickers of `model_id` on `date`.
Result<std::vector<std::pair<std::string, double>>> StoredTop(const Store& store, const std::string& model_id,
                                                               DateDays date) {
  const int year = YearOfDays(date);
  QTP_ASSIGN_OR_RETURN(const Table t, store.Read(schema::Predictions(), "", year, year));
  std::vector<std::pair<int64_t, size_t>> hits;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    if (t.Column<int32_t>("date")[r] == date && t.Column<std::string>("model_id")[r] == model_id) {
      hits.emplace_back(t.Column<int64_t>("rank")[r], r);
    }
  }
  std::sort(hits.begin(), hits.end());
  std::vector<std::pair<std::string, double>> top;
  for (size_t k = 0; k < std::min(kTopTickers, hits.size()); ++k) {
    top.emplace_back(t.Column<std::string>("ticker")[hits[k].second], t.Column<double>("score")[hits[k].second]);
  }
  return top;
}

int LatestFeatureYear(const Store& store) {
  int year = 0;
  for (const auto& [path, e] : store.manifest().entries) {
    if (e.dataset == schema::Features().name) year = std::max(year, e.year);
  }
  return year;
}

}  // namespace

Result<PredictSummary> RunPredict(Store& store, const PredictOptions& options) {
  std::vector<std::string> ids = options.model_ids;
  if (ids.empty()) {
    QTP_ASSIGN_OR_RETURN(ids, ReadCurrent(store.data_dir()));
  }
  // Learners first: an ensemble combines scores of members computed before it.
  std::vector<RegisteredModel> models;
  for (const std::string& id : ids) {
    QTP_ASSIGN_OR_RETURN(RegisteredModel m, ReadModel(store.data_dir(), id, true));
    for (const std::string& member : m.members) {
      if (std::find(ids.begin(), ids.end(), member) == ids.end()) {
        return Status::InvalidArgument(
            fmt::format("ensemble {} needs its member {} in the same predict run", id, member));
      }
    }
    models.push_back(std::move(m));
  }
  std::stable_partition(models.begin(), models.end(),
                        [](const RegisteredModel& m) { return m.family != kEnsembleFamily; });

  const int first_year = options.start == kNullDate ? LatestFeatureYear(store) : YearOfDays(options.start);
  QTP_ASSIGN_OR_RETURN(const eda::Panel panel, eda::LoadPanel(store, false, first_year));
  const std::vector<DateDays>& dates = panel.dates();
  size_t first = 0;
  size_t end = dates.size();
  if (options.start == kNullDate) {
    first = dates.empty() ? 0 : dates.size() - 1;
  } else {
    first = static_cast<size_t>(std::lower_bound(dates.begin(), dates.end(), options.start) - dates.begin());
    end = static_cast<size_t>(std::upper_bound(dates.begin(), dates.end(), options.end) - dates.begin());
  }
  if (first >= end) {
    return Status::NotFound(fmt::format("predict: no feature day in {} .. {} (run `qtp features`)",
                                        options.start == kNullDate ? "-" : FormatDate(options.start),
                                        options.end == kNullDate ? "-" : FormatDate(options.end)));
  }

  PredictSummary summary;
  summary.first = dates[first];
  summary.last = dates[end - 1];
  summary.days = end - first;
  Table rows(schema::Predictions());
  std::map<std::string, std::vector<DayScores>> live;  // model_id -> scores per day (index day - first)
  for (const RegisteredModel& m : models) {
    ModelPredictions mp;
    mp.model_id = m.model_id;
    std::vector<DayScores>& days = live[m.model_id];
    days.resize(end - first);
    std::unique_ptr<Learner> learner;
    std::vector<size_t> features;
    if (m.family != kEnsembleFamily) {
      QTP_ASSIGN_OR_RETURN(const Family family, ParseFamily(m.family));
      QTP_ASSIGN_OR_RETURN(learner, LoadLearner(family, m.artifact, kScoringSettings));
      QTP_ASSIGN_OR_RETURN(features, FeatureIndices(panel, m));
    }
    for (size_t d = first; d < end; ++d) {
      if (dates[d] <= m.data_last) {
        ++mp.walk_forward_days;
        continue;
      }
      if (learner) {
        QTP_ASSIGN_OR_RETURN(days[d - first], ScoreLearner(*learner, panel, d, features));
      } else {
        std::vector<const DayScores*> members;
        for (const std::string& member : m.members) members.push_back(&live[member][d - first]);
        if (std::any_of(members.begin(), members.end(), [](const DayScores* s) { return s->empty(); })) continue;
        days[d - first] = CombineMembers(members, m.weights);
      }
      AppendRows(panel, d, m.model_id, days[d - first], rows, mp);
    }
    if (dates[end - 1] <= m.data_last) {
      QTP_ASSIGN_OR_RETURN(mp.top, StoredTop(store, m.model_id, dates[end - 1]));
    }
    summary.models.push_back(std::move(mp));
  }
  if (rows.num_rows() > 0) {
    QTP_ASSIGN_OR_RETURN(summary.rows, store.Merge(schema::Predictions(), "", std::move(rows)));
    QTP_RETURN_IF_ERROR(store.Commit());
  }
  return summary;
}

}  // namespace qtp::models
