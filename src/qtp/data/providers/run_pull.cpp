#include "qtp/data/providers/run_pull.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/data/store/schema.h"

namespace qtp::providers {

namespace {

// Exchange dates holding at least one stored bar of `ticker` in [first, last].
Result<std::set<DateDays>> StoredDays(const Store& store, const std::string& ticker, Interval interval, DateDays first,
                                      DateDays last) {
  std::set<DateDays> days;
  const TableSpec& spec = interval == Interval::k5Min ? schema::RawBars5m() : schema::RawBars1d();
  const std::vector<std::string> stored_tickers = store.Tickers(spec);
  if (std::find(stored_tickers.begin(), stored_tickers.end(), ticker) == stored_tickers.end()) return days;
  QTP_ASSIGN_OR_RETURN(Table table, store.Read(spec, ticker, YearOfDays(first), YearOfDays(last)));
  if (interval == Interval::k5Min) {
    for (TimestampUs ts : schema::Bars5mFromTable(ticker, std::move(table)).ts) {
      days.insert(NyseCalendar::ExchangeDate(ts));
    }
  } else {
    for (DateDays day : schema::Bars1dFromTable(ticker, std::move(table)).date) days.insert(day);
  }
  return days;
}

std::string RangeText(DateDays first, DateDays last) {
  return first == last ? FormatDate(first) : fmt::format("{}..{}", FormatDate(first), FormatDate(last));
}

bool FallsBack(StatusCode code) {
  return code == StatusCode::kUnavailable || code == StatusCode::kRateLimited || code == StatusCode::kNotSupported ||
         code == StatusCode::kNotFound || code == StatusCode::kInvalidArgument || code == StatusCode::kLimitExceeded;
}

// Keeps the rows i with keep_row(i); returns how many were dropped.
template <typename BarsT, typename KeepRow>
size_t KeepRows(BarsT& bars, KeepRow keep_row) {
  std::vector<uint8_t> keep(bars.size());
  size_t dropped = 0;
  for (size_t i = 0; i < bars.size(); ++i) {
    keep[i] = keep_row(i);
    dropped += keep[i] ? 0 : 1;
  }
  bars.Filter(keep);
  return dropped;
}

size_t KeepDays(DateDays first, DateDays last, Bars1d& bars) {
  return KeepRows(bars, [&](size_t i) { return bars.date[i] >= first && bars.date[i] <= last; });
}

template <typename BarsT>
void Append(BarsT& into, BarsT&& from) {
  if (into.empty()) {
    std::string ticker = into.ticker;
    into = std::move(from);
    into.ticker = std::move(ticker);
    return;
  }
  for (size_t i = 0; i < from.size(); ++i) into.push_back(from.row(i), from.source[i]);
}

}  // namespace

size_t KeepSessionBars(DateDays first, DateDays last, Bars5m& bars) {
  const NyseCalendar& calendar = NyseCalendar::Get();
  return KeepRows(bars, [&](size_t i) {
    const DateDays day = NyseCalendar::ExchangeDate(bars.ts[i]);
    return day >= first && day <= last && calendar.IsRegularSessionBar(bars.ts[i]);
  });
}

std::vector<std::pair<DateDays, DateDays>> PlanPulls(const std::vector<DateDays>& missing_days, int batch_days) {
  const NyseCalendar& calendar = NyseCalendar::Get();
  std::vector<std::pair<DateDays, DateDays>> pulls;
  int in_pull = 0;
  for (DateDays day : missing_days) {
    const bool extends = !pulls.empty() && calendar.NextTradingDay(pulls.back().second) == day &&
                         CivilFromDays(day).month == CivilFromDays(pulls.back().first).month &&
                         YearOfDays(day) == YearOfDays(pulls.back().first) && in_pull < batch_days;
    if (extends) {
      pulls.back().second = day;
      ++in_pull;
    } else {
      pulls.emplace_back(day, day);
      in_pull = 1;
    }
  }
  return pulls;
}

Status RunPull(Store& store, Ingestor& ingestor, const std::vector<ChainLink>& chain, const PullPlanRequest& request,
               PullReport* report, const PullProgressFn& progress) {
  const NyseCalendar& calendar = NyseCalendar::Get();
  const int batch_days = std::max(1, chain.front().handle->settings.batch_days);
  std::set<std::string> spent;  // providers whose daily budget ran out during this run
  report->tickers = request.tickers.size();
  for (size_t t = 0; t < request.tickers.size(); ++t) {
    const std::string& ticker = request.tickers[t];
    const auto own_first = request.first_by_ticker.find(ticker);
    const DateDays ticker_first = own_first == request.first_by_ticker.end() ? request.first : own_first->second;
    const std::vector<DateDays> trading_days = calendar.TradingDays(ticker_first, request.last);
    QTP_ASSIGN_OR_RETURN(std::set<DateDays> stored,
                         StoredDays(store, ticker, request.interval, ticker_first, request.last));
    std::vector<DateDays> missing;
    for (DateDays day : trading_days) {
      if (request.refetch || day >= request.today || stored.count(day) == 0) {
        missing.push_back(day);
      } else {
        ++report->days_already_stored;
      }
    }
    report->days_requested += trading_days.size();
    Bars5m bars5m;
    bars5m.ticker = ticker;
    Bars1d bars1d;
    bars1d.ticker = ticker;
    std::vector<CorporateAction> actions;
    for (const auto& [first, last] : PlanPulls(missing, batch_days)) {
      ++report->pulls;
      std::vector<std::string> errors;
      bool served = false;
      for (size_t p = 0; p < chain.size() && !served; ++p) {
        ProviderHandle& handle = *chain[p].handle;
        ProviderTally& tally = report->providers[handle.name];
        if (spent.count(handle.name) != 0 || !handle.provider->Supports(request.interval)) continue;
        PullRequest pull{ticker, first, last, request.interval, request.today};
        Result<PullResult> result = handle.provider->Pull(pull, *chain[p].fetcher);
        if (!result.ok()) {
          const Status& error = result.status();
          if (!FallsBack(error.code())) return error;
          if (error.code() == StatusCode::kLimitExceeded) {
            spent.insert(handle.name);
            tally.budget_spent = true;
          }
          ++tally.pulls_failed;
          errors.push_back(fmt::format("{}: {}", handle.name, error.ToString()));
          spdlog::warn("{} {}: {} failed: {}", ticker, RangeText(first, last), handle.name, error.ToString());
          continue;
        }
        served = true;
        ++tally.pulls_served;
        if (!errors.empty()) {
          ++report->fallbacks;
          report->fallback_notes.push_back(fmt::format("{} {}: served by {} after {}", ticker, RangeText(first, last),
                                                       handle.name, fmt::join(errors, "; ")));
        }
        if (request.interval == Interval::k5Min) {
          report->bars_outside_session += KeepSessionBars(first, last, result->bars5m);
          tally.bars += result->bars5m.size();
          Append(bars5m, std::move(result->bars5m));
        } else {
          report->bars_outside_session += KeepDays(first, last, result->bars1d);
          tally.bars += result->bars1d.size();
          Append(bars1d, std::move(result->bars1d));
        }
        for (CorporateAction& action : result->actions) {
          action.ticker = ticker;
          actions.push_back(std::move(action));
        }
      }
      if (!served) {
        report->failures.push_back(
            fmt::format("{} {}: {}", ticker, RangeText(first, last),
                        errors.empty() ? "no provider left" : fmt::format("{}", fmt::join(errors, "; "))));
        if (spent.size() == chain.size()) break;
      }
    }
    if (!bars5m.empty()) {
      QTP_ASSIGN_OR_RETURN(IngestStats stats, ingestor.AddBars5m(std::move(bars5m)));
      report->ingest += stats;
    }
    if (!bars1d.empty()) {
      QTP_ASSIGN_OR_RETURN(IngestStats stats, ingestor.AddBars1d(std::move(bars1d)));
      report->ingest += stats;
    }
    if (!actions.empty()) QTP_RETURN_IF_ERROR(ingestor.AddCorporateActions(actions));
    QTP_RETURN_IF_ERROR(ingestor.Commit());
    if (spent.size() == chain.size()) {
      return Status::LimitExceeded(fmt::format(
          "every provider's API budget is spent ({}); {} of {} tickers done, what was pulled is stored: re-run "
          "when the budget allows",
          fmt::join(spent, ", "), t + 1, request.tickers.size()));
    }
    if (progress) QTP_RETURN_IF_ERROR(progress(t + 1, request.tickers.size()));
  }
  if (!report->failures.empty()) {
    return Status::Unavailable(
        fmt::format("{} pull(s) could not be served by any provider (first: {}); the rest "
                    "is stored",
                    report->failures.size(), report->failures.front()));
  }
  return Status::OK();
}

nlohmann::ordered_json PullReport::ToJson(const std::map<std::string, FetchStats>& fetch_stats) const {
  nlohmann::ordered_json j;
  j["tickers"] = tickers;
  j["days_requested"] = days_requested;
  j["days_already_stored"] = days_already_stored;
  j["pulls"] = pulls;
  j["fallbacks"] = fallbacks;
  j["bars_outside_session"] = bars_outside_session;
  nlohmann::ordered_json by_provider = nlohmann::ordered_json::object();
  for (const auto& [name, tally] : providers) {
    nlohmann::ordered_json p;
    p["pulls_served"] = tally.pulls_served;
    p["pulls_failed"] = tally.pulls_failed;
    p["bars"] = tally.bars;
    p["budget_spent"] = tally.budget_spent;
    if (auto it = fetch_stats.find(name); it != fetch_stats.end()) {
      const FetchStats& f = it->second;
      p["requests"] = f.requests;
      p["cache_hits"] = f.cache_hits;
      p["retries"] = f.retries;
      p["rate_limited"] = f.rate_limited;
      p["server_errors"] = f.server_errors;
      p["timeouts"] = f.timeouts;
      p["waited_ms"] = f.waited_ms;
    }
    by_provider[name] = p;
  }
  j["providers"] = by_provider;
  j["failures"] = failures;
  j["fallback_notes"] = fallback_notes;
  j["ingest"] = ingest.ToJson();
  return j;
}

std::string PullReport::ToText(const std::map<std::string, FetchStats>& fetch_stats) const {
  std::string text = fmt::format(
      "pulled {} ticker(s): {} pull(s) over {} trading day(s), {} already stored; {} fallback(s); {} bar(s) outside "
      "the session dropped\n",
      tickers, pulls, days_requested, days_already_stored, fallbacks, bars_outside_session);
  for (const auto& [name, tally] : providers) {
    const FetchStats f = fetch_stats.count(name) ? fetch_stats.at(name) : FetchStats{};
    text += fmt::format(
        "  {:<14} served {} pull(s), failed {}, {} bars; {} request(s), {} from cache, {} retries "
        "({} rate-limited, {} server errors, {} timeouts){}\n",
        name, tally.pulls_served, tally.pulls_failed, tally.bars, f.requests, f.cache_hits, f.retries, f.rate_limited,
        f.server_errors, f.timeouts, tally.budget_spent ? "; daily budget spent" : "");
  }
  for (const std::string& note : fallback_notes) text += fmt::format("  fallback: {}\n", note);
  for (const std::string& failure : failures) text += fmt::format("  FAILED: {}\n", failure);
  text += fmt::format("  ingest: {}\n", ingest.Summary());
  return text;
}

}  // namespace qtp::providers
