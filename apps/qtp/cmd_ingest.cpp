// qtp ingest / qtp refresh: bars from the market-data providers into the store (docs/data_sources.md).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "cli.h"
#include "qtp/calendar/nyse_calendar.h"
#include "qtp/config/config_io.h"
#include "qtp/core/file_util.h"
#include "qtp/data/import/timestamp.h"
#include "qtp/data/providers/session.h"
#include "qtp/data/store/paths.h"
#include "qtp/data/store/schema.h"
#include "run_command.h"

namespace qtp::cli {

namespace {

Result<providers::Interval> ParseInterval(const std::string& text) {
  if (text == "5m") return providers::Interval::k5Min;
  if (text == "1d") return providers::Interval::kDaily;
  return Status::InvalidArgument(fmt::format("--interval {}: expected 5m or 1d", text));
}

// Opens the provider session, runs the pull and turns its report into the command's summary and metrics.
Result<nlohmann::ordered_json> Pull(CommandContext& ctx, const std::string& choice,
                                    const providers::PullPlanRequest& request, const std::string& what) {
  QTP_ASSIGN_OR_RETURN(const config::EnvLookup env, ProviderEnv(ctx.g));
  QTP_ASSIGN_OR_RETURN(auto session, providers::ProviderSession::Open(ctx.config.sources, ctx.config.limits, choice,
                                                                      env, ctx.g.data_dir));
  std::vector<std::string> names;
  for (const providers::ChainLink& link : session->chain()) names.push_back(link.handle->name);
  spdlog::info("{}: providers in order: {}", what, fmt::join(names, " → "));
  for (const std::string& skip : session->skipped()) spdlog::info("{}: not used: {}", what, skip);
  Ingestor ingestor(*ctx.store);
  Progress progress(what, "tickers", ctx.g.quiet);
  providers::PullReport report;
  const Status status =
      providers::RunPull(*ctx.store, ingestor, session->chain(), request, &report, ctx.StageProgress(progress));
  const std::map<std::string, providers::FetchStats> fetch = session->fetch_stats();
  ctx.summary = report.ToText(fetch);
  if (!status.ok()) {
    std::fputs(ctx.summary.c_str(), stdout);
    return status;
  }
  return report.ToJson(fetch);
}

}  // namespace

Result<config::EnvLookup> ProviderEnv(const Globals& g) {
  return config::EnvWithDotEnv(ProjectRootOf(g.data_dir) + "/.env");
}

DateDays TodayInNewYork() { return NyseCalendar::ExchangeDate(NowUs()); }

void AddIngestCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("ingest",
                                 "Pull bars from the data providers (config/data_sources.yaml) into the "
                                 "store: rate-limited, retried, cached, with fallback and resume");
  static std::string provider = "auto";
  static std::vector<std::string> tickers;
  static std::string start;
  static std::string end;
  static std::string interval = "5m";
  static bool json = false;
  cmd->add_option("--provider", provider,
                  "auto (priority order, with fallback) or one of alpaca, ibkr, yahoo, "
                  "alpha_vantage, fmp")
      ->capture_default_str();
  cmd->add_option("--tickers", tickers, "Tickers, comma-separated")->delimiter(',')->required();
  cmd->add_option("--start", start, "First exchange date, YYYY-MM-DD")->required();
  cmd->add_option("--end", end, "Last exchange date, YYYY-MM-DD (default: today in New York)");
  cmd->add_option("--interval", interval, "5m (5-minute bars) or 1d (daily bars)")->capture_default_str();
  cmd->add_flag("--json", json, "Print the pull report as JSON");
  cmd->callback([&g] {
    g.exit_code = RunCommand(g, "ingest", [&](CommandContext& ctx) -> Result<nlohmann::ordered_json> {
      providers::PullPlanRequest request;
      request.today = TodayInNewYork();
      QTP_ASSIGN_OR_RETURN(request.first, ParseDate(start));
      if (end.empty()) {
        request.last = request.today;
      } else {
        QTP_ASSIGN_OR_RETURN(request.last, ParseDate(end));
      }
      if (request.last < request.first) {
        return Status::InvalidArgument(fmt::format("--end {} is before --start {}", FormatDate(request.last), start));
      }
      QTP_ASSIGN_OR_RETURN(request.interval, ParseInterval(interval));
      for (const std::string& ticker : tickers) {
        if (!paths::IsValidTicker(ticker))
          return Status::InvalidArgument(fmt::format("--tickers: invalid ticker '{}'", ticker));
      }
      QTP_RETURN_IF_ERROR(config::CheckTickerCount(static_cast<int64_t>(tickers.size()), ctx.config.limits));
      request.tickers = tickers;
      ctx.args = {{"provider", provider},
                  {"tickers", fmt::format("{}", fmt::join(tickers, ","))},
                  {"start", FormatDate(request.first)},
                  {"end", FormatDate(request.last)},
                  {"interval", interval}};
      QTP_RETURN_IF_ERROR(ctx.OpenWriteStore().status());
      QTP_ASSIGN_OR_RETURN(nlohmann::ordered_json metrics, Pull(ctx, provider, request, "ingest"));
      if (json) ctx.summary = metrics.dump(2) + "\n";
      return metrics;
    });
  });
}

void AddRefreshCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("refresh",
                                 "The scheduled pull of config/refresh.yaml: new bars for every "
                                 "refreshed ticker when a scheduled time has passed (call it hourly)");
  static bool force = false;
  static std::string at;
  cmd->add_flag("--force", force, "Refresh now even when no scheduled time has passed since the last refresh");
  cmd->add_option("--at", at, "Judge the schedule as of this UTC instant (YYYY-MM-DDTHH:MM:SSZ; default: now)");
  cmd->callback([&g] {
    g.exit_code = RunCommand(g, "refresh", [&](CommandContext& ctx) -> Result<nlohmann::ordered_json> {
      const providers::RefreshSchedule& schedule = ctx.config.refresh;
      TimestampUs now = NowUs();
      if (!at.empty()) {
        QTP_ASSIGN_OR_RETURN(const ParsedTime parsed, ParseTimeCell(at));
        if (parsed.basis != TimeBasis::kOffset || !parsed.has_time) {
          return Status::InvalidArgument(
              fmt::format("--at {}: expected a UTC instant such as 2026-11-28T12:00:00Z", at));
        }
        QTP_ASSIGN_OR_RETURN(const TimeZone utc, TimeZone::Locate("UTC"));  // unused: the offset is explicit
        now = ToUtc(parsed, utc);
      }
      const std::string state_path = ctx.g.data_dir + "/staging/refresh_state.json";
      TimestampUs last_success = 0;
      if (std::filesystem::exists(state_path)) {
        QTP_ASSIGN_OR_RETURN(const std::string text, ReadFile(state_path));
        const nlohmann::json state = nlohmann::json::parse(text, nullptr, false);
        if (state.is_object() && state.contains("last_success_us") && state["last_success_us"].is_number_integer()) {
          last_success = state["last_success_us"].get<int64_t>();
        }
      }
      const TimestampUs due = schedule.LastDue(now);
      nlohmann::ordered_json metrics;
      metrics["due"] = FormatTimestampUtc(due);
      metrics["next_due"] = FormatTimestampUtc(schedule.NextDue(now));
      if (!force && last_success >= due) {
        ctx.summary = fmt::format("refresh: not due (last refresh {}, scheduled {} {} New York); next at {}\n",
                                  FormatTimestampUtc(last_success), schedule.day_of_week, schedule.time,
                                  FormatTimestampUtc(schedule.NextDue(now)));
        metrics["refreshed"] = false;
        return metrics;
      }
      ctx.args = {{"at", FormatTimestampUtc(now)}, {"force", force ? "true" : "false"}};
      QTP_ASSIGN_OR_RETURN(Store * store, ctx.OpenWriteStore());
      providers::PullPlanRequest request;
      request.today = NyseCalendar::ExchangeDate(now);
      request.last = request.today;
      QTP_ASSIGN_OR_RETURN(request.first, ParseDate(schedule.history_start));
      request.refetch = true;
      std::map<std::string, TimestampUs> last_stored;
      for (const auto& [path, entry] : store->manifest().entries) {
        if (entry.dataset != schema::RawBars5m().name || entry.max_time == kNullInt64) continue;
        TimestampUs& latest = last_stored.try_emplace(entry.ticker, entry.max_time).first->second;
        latest = std::max(latest, entry.max_time);
      }
      request.tickers = schedule.tickers;
      if (request.tickers.empty()) {
        for (const auto& [ticker, ts] : last_stored) request.tickers.push_back(ticker);
      }
      if (request.tickers.empty()) {
        return Status::InvalidArgument(
            fmt::format("refresh: no tickers: {} lists none and the store holds no raw "
                        "5-minute bars (run `qtp ingest` first)",
                        providers::kRefreshFile));
      }
      QTP_RETURN_IF_ERROR(config::CheckTickerCount(static_cast<int64_t>(request.tickers.size()), ctx.config.limits));
      const NyseCalendar& calendar = NyseCalendar::Get();
      for (const std::string& ticker : request.tickers) {
        auto it = last_stored.find(ticker);
        if (it == last_stored.end()) continue;
        DateDays from = NyseCalendar::ExchangeDate(it->second);
        for (int i = 0; i < schedule.refetch_days; ++i) from = calendar.PreviousTradingDay(from);
        request.first_by_ticker[ticker] = std::max(from, request.first);
      }
      QTP_ASSIGN_OR_RETURN(nlohmann::ordered_json pulled, Pull(ctx, schedule.provider, request, "refresh"));
      nlohmann::ordered_json state;
      state["last_success_us"] = now;
      state["last_success"] = FormatTimestampUtc(now);
      state["run_id"] = ctx.record->run_id();
      QTP_RETURN_IF_ERROR(AtomicWriteFile(state_path, state.dump(2) + "\n"));
      ctx.summary += fmt::format("refresh: done; next scheduled {}\n", FormatTimestampUtc(schedule.NextDue(now)));
      metrics["refreshed"] = true;
      metrics["pull"] = pulled;
      return metrics;
    });
  });
}

}  // namespace qtp::cli
