// /api/runs: the daily job's stage records (view runs), written by `qtp daily`. Before its first run
// the list is empty.
#include <fmt/format.h>

#include "qtp/data/store/production_columns.h"
#include "qtp/serve/query_util.h"
#include "qtp/serve/route.h"

namespace qtp::serve {
namespace {

Result<std::string> Runs(const RequestContext& ctx) {
  // "Nothing" is stored as "" or -1 (production_columns.h); the API says null.
  PagedSelect select{
      "job_id, strftime(as_of, '%Y-%m-%d') AS as_of, stage, stage_index, status, "
      "strftime(started_at, '%Y-%m-%dT%H:%M:%SZ') AS started_at, strftime(finished_at, '%Y-%m-%dT%H:%M:%SZ') AS "
      "finished_at, seconds, nullif(run_id, '') AS run_id, CASE WHEN rows < 0 THEN NULL ELSE rows END AS rows, "
      "nullif(error, '') AS error",
      "runs",
      // Newest job first, its stages in the order they ran.
      "runs.as_of DESC, job_id DESC, stage_index"};
  std::vector<duck::QueryParam> params;
  if (const std::optional<DateDays> as_of = ctx.params.Date("as_of")) {
    select.from += " WHERE as_of = $1";
    params.push_back(duck::SqlDate{*as_of});
  }
  QTP_ASSIGN_OR_RETURN(PagedRows rows, QueryPage(ctx.store, select, std::move(params), PageOf(ctx.params)));
  return Dump(PageJson(Json::object(), PageOf(ctx.params, rows.total), rows.rows.ToJson()));
}

}  // namespace

std::vector<Route> RunRoutes() {
  return {Route{"/api/runs",
                "The daily job's stage records, newest job first, its stages in order",
                "runs",
                {DateParam("as_of", "Only the jobs of this as-of date"), LimitParam(100, 1000), OffsetParam()},
                {"total", "limit", "offset", "items"},
                "items: {job_id, as_of, stage, stage_index, status, started_at, finished_at, seconds, run_id, rows, "
                "error}",
                Runs}};
}

}  // namespace qtp::serve
