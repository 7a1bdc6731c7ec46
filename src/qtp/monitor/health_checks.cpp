#include "qtp/monitor/health_checks.h"

#include <cmath>

#include <fmt/format.h>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/core/bars.h"
#include "qtp/data/store/production_columns.h"
#include "qtp/monitor/store_query.h"

namespace qtp::monitor {

namespace {

// The first column of the first row as a number; NaN for NULL or no row.
Result<double> QueryNumber(const Store& store, const std::string& sql) {
  QTP_ASSIGN_OR_RETURN(const std::vector<std::string> row, FirstRow(store, sql));
  return CellNumber(row, 0);
}

constexpr double kBackfillHours = 7 * 24;

// The first two columns of the first row (NaN for NULL or no row).
Result<std::pair<double, double>> QueryPair(const Store& store, const std::string& sql) {
  QTP_ASSIGN_OR_RETURN(const std::vector<std::string> row, FirstRow(store, sql));
  return std::make_pair(CellNumber(row, 0), CellNumber(row, 1));
}

// The trading day `sessions` sessions before `date`.
DateDays SessionsBefore(DateDays date, int sessions) {
  for (int i = 0; i < sessions; ++i) date = NyseCalendar::Get().PreviousTradingDay(date);
  return date;
}

// `value` against an upper limit: ok, `over` when above it, n/a when not measured.
HealthCheck Limit(std::string name, double value, double limit, const std::string& over, std::string message) {
  const std::string status = std::isnan(value) ? "n/a" : value > limit ? over : "ok";
  return {std::move(name), status, value, limit, std::move(message)};
}

std::string Share(double value) { return std::isnan(value) ? "n/a" : fmt::format("{:.1f}%", 100 * value); }

}  // namespace

Result<std::vector<HealthCheck>> RunHealthChecks(const Store& store, DateDays as_of, double min_coverage) {
  const std::string day = SqlDate(as_of);
  std::vector<HealthCheck> checks;

  // The year predicates let DuckDB skip the other years' files of the ticker/year-partitioned views (a
  // backfill runs these queries once per day).
  QTP_ASSIGN_OR_RETURN(const double latest_bar,
                       QueryNumber(store, fmt::format("SELECT count(*) FROM bars_1d WHERE date = {} AND year = {}", day,
                                                      YearOfDays(as_of))));
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

Result<std::vector<HealthCheck>> RunQualityChecks(const Store& store, DateDays as_of, const QualityParams& params) {
  std::vector<HealthCheck> checks;
  const std::string day = SqlDate(as_of);
  const std::optional<TradingSession> session = NyseCalendar::Get().Session(as_of);
  const int expected_bars = session ? session->NumBars(5) : 0;

  // Only tickers with 5-minute bars (a daily bar built from them has n_bars) can miss any: daily-only
  // data has none to count, and a missing day of it is what stale_tickers catches.
  const DateDays week_before = SessionsBefore(as_of, 5);
  QTP_ASSIGN_OR_RETURN(
      const auto bars,
      QueryPair(
          store,
          fmt::format("WITH active AS (SELECT DISTINCT ticker FROM bars_1d WHERE date BETWEEN {} AND {} "
                      "AND year BETWEEN {} AND {} AND n_bars IS NOT NULL) SELECT count(*), "
                      "sum(coalesce(b.n_bars, 0)) FROM active a LEFT JOIN bars_1d b ON b.ticker = a.ticker "
                      "AND b.date = {} AND b.year = {}",
                      SqlDate(week_before), day, YearOfDays(week_before), YearOfDays(as_of), day, YearOfDays(as_of))));
  const double expected = bars.first * expected_bars;
  const double missing = expected > 0 ? 1 - bars.second / expected : kNaN;
  checks.push_back(Limit("missing_bar_rate", missing, params.max_missing_bar_rate, "warn",
                         bars.first > 0 ? fmt::format("{} of the {:.0f} bars expected from {:.0f} tickers are missing",
                                                      Share(missing), expected, bars.first)
                                        : std::string("no ticker has 5-minute bars in the last 5 sessions (daily-only "
                                                      "data)")));

  QTP_ASSIGN_OR_RETURN(const auto stale,
                       QueryPair(store, fmt::format("SELECT count(*) FILTER (WHERE last <= {}), count(*) FROM "
                                                    "(SELECT ticker, max(date) AS last FROM bars_1d WHERE date "
                                                    "BETWEEN {} AND {} AND year BETWEEN {} AND {} GROUP BY ticker)",
                                                    SqlDate(SessionsBefore(as_of, params.stale_days)),
                                                    SqlDate(SessionsBefore(as_of, 20)), day,
                                                    YearOfDays(SessionsBefore(as_of, 20)), YearOfDays(as_of))));
  const double stale_share = stale.second > 0 ? stale.first / stale.second : kNaN;
  checks.push_back(Limit("stale_tickers", stale_share, params.max_stale_share, "warn",
                         fmt::format("{:.0f} of {:.0f} tickers have no bar in the last {} sessions", stale.first,
                                     stale.second, params.stale_days)));

  const TimestampUs open = session ? session->open_utc : 0, close = session ? session->close_utc : 0;
  // Revisions are rare: the raw bars are joined only when the as-of has some, and only the session's rows
  // (the ts predicate lets DuckDB skip the other row groups).
  const std::string in_session = fmt::format("epoch_us({{0}}.ts) >= {} AND epoch_us({{0}}.ts) < {}", open, close);
  QTP_ASSIGN_OR_RETURN(auto revised, QueryPair(store, fmt::format("SELECT 0, count(*) FROM bar_revisions r WHERE {}",
                                                                  fmt::format(fmt::runtime(in_session), "r"))));
  if (revised.second > 0) {
    QTP_ASSIGN_OR_RETURN(revised,
                         QueryPair(store, fmt::format("SELECT max(abs(r.close - b.close) / b.close), count(*) FROM "
                                                      "bar_revisions r JOIN bars_5m_raw b ON b.ticker = r.ticker AND "
                                                      "b.ts = r.ts WHERE {} AND {} AND b.year = {} AND b.close > 0",
                                                      fmt::format(fmt::runtime(in_session), "r"),
                                                      fmt::format(fmt::runtime(in_session), "b"), YearOfDays(as_of))));
  }
  const double disagreement = revised.second > 0 ? revised.first : 0.0;
  checks.push_back(Limit("provider_disagreement", disagreement, params.max_provider_disagreement, "warn",
                         revised.second > 0 ? fmt::format("{:.0f} bars of the as-of were replaced by another source; "
                                                          "largest close difference {}",
                                                          revised.second, Share(disagreement))
                                            : std::string("no bar of the as-of was replaced by another source")));

  QTP_ASSIGN_OR_RETURN(const auto refreshed,
                       QueryPair(store, fmt::format("SELECT max(epoch_us(finished_at)), count(*) FROM runs WHERE "
                                                    "as_of = {} AND stage = 'refresh' AND status = 'succeeded'",
                                                    day)));
  const double delay = std::isnan(refreshed.first) ? kNaN : (refreshed.first - static_cast<double>(close)) / 3600e6;
  if (delay > kBackfillHours) {
    // A job run for a long-past day is a backfill: how late it ran says nothing about the feed.
    checks.push_back({"data_delay_hours", "n/a", delay, params.max_data_delay_hours,
                      fmt::format("the as-of was refreshed {:.0f} days after its close (a backfill)", delay / 24)});
  } else {
    checks.push_back(Limit("data_delay_hours", delay, params.max_data_delay_hours, "warn",
                           std::isnan(delay)
                               ? std::string("no daily refresh of the as-of is recorded")
                               : fmt::format("the as-of's bars were refreshed {:.1f} h after the close", delay)));
  }
  return checks;
}

Result<std::vector<HealthCheck>> RunJobHealthChecks(const Store& store, DateDays as_of, const QualityParams& params) {
  std::vector<HealthCheck> checks;
  const std::string day = SqlDate(as_of);
  // A job that resumes an earlier one records only the stages it ran: a day is whole when every stage
  // before the monitor succeeded in some job of it.
  QTP_ASSIGN_OR_RETURN(const auto whole,
                       QueryPair(store, fmt::format("SELECT date_diff('day', DATE '1970-01-01', max(as_of)), "
                                                    "count(*) FROM (SELECT as_of FROM "
                                                    "runs WHERE as_of <= {} AND status = 'succeeded' AND stage <> "
                                                    "'monitor' GROUP BY as_of HAVING count(DISTINCT stage) = 7)",
                                                    day)));
  double since = kNaN;
  if (!std::isnan(whole.first)) {
    since = static_cast<double>(NyseCalendar::Get().TradingDays(static_cast<DateDays>(whole.first) + 1, as_of).size());
  }
  checks.push_back(Limit("job_last_success", since, params.max_days_since_success, "fail",
                         std::isnan(since) ? std::string("no complete daily job is recorded up to the as-of")
                                           : fmt::format("the last complete daily job is {:.0f} sessions old", since)));

  QTP_ASSIGN_OR_RETURN(const auto failed,
                       QueryPair(store, fmt::format("SELECT count(*) FILTER (WHERE status = 'failed'), count(*) FROM "
                                                    "runs WHERE as_of = {}",
                                                    day)));
  const double failures = failed.second > 0 ? failed.first : kNaN;
  checks.push_back(Limit("job_failures", failures, 0, "warn",
                         std::isnan(failures) ? std::string("no daily job of the as-of is recorded")
                                              : fmt::format("{:.0f} failed stages in the as-of's jobs", failures)));

  QTP_ASSIGN_OR_RETURN(const auto slowest,
                       QueryPair(store, fmt::format("SELECT max(seconds), count(*) FROM runs WHERE as_of = {}", day)));
  checks.push_back(Limit("job_slowest_stage", slowest.second > 0 ? slowest.first : kNaN, params.max_stage_seconds,
                         "warn",
                         slowest.second > 0 ? fmt::format("the slowest stage of the as-of took {:.1f} s", slowest.first)
                                            : std::string("no daily job of the as-of is recorded")));
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

}  // namespace qtp::monitor
