// /api/rankings and /api/rankings/dates: answered from the snapshot's RankingsCache, no query.
#include <fmt/format.h>

#include "qtp/serve/route.h"

namespace qtp::serve {
namespace {

Result<std::string> Rankings(const RequestContext& ctx) {
  const RankingsCache& cache = ctx.snapshot->rankings;
  const Page page = PageOf(ctx.params);
  const RankingDay* day = nullptr;
  if (const std::optional<DateDays> date = ctx.params.Date("date")) {
    day = cache.Find(*date);
    if (day == nullptr) return Status::NotFound(fmt::format("no rankings are published for {}", FormatDate(*date)));
  } else if (cache.empty()) {
    if (ctx.params.Has("model")) return Status::NotFound("no rankings are published yet");
    return RankingsCache::EmptyBody(page);
  } else {
    day = &cache.days().front();
  }
  const RankingList* list = &day->Default();
  if (ctx.params.Has("model")) {
    const std::string model = ctx.params.Text("model");
    list = day->Find(model);
    if (list == nullptr) {
      return Status::NotFound(
          fmt::format("model '{}' has no rankings published for {}", model, FormatDate(day->as_of)));
    }
  }
  return RankingsCache::Body(*list, page);
}

Result<std::string> RankingDates(const RequestContext& ctx) {
  const std::vector<RankingDay>& days = ctx.snapshot->rankings.days();
  const Page page = PageOf(ctx.params, static_cast<int64_t>(days.size()));
  const auto [first, last] = PageRange(days.size(), page);
  Json items = Json::array();
  for (size_t i = first; i < last; ++i) items.push_back(FormatDate(days[i].as_of));
  return Dump(PageJson(Json::object(), page, std::move(items)));
}

}  // namespace

std::vector<Route> RankingRoutes() {
  return {
      Route{"/api/rankings",
            "One published ranking: a date's top-K names scored by a model, best first",
            "rankings",
            {DateParam("date", "As-of date (default: the latest published)"),
             IdParam("model", ParamIn::kQuery, "Model ID (default: the primary model of that date)"),
             LimitParam(100, 1000), OffsetParam()},
            {"as_of", "model_id", "primary_model_id", "models", "previous_as_of", "total", "limit", "offset", "items"},
            "items: {ticker, rank, score, rank_change, sector, universe_rank, close, adv_20, features: {ret_20d, "
            "mom_12_1, rv_20, amihud_20, hurst}} by rank",
            Rankings},
      Route{"/api/rankings/dates",
            "Published as-of dates, newest first",
            "rankings",
            {LimitParam(100, 1000), OffsetParam()},
            {"total", "limit", "offset", "items"},
            "items: dates (YYYY-MM-DD), newest first",
            RankingDates}};
}

}  // namespace qtp::serve
