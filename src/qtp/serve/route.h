// The API's route table: one entry per endpoint with its path, its parameters (params.h), the
// top-level fields of its answer and its handler. The dispatcher, the parameter validation and the
// OpenAPI document all read this one table, so the description cannot drift from the routes.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/serve/params.h"
#include "qtp/serve/store_access.h"

namespace qtp::serve {

struct RequestContext {
  StoreAccess& store;                        // bound queries, reload-aware
  std::shared_ptr<const Snapshot> snapshot;  // the store state the request started on
  const Params& params;                      // validated against the route's specs
};

// The body of a 200 (JSON unless the route says otherwise), or InvalidArgument (400), NotFound (404),
// anything else (503).
using RouteHandler = std::function<Result<std::string>(const RequestContext&)>;

struct Route {
  std::string path;  // segments; "{name}" segments are path parameters
  std::string summary;
  std::string tag;                  // the resource group (OpenAPI tag)
  std::vector<ParamSpec> params;    // path and query
  std::vector<std::string> fields;  // top-level keys of a 200 answer, in order
  std::string items;                // what "items" (or the main list) holds, for the description
  RouteHandler handler;
  std::string content_type = "application/json";  // of a 200; fields and items describe JSON only
};

// One resource group each (rankings_api.cpp, tickers_api.cpp, ...).
std::vector<Route> HealthRoutes();
std::vector<Route> RankingRoutes();
std::vector<Route> TickerRoutes();
std::vector<Route> BacktestRoutes();
std::vector<Route> ModelRoutes();
std::vector<Route> RunRoutes();
std::vector<Route> MonitorRoutes();
std::vector<Route> MetricsRoutes();

// Every route of the API, /api/openapi.json (describing all of them) included.
std::vector<Route> ApiRoutes();

class Router {
 public:
  explicit Router(std::vector<Route> routes) : routes_(std::move(routes)) {}
  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> path_params;
  };
  // The route whose segments match `path` (literal segments exactly, "{name}" any non-empty one).
  std::optional<Match> Find(std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Common pagination parameters and their Page.
Page PageOf(const Params& params, int64_t total = 0);

}  // namespace qtp::serve
