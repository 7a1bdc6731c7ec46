#include "qtp/pipeline/health_checks.h"

#include <cmath>
#include <cstdlib>
#include <limits>

#include <fmt/format.h>

#include "qtp/data/store/production_columns.h"

namespace qtp {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The first column of the first row as a number; NaN for NULL or no row.
Result<double> QueryNumber(const Store& store, const std::string& sql) {
  double value = kNaN;
  bool first = true;
  QTP_RETURN_IF_ERROR(store.Query(
      sql, [](const std::vector<duck::QueryColumn>&) {},
      [&](const std::vector<std::string>& row) {
        if (!first || row.empty() || row[0] == "NULL") return;
        first = false;
        char* end = nullptr;
        const double parsed = std::strtod(row[0].c_str(), &end);
        if (end != row[0].c_str()) value = parsed;
      }));
  return value;
}

std::string Share(double value) { return std::isnan(value) ? "n/a" : fmt::format("{:.1f}%", 100 * value); }

}  // namespace

Result<std::vector<HealthCheck>> RunHealthChecks(const Store& store, DateDays as_of, double min_coverage) {
  // `as_of` is a parsed date formatted back by us: no outside text reaches this SQL.
  const std::string day = fmt::format("DATE '{}'", FormatDate(as_of));
  std::vector<HealthCheck> checks;

  QTP_ASSIGN_OR_RETURN(const double latest_bar, QueryNumber(store, fmt::format("SELECT count(*) FROM bars_1d "
                                                                               "WHERE date = {}",
                                                                               day)));
  {
    HealthCheck c{"bars_fresh", "ok", latest_bar, 1, ""};
    if (latest_bar < 1) {
      c.status = "fail";
      c.message = fmt::format("no daily bar on {} (the refresh brought nothing for the as-of)", FormatDate(as_of));
    } else {
      c.message = fmt::format("{:.0f} tickers have a daily bar on {}", latest_bar, FormatDate(as_of));
    }
    checks.push_back(c);
  }

  QTP_ASSIGN_OR_RETURN(
      const double ranked,
      QueryNumber(store, fmt::format("SELECT count(*) FROM rankings WHERE as_of = {} AND is_primary = 1", day)));
  QTP_ASSIGN_OR_RETURN(const double topk,
                       QueryNumber(store, fmt::format("SELECT count(*) FROM topk_history WHERE date = {}", day)));
  checks.push_back({"rankings_published", ranked >= 1 ? "ok" : "fail", ranked, 1,
                    ranked >= 1 ? fmt::format("{:.0f} names ranked by the primary model", ranked)
                                : fmt::format("nothing published for {}", FormatDate(as_of))});

  const double coverage = topk > 0 ? ranked / topk : kNaN;
  checks.push_back({"ranking_coverage", !std::isnan(coverage) && coverage >= min_coverage ? "ok" : "warn", coverage,
                    min_coverage, fmt::format("{} of the {:.0f} top-K names were scored", Share(coverage), topk)});

  QTP_ASSIGN_OR_RETURN(const double with_features,
                       QueryNumber(store, fmt::format("SELECT count(*) FROM topk_history t JOIN features_raw f "
                                                      "ON f.ticker = t.ticker AND f.date = t.date WHERE t.date = {}",
                                                      day)));
  const double complete = topk > 0 ? with_features / topk : kNaN;
  checks.push_back({"features_complete", !std::isnan(complete) && complete >= min_coverage ? "ok" : "warn", complete,
                    min_coverage,
                    fmt::format("{} of the top-K names have features on {}", Share(complete), FormatDate(as_of))});
  return checks;
}

Status StoreHealthChecks(Store& store, DateDays as_of, const std::vector<HealthCheck>& checks) {
  Table t(schema::MonitorChecks());
  for (const HealthCheck& c : checks) {
    t.Column<int32_t>("as_of").push_back(as_of);
    t.Column<std::string>("name").push_back(c.name);
    t.Column<std::string>("status").push_back(c.status);
    t.Column<double>("value").push_back(c.value);
    t.Column<double>("threshold").push_back(c.threshold);
    t.Column<std::string>("message").push_back(c.message);
  }
  return store.Merge(schema::MonitorChecks(), "", std::move(t)).status();
}

}  // namespace qtp
