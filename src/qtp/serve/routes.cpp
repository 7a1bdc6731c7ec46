#include <fmt/format.h>

#include "qtp/serve/openapi.h"
#include "qtp/serve/route.h"

namespace qtp::serve {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t begin = 1;  // paths start with '/'
  while (begin <= path.size()) {
    const size_t slash = path.find('/', begin);
    const size_t end = slash == std::string_view::npos ? path.size() : slash;
    out.push_back(path.substr(begin, end - begin));
    begin = end + 1;
  }
  return out;
}

Result<std::string> Health(const RequestContext& ctx) {
  const Snapshot& snap = *ctx.snapshot;
  Json j;
  j["status"] = "ok";
  j["latest_as_of"] = snap.rankings.empty() ? Json(nullptr) : Json(FormatDate(snap.rankings.days().front().as_of));
  j["store_files"] = snap.store->manifest().entries.size();
  j["generation"] = snap.generation;
  return Dump(j);
}

}  // namespace

std::optional<Router::Match> Router::Find(std::string_view path) const {
  if (path.empty() || path[0] != '/') return std::nullopt;
  const std::vector<std::string_view> got = Segments(path);
  for (const Route& route : routes_) {
    const std::vector<std::string_view> want = Segments(route.path);
    if (want.size() != got.size()) continue;
    Match match{&route, {}};
    bool ok = true;
    for (size_t i = 0; i < want.size() && ok; ++i) {
      if (want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}') {
        ok = !got[i].empty();
        match.path_params[std::string(want[i].substr(1, want[i].size() - 2))] = std::string(got[i]);
      } else {
        ok = want[i] == got[i];
      }
    }
    if (ok) return match;
  }
  return std::nullopt;
}

Page PageOf(const Params& params, int64_t total) { return Page{total, params.Int("limit"), params.Int("offset")}; }

std::vector<Route> HealthRoutes() {
  return {Route{"/healthz",
                "Liveness, the latest published as-of date and the store's file count",
                "health",
                {},
                {"status", "latest_as_of", "store_files", "generation"},
                "",
                Health}};
}

std::vector<Route> ApiRoutes() {
  std::vector<Route> routes;
  for (auto group : {HealthRoutes, RankingRoutes, TickerRoutes, BacktestRoutes, ModelRoutes, RunRoutes, MonitorRoutes,
                     MetricsRoutes}) {
    for (Route& r : group()) routes.push_back(std::move(r));
  }
  // The document describes every route, itself included: it is built once the table is complete.
  auto document = std::make_shared<std::string>();
  routes.push_back(Route{"/api/openapi.json",
                         "This API's OpenAPI 3.0 description",
                         "meta",
                         {},
                         {"openapi", "info", "paths"},
                         "",
                         [document](const RequestContext&) -> Result<std::string> { return *document; }});
  *document = Dump(OpenApiDocument(routes));
  return routes;
}

}  // namespace qtp::serve
