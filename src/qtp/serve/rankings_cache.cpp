#include "qtp/serve/rankings_cache.h"

#include <algorithm>
#include <map>
#include <numeric>

#include <fmt/format.h>

namespace qtp::serve {
namespace {

// The feature values a ranking row is shown with (columns of the rankings dataset).
constexpr const char* kRowFeatures[] = {"ret_20d", "mom_12_1", "rv_20", "amihud_20", "hurst"};

Json NullableInt(int64_t v) { return v == kNullInt64 ? Json(nullptr) : Json(v); }

}  // namespace

const RankingList* RankingDay::Find(const std::string& model_id) const {
  for (const RankingList& list : lists) {
    if (list.model_id == model_id) return &list;
  }
  return nullptr;
}

const RankingList& RankingDay::Default() const {
  const RankingList* primary = Find(primary_model_id);
  return primary != nullptr ? *primary : lists.front();
}

Result<RankingsCache> RankingsCache::Build(const Table& t) {
  const auto& as_of = t.Column<int32_t>("as_of");
  const auto& model_id = t.Column<std::string>("model_id");
  const auto& ticker = t.Column<std::string>("ticker");
  const auto& rank = t.Column<int64_t>("rank");
  const auto& score = t.Column<double>("score");
  const auto& rank_change = t.Column<int64_t>("rank_change");
  const auto& is_primary = t.Column<int64_t>("is_primary");
  const auto& sector = t.Column<std::string>("sector");
  const auto& universe_rank = t.Column<int64_t>("universe_rank");
  const auto& close = t.Column<double>("close");
  const auto& adv_20 = t.Column<double>("adv_20");
  std::vector<const std::vector<double>*> features;
  for (const char* name : kRowFeatures) features.push_back(&t.Column<double>(name));

  std::vector<size_t> order(t.num_rows());
  std::iota(order.begin(), order.end(), 0);
  // Newest date first; within a date by model, then rank (ties by ticker).
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (as_of[a] != as_of[b]) return as_of[a] > as_of[b];
    if (model_id[a] != model_id[b]) return model_id[a] < model_id[b];
    if (rank[a] != rank[b]) return rank[a] < rank[b];
    return ticker[a] < ticker[b];
  });

  RankingsCache cache;
  for (size_t i : order) {
    if (cache.days_.empty() || cache.days_.back().as_of != as_of[i])
      cache.days_.push_back(RankingDay{as_of[i], "", {}});
    RankingDay& day = cache.days_.back();
    if (day.lists.empty() || day.lists.back().model_id != model_id[i])
      day.lists.push_back(RankingList{model_id[i], {}, ""});
    if (is_primary[i] != 0) day.primary_model_id = model_id[i];
    Json row;
    row["ticker"] = ticker[i];
    row["rank"] = rank[i];
    row["score"] = Number(score[i]);
    row["rank_change"] = NullableInt(rank_change[i]);
    row["sector"] = sector[i].empty() ? Json(nullptr) : Json(sector[i]);
    row["universe_rank"] = NullableInt(universe_rank[i]);
    row["close"] = Number(close[i]);
    row["adv_20"] = Number(adv_20[i]);
    Json f = Json::object();
    for (size_t k = 0; k < features.size(); ++k) f[kRowFeatures[k]] = Number((*features[k])[i]);
    row["features"] = std::move(f);
    day.lists.back().rows.push_back(Dump(row));
  }

  for (size_t d = 0; d < cache.days_.size(); ++d) {
    RankingDay& day = cache.days_[d];
    Json models = Json::array();
    for (const RankingList& list : day.lists) models.push_back(list.model_id);
    const std::string previous = d + 1 < cache.days_.size() ? Quoted(FormatDate(cache.days_[d + 1].as_of)) : "null";
    for (RankingList& list : day.lists) {
      list.head = fmt::format(R"({{"as_of":{},"model_id":{},"primary_model_id":{},"models":{},"previous_as_of":{},)"
                              R"("total":{},)",
                              Quoted(FormatDate(day.as_of)), Quoted(list.model_id),
                              day.primary_model_id.empty() ? "null" : Quoted(day.primary_model_id), Dump(models),
                              previous, list.rows.size());
    }
  }
  if (!cache.days_.empty()) {
    const RankingDay& latest = cache.days_.front();
    const RankingList& list = latest.Default();
    // For /api/tickers' latest_rank.
    for (size_t i = 0; i < t.num_rows(); ++i) {
      if (as_of[i] == latest.as_of && model_id[i] == list.model_id) cache.latest_primary_rank_[ticker[i]] = rank[i];
    }
  }
  return cache;
}

const RankingDay* RankingsCache::Find(DateDays as_of) const {
  for (const RankingDay& day : days_) {
    if (day.as_of == as_of) return &day;
  }
  return nullptr;
}

std::optional<int64_t> RankingsCache::LatestPrimaryRank(const std::string& ticker) const {
  const auto it = latest_primary_rank_.find(ticker);
  if (it == latest_primary_rank_.end()) return std::nullopt;
  return it->second;
}

std::string RankingsCache::Body(const RankingList& list, const Page& page) {
  const auto [first, last] = PageRange(list.rows.size(), page);
  size_t bytes = list.head.size() + 64;
  for (size_t i = first; i < last; ++i) bytes += list.rows[i].size() + 1;
  std::string body;
  body.reserve(bytes);
  body += list.head;
  body += fmt::format(R"("limit":{},"offset":{},"items":[)", page.limit, page.offset);
  for (size_t i = first; i < last; ++i) {
    if (i > first) body += ',';
    body += list.rows[i];
  }
  body += "]}";
  return body;
}

std::string RankingsCache::EmptyBody(const Page& page) {
  return fmt::format(R"({{"as_of":null,"model_id":null,"primary_model_id":null,"models":[],"previous_as_of":null,)"
                     R"("total":0,"limit":{},"offset":{},"items":[]}})",
                     page.limit, page.offset);
}

}  // namespace qtp::serve
