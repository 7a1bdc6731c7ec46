#include "qtp/pipeline/rankings.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "qtp/core/table_ops.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/model_columns.h"
#include "qtp/data/store/production_columns.h"
#include "qtp/data/store/selection_columns.h"

namespace qtp {
namespace {

// The features_raw columns a ranking row carries, in the rankings spec's order.
const std::vector<std::string>& ShownFeatures() {
  static const std::vector<std::string> columns = {"close", "adv_20",    "ret_20d", "mom_12_1",
                                                   "rv_20", "amihud_20", "hurst"};
  return columns;
}

// Rows of a kYear dataset dated `day` (its `date_column`), read with the columns of `spec`.
Result<Table> RowsOn(const Store& store, const TableSpec& spec, const std::string& date_column, DateDays day) {
  const int year = YearOfDays(day);
  QTP_ASSIGN_OR_RETURN(const Table t, store.Read(spec, "", year, year));
  const auto& dates = t.Column<int32_t>(date_column);
  std::vector<size_t> keep;
  for (size_t i = 0; i < t.num_rows(); ++i) {
    if (dates[i] == day) keep.push_back(i);
  }
  return TakeRows(t, keep);
}

struct Scored {
  std::string ticker;
  double score;
};

// ticker → rank of each model's latest published ranking before `as_of`. Years are read newest
// first and only until every model has found its previous date.
Result<std::map<std::string, std::map<std::string, int64_t>>> PreviousRanks(const Store& store, DateDays as_of,
                                                                            const std::vector<std::string>& model_ids) {
  const TableSpec spec = Projection(schema::Rankings(), {"as_of", "model_id", "ticker", "rank"});
  std::map<std::string, DateDays> previous_date;
  const std::set<int> years = store.manifest().Years(schema::Rankings().name);
  std::vector<Table> tables;
  for (auto it = years.rbegin(); it != years.rend(); ++it) {
    if (*it > YearOfDays(as_of)) continue;
    QTP_ASSIGN_OR_RETURN(Table t, store.Read(spec, "", *it, *it));
    const auto& dates = t.Column<int32_t>("as_of");
    const auto& ids = t.Column<std::string>("model_id");
    for (size_t i = 0; i < t.num_rows(); ++i) {
      if (dates[i] >= as_of) continue;
      auto [slot, added] = previous_date.emplace(ids[i], dates[i]);
      if (!added) slot->second = std::max(slot->second, dates[i]);
    }
    tables.push_back(std::move(t));
    const bool all_found = std::all_of(model_ids.begin(), model_ids.end(),
                                       [&](const std::string& id) { return previous_date.count(id) > 0; });
    if (all_found) break;
  }
  std::map<std::string, std::map<std::string, int64_t>> ranks;
  for (const Table& t : tables) {
    const auto& dates = t.Column<int32_t>("as_of");
    const auto& ids = t.Column<std::string>("model_id");
    const auto& tickers = t.Column<std::string>("ticker");
    const auto& rank = t.Column<int64_t>("rank");
    for (size_t i = 0; i < t.num_rows(); ++i) {
      auto it = previous_date.find(ids[i]);
      if (it != previous_date.end() && it->second == dates[i]) ranks[ids[i]][tickers[i]] = rank[i];
    }
  }
  return ranks;
}

Result<std::map<std::string, std::string>> Sectors(const Store& store) {
  std::map<std::string, std::string> sectors;
  QTP_RETURN_IF_ERROR(store.Query(
      "SELECT ticker, sector FROM universe WHERE ticker IS NOT NULL AND sector IS NOT NULL", [](const auto&) {},
      [&sectors](const std::vector<std::string>& row) { sectors[row[0]] = row[1]; }));
  return sectors;
}

}  // namespace

Result<DateDays> LatestPredictionDate(const Store& store) {
  const std::set<int> years = store.manifest().Years(schema::Predictions().name);
  const TableSpec spec = Projection(schema::Predictions(), {"date"});
  for (auto year = years.rbegin(); year != years.rend(); ++year) {
    QTP_ASSIGN_OR_RETURN(const Table t, store.Read(spec, "", *year, *year));
    const auto& dates = t.Column<int32_t>("date");
    if (!dates.empty()) return *std::max_element(dates.begin(), dates.end());
  }
  return Status::NotFound("no predictions are stored: run qtp train, then qtp predict");
}

Result<Table> BuildRankings(const Store& store, DateDays as_of, const std::string& primary_setting,
                            RankingsInfo* info) {
  const std::string day = FormatDate(as_of);
  Result<std::vector<std::string>> current = models::ReadCurrent(store.data_dir());
  if (!current.ok()) return Status::NotFound("no trained model (models/current.json): run qtp train, then qtp predict");
  const std::set<std::string> current_ids(current->begin(), current->end());

  const TableSpec prediction_spec = Projection(schema::Predictions(), {"date", "ticker", "model_id", "score"});
  QTP_ASSIGN_OR_RETURN(const Table predictions, RowsOn(store, prediction_spec, "date", as_of));
  std::map<std::string, std::vector<Scored>> by_model;
  {
    const auto& tickers = predictions.Column<std::string>("ticker");
    const auto& ids = predictions.Column<std::string>("model_id");
    const auto& scores = predictions.Column<double>("score");
    for (size_t i = 0; i < predictions.num_rows(); ++i) {
      if (current_ids.count(ids[i]) > 0) by_model[ids[i]].push_back({tickers[i], scores[i]});
    }
  }
  if (by_model.empty()) {
    return Status::NotFound(
        fmt::format("no predictions of the current models on {}: run qtp predict --date {}", day, day));
  }

  const TableSpec topk_spec = Projection(schema::TopKHistory(), {"date", "ticker", "rank"});
  QTP_ASSIGN_OR_RETURN(const Table topk, RowsOn(store, topk_spec, "date", as_of));
  std::map<std::string, int64_t> universe_rank;
  for (size_t i = 0; i < topk.num_rows(); ++i) {
    universe_rank[topk.Column<std::string>("ticker")[i]] = topk.Column<int64_t>("rank")[i];
  }
  if (universe_rank.empty()) return Status::NotFound(fmt::format("no top-K selection on {}: run qtp select", day));

  std::vector<std::string> feature_columns = {"date", "ticker"};
  feature_columns.insert(feature_columns.end(), ShownFeatures().begin(), ShownFeatures().end());
  const TableSpec feature_spec = Projection(schema::FeaturesRaw(), feature_columns);
  QTP_ASSIGN_OR_RETURN(const Table features, RowsOn(store, feature_spec, "date", as_of));
  std::map<std::string, size_t> feature_row;
  for (size_t i = 0; i < features.num_rows(); ++i) feature_row[features.Column<std::string>("ticker")[i]] = i;

  // Each model's scores of the top-K names, best first.
  std::vector<models::RegisteredModel> ranked_models;
  for (auto& [model_id, scored] : by_model) {
    std::erase_if(scored, [&](const Scored& s) { return universe_rank.count(s.ticker) == 0; });
    std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
      return a.score != b.score ? a.score > b.score : a.ticker < b.ticker;
    });
    if (scored.empty()) continue;
    QTP_ASSIGN_OR_RETURN(models::RegisteredModel m, models::ReadModel(store.data_dir(), model_id, false));
    ranked_models.push_back(std::move(m));
  }
  if (ranked_models.empty()) {
    return Status::NotFound(
        fmt::format("the current models scored none of the {} top-K names of {}: run qtp predict "
                    "--date {} after qtp select",
                    universe_rank.size(), day, day));
  }
  QTP_ASSIGN_OR_RETURN(const std::string primary, models::PrimaryModel(ranked_models, primary_setting));
  std::vector<std::string> model_ids;
  for (const models::RegisteredModel& m : ranked_models) model_ids.push_back(m.model_id);
  QTP_ASSIGN_OR_RETURN(const auto previous, PreviousRanks(store, as_of, model_ids));
  QTP_ASSIGN_OR_RETURN(const auto sectors, Sectors(store));

  Table out(schema::Rankings());
  for (const std::string& model_id : model_ids) {
    std::vector<Scored>& scored = by_model.at(model_id);
    const auto prev = previous.find(model_id);
    // Key order: by ticker within the model, with each name's rank from the score order.
    std::vector<std::pair<std::string, int64_t>> rank_of;
    for (size_t r = 0; r < scored.size(); ++r) rank_of.emplace_back(scored[r].ticker, static_cast<int64_t>(r + 1));
    std::sort(rank_of.begin(), rank_of.end());
    std::map<std::string, double> score_of;
    for (const Scored& s : scored) score_of[s.ticker] = s.score;
    for (const auto& [ticker, rank] : rank_of) {
      out.Column<int32_t>("as_of").push_back(as_of);
      out.Column<std::string>("model_id").push_back(model_id);
      out.Column<std::string>("ticker").push_back(ticker);
      out.Column<int64_t>("rank").push_back(rank);
      out.Column<double>("score").push_back(score_of.at(ticker));
      int64_t change = kNullInt64;
      if (prev != previous.end()) {
        if (auto p = prev->second.find(ticker); p != prev->second.end()) change = p->second - rank;
      }
      out.Column<int64_t>("rank_change").push_back(change);
      out.Column<int64_t>("is_primary").push_back(model_id == primary ? 1 : 0);
      const auto sector = sectors.find(ticker);
      out.Column<std::string>("sector").push_back(sector == sectors.end() ? "" : sector->second);
      out.Column<int64_t>("universe_rank").push_back(universe_rank.at(ticker));
      const auto f = feature_row.find(ticker);
      for (const std::string& column : ShownFeatures()) {
        out.Column<double>(column).push_back(f == feature_row.end() ? std::nan("")
                                                                    : features.Column<double>(column)[f->second]);
      }
    }
  }
  QTP_RETURN_IF_ERROR(out.Validate());
  if (info != nullptr) {
    info->models = model_ids;
    info->primary_model = primary;
    info->names = universe_rank.size();
    info->rows = out.num_rows();
  }
  return out;
}

Result<MergeStats> StoreRankings(Store& store, DateDays as_of, Table rankings) {
  const int year = YearOfDays(as_of);
  for (int32_t d : rankings.Column<int32_t>("as_of")) {
    if (d != as_of)
      return Status::Internal(fmt::format("StoreRankings({}): a row of {}", FormatDate(as_of), FormatDate(d)));
  }
  QTP_ASSIGN_OR_RETURN(const Table stored, store.Read(schema::Rankings(), "", year, year));
  std::vector<size_t> kept;
  const auto& dates = stored.Column<int32_t>("as_of");
  for (size_t i = 0; i < stored.num_rows(); ++i) {
    if (dates[i] != as_of) kept.push_back(i);
  }
  Table all = TakeRows(stored, kept);
  AppendRows(all, std::move(rankings));
  return store.Replace(schema::Rankings(), "", std::move(all), year, year);
}

}  // namespace qtp
