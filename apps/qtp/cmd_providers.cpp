// qtp providers check: one ticker's bars from every usable provider, compared (docs/data_sources.md).
#include <cstdlib>

#include <fmt/format.h>

#include "cli.h"
#include "qtp/data/providers/session.h"
#include "qtp/pipeline/provider_check.h"
#include "run_command.h"

namespace qtp::cli {

void AddProvidersCommand(CLI::App& app, Globals& g) {
  auto* providers_cmd = app.add_subcommand("providers", "Data-provider tools");
  providers_cmd->require_subcommand(1);
  auto* cmd =
      providers_cmd->add_subcommand("check",
                                    "Pull one ticker's bars from every usable provider and write a discrepancy report "
                                    "(data/reports/providers/<run_id>/); nothing is stored");
  static std::string ticker;
  static std::string start;
  static std::string end;
  static double price_tolerance = 0.001;
  static double volume_tolerance = 0.25;
  static bool no_plots = false;
  cmd->add_option("--ticker", ticker, "Ticker")->required();
  cmd->add_option("--start", start, "First exchange date, YYYY-MM-DD")->required();
  cmd->add_option("--end", end, "Last exchange date, YYYY-MM-DD")->required();
  cmd->add_option("--price-tolerance", price_tolerance, "Relative close difference counted as a mismatch")
      ->capture_default_str();
  cmd->add_option("--volume-tolerance", volume_tolerance, "Relative volume difference counted as a mismatch")
      ->capture_default_str();
  cmd->add_flag("--no-plots", no_plots, "Skip the plot");
  cmd->callback([&g] {
    g.exit_code = RunCommand(g, "providers check", [&](CommandContext& ctx) -> Result<nlohmann::ordered_json> {
      ProviderCheckRequest request;
      request.ticker = ticker;
      QTP_ASSIGN_OR_RETURN(request.first, ParseDate(start));
      QTP_ASSIGN_OR_RETURN(request.last, ParseDate(end));
      if (request.last < request.first) return Status::InvalidArgument("--end is before --start");
      request.today = TodayInNewYork();
      request.price_tolerance = price_tolerance;
      request.volume_tolerance = volume_tolerance;
      request.plots = !no_plots;
      request.path_env = std::getenv("PATH") ? std::getenv("PATH") : "";
      ctx.args = {{"ticker", ticker}, {"start", start}, {"end", end}};
      // NOTE: the write lock serialises this with ingest, which shares the API-usage ledger.
      QTP_RETURN_IF_ERROR(ctx.OpenWriteStore().status());
      QTP_ASSIGN_OR_RETURN(const config::EnvLookup env, ProviderEnv(ctx.g));
      QTP_ASSIGN_OR_RETURN(auto session, providers::ProviderSession::Open(ctx.config.sources, ctx.config.limits, "auto",
                                                                          env, ctx.g.data_dir));
      QTP_ASSIGN_OR_RETURN(
          ProviderCheckOutcome outcome,
          RunProviderCheck(session->chain(), request, ctx.g.data_dir + "/reports/providers", ctx.record->run_id()));
      ctx.summary = fmt::format("providers check {} {}..{}\n{}  report: {}/report.md\n", ticker, start, end,
                                outcome.text, outcome.folder);
      return outcome.summary;
    });
  });
}

}  // namespace qtp::cli
