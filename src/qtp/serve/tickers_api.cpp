// /api/tickers, /api/tickers/{ticker}/bars and /api/tickers/{ticker}/features.
#include <algorithm>
#include <cctype>
#include <functional>

#include <fmt/format.h>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/serve/query_util.h"
#include "qtp/serve/route.h"

namespace qtp::serve {
namespace {

constexpr int kDefaultDailyDays = 365;   // the default window of daily bars and features
constexpr int kDefaultIntradayDays = 5;  // trading days of 5-minute bars by default
constexpr int64_t kMaxBars = 20000;      // a year of 5-minute bars (78 a day) in one answer
constexpr int64_t kMaxFeatureRows = 5000;
// What /api/tickers/{t}/features shows unless `columns` says otherwise: the ranking's key features.
const std::vector<std::string> kKeyFeatures = {"close", "ret_20d", "mom_12_1", "rv_20", "amihud_20", "hurst"};

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

// Feature columns a client may ask for: every column of features_raw but the key.
std::vector<std::string> FeatureColumnNames() {
  std::vector<std::string> names;
  for (const ColumnSpec& c : schema::FeaturesRaw().columns) {
    if (c.name != "date" && c.name != "ticker") names.push_back(c.name);
  }
  return names;
}

Result<const TickerEntry*> KnownTicker(const RequestContext& ctx) {
  const std::string ticker = ctx.params.Text("ticker");
  const TickerEntry* entry = ctx.snapshot->FindTicker(ticker);
  if (entry == nullptr) return Status::NotFound(fmt::format("unknown ticker '{}'", ticker));
  return entry;
}

// [from, to] from the request, else `to` = the ticker's last day and `from` = `default_from(to)`.
Result<std::pair<DateDays, DateDays>> DateWindow(const RequestContext& ctx, const TickerEntry& entry,
                                                 const std::function<DateDays(DateDays)>& default_from) {
  const DateDays to = ctx.params.Date("to").value_or(entry.last_date);
  const DateDays from = ctx.params.Date("from").value_or(default_from(to));
  if (from > to) {
    return Status::InvalidArgument(fmt::format("'from' ({}) is after 'to' ({})", FormatDate(from), FormatDate(to)));
  }
  return std::make_pair(from, to);
}

Result<std::string> Tickers(const RequestContext& ctx) {
  const std::string prefix = Upper(ctx.params.Text("q"));
  const Snapshot& snap = *ctx.snapshot;
  std::vector<const TickerEntry*> matches;
  for (const TickerEntry& t : snap.tickers) {
    if (Upper(t.ticker).starts_with(prefix)) matches.push_back(&t);
  }
  const Page page = PageOf(ctx.params, static_cast<int64_t>(matches.size()));
  const auto [first, last] = PageRange(matches.size(), page);
  Json items = Json::array();
  for (size_t i = first; i < last; ++i) {
    const TickerEntry& t = *matches[i];
    const std::optional<int64_t> rank = snap.rankings.LatestPrimaryRank(t.ticker);
    items.push_back({{"ticker", t.ticker},
                     {"name", t.name.empty() ? Json(nullptr) : Json(t.name)},
                     {"sector", t.sector.empty() ? Json(nullptr) : Json(t.sector)},
                     {"first_date", FormatDate(t.first_date)},
                     {"last_date", FormatDate(t.last_date)},
                     {"latest_rank", rank ? Json(*rank) : Json(nullptr)}});
  }
  return Dump(PageJson(Json::object(), page, std::move(items)));
}

Result<std::string> Bars(const RequestContext& ctx) {
  QTP_ASSIGN_OR_RETURN(const TickerEntry* entry, KnownTicker(ctx));
  const bool intraday = ctx.params.Text("tf") == "5m";
  QTP_ASSIGN_OR_RETURN(const auto window, DateWindow(ctx, *entry, [intraday](DateDays to) {
                         if (!intraday) return to - kDefaultDailyDays;
                         DateDays from = to;
                         for (int i = 1; i < kDefaultIntradayDays; ++i) {
                           from = NyseCalendar::Get().PreviousTradingDay(from);
                           if (from == NyseCalendar::kNoPreviousTradingDay) return to - 7;  // outside the calendar
                         }
                         return from;
                       }));
  const Page page = PageOf(ctx.params);
  // 5-minute bars of regular hours never cross a UTC date, so the exchange dates [from, to] are the
  // UTC instants [from 00:00, to + 1 00:00).
  const PagedSelect select =
      intraday ? PagedSelect{"strftime(ts, '%Y-%m-%dT%H:%M:%SZ') AS ts, CAST(epoch(ts) AS BIGINT) AS time, open, high, "
                             "low, close, volume",
                             "bars_5m WHERE ticker = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS "
                             "TIMESTAMPTZ)",
                             "bars_5m.ts"}
               : PagedSelect{"strftime(date, '%Y-%m-%d') AS date, open, high, low, close, volume",
                             "bars_1d WHERE ticker = $1 AND date >= $2 AND date < $3", "bars_1d.date"};
  QTP_ASSIGN_OR_RETURN(PagedRows rows,
                       QueryPage(ctx.store, select,
                                 {entry->ticker, duck::SqlDate{window.first}, duck::SqlDate{window.second + 1}}, page));
  Json fields = {{"ticker", entry->ticker},
                 {"tf", intraday ? "5m" : "1d"},
                 {"from", FormatDate(window.first)},
                 {"to", FormatDate(window.second)}};
  return Dump(PageJson(std::move(fields), PageOf(ctx.params, rows.total), rows.rows.ToJson()));
}

Result<std::string> Features(const RequestContext& ctx) {
  QTP_ASSIGN_OR_RETURN(const TickerEntry* entry, KnownTicker(ctx));
  QTP_ASSIGN_OR_RETURN(const auto window, DateWindow(ctx, *entry, [](DateDays to) { return to - kDefaultDailyDays; }));
  // The names put into the SQL are the spec's own strings, found by the validated request names.
  std::vector<std::string> columns = ctx.params.Has("columns") ? ctx.params.List("columns") : kKeyFeatures;
  std::string select = "strftime(date, '%Y-%m-%d') AS date";
  for (const std::string& name : columns) {
    const ColumnSpec& spec = schema::FeaturesRaw().columns.at(schema::FeaturesRaw().ColumnIndex(name));
    select += ", " + duck::SqlIdentifier(spec.name);
  }
  const PagedSelect paged{select, "features_raw WHERE ticker = $1 AND date >= $2 AND date <= $3", "features_raw.date"};
  QTP_ASSIGN_OR_RETURN(
      PagedRows rows,
      QueryPage(ctx.store, paged, {entry->ticker, duck::SqlDate{window.first}, duck::SqlDate{window.second}},
                PageOf(ctx.params)));
  Json fields = {{"ticker", entry->ticker},
                 {"columns", columns},
                 {"from", FormatDate(window.first)},
                 {"to", FormatDate(window.second)}};
  return Dump(PageJson(std::move(fields), PageOf(ctx.params, rows.total), rows.rows.ToJson()));
}

std::vector<ParamSpec> WindowParams(const char* default_window) {
  return {DateParam("from", fmt::format("First date (default: {})", default_window)),
          DateParam("to", "Last date (default: the ticker's last day)")};
}

}  // namespace

std::vector<Route> TickerRoutes() {
  std::vector<ParamSpec> bar_params = {TickerPathParam(),
                                       EnumParam("tf", {"1d", "5m"}, "1d", "Bar timeframe: daily or 5-minute")};
  for (ParamSpec& p : WindowParams("365 days before 'to' for 1d, the last 5 trading days up to 'to' for 5m")) {
    bar_params.push_back(std::move(p));
  }
  bar_params.push_back(LimitParam(kMaxBars, kMaxBars));
  bar_params.push_back(OffsetParam());

  std::vector<ParamSpec> feature_params = {TickerPathParam()};
  for (ParamSpec& p : WindowParams("365 days before 'to'")) feature_params.push_back(std::move(p));
  feature_params.push_back(ListParam("columns", FeatureColumnNames(),
                                     fmt::format("features_raw columns (default: {})", fmt::join(kKeyFeatures, ","))));
  feature_params.push_back(LimitParam(kMaxFeatureRows, kMaxFeatureRows));
  feature_params.push_back(OffsetParam());

  return {Route{"/api/tickers",
                "Tickers with daily bars, their name, sector, date range and latest rank",
                "tickers",
                {PrefixParam("q", "Ticker prefix (case-insensitive)"), LimitParam(100, 1000), OffsetParam()},
                {"total", "limit", "offset", "items"},
                "items: {ticker, name, sector, first_date, last_date, latest_rank} by ticker",
                Tickers},
          Route{"/api/tickers/{ticker}/bars",
                "Adjusted bars of a ticker, oldest first",
                "tickers",
                std::move(bar_params),
                {"ticker", "tf", "from", "to", "total", "limit", "offset", "items"},
                "items: {date (1d) or ts and time (5m), open, high, low, close, volume}",
                Bars},
          Route{"/api/tickers/{ticker}/features",
                "Daily feature values of a ticker (features_raw), oldest first",
                "tickers",
                std::move(feature_params),
                {"ticker", "columns", "from", "to", "total", "limit", "offset", "items"},
                "items: {date, <column>: value, ...}",
                Features}};
}

}  // namespace qtp::serve
