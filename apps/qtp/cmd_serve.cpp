// qtp serve: the read-only REST API (docs/api.md) and, with --web, the dashboard's static files.
// Not a store-changing command: no run record, no write lock; it follows the store's commits.
#include <signal.h>

#include <cstdio>
#include <filesystem>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli.h"
#include "qtp/serve/server.h"

namespace qtp::cli {

void AddServeCommand(CLI::App& app, Globals& g) {
  auto* cmd =
      app.add_subcommand("serve", "Read-only JSON API over the store (docs/api.md), and the dashboard with --web");
  static serve::ServerOptions options;
  cmd->add_option("--host", options.host, "Address to listen on (loopback unless told otherwise)")
      ->capture_default_str();
  cmd->add_option("--port", options.port, "Port (0: any free port, printed)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  cmd->add_option("--web", options.web_dir, "Serve this folder's static files at / (the dashboard's web/out)");
  cmd->add_option("--threads", options.threads, "Worker threads: each open keep-alive connection holds one")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  cmd->callback([&g] {
    std::error_code ec;
    if (!std::filesystem::is_directory(g.data_dir, ec)) {
      g.exit_code = Fail(Status::NotFound(fmt::format("no store at {} (run `qtp init` first)", g.data_dir)));
      return;
    }
    if (!options.web_dir.empty() && !std::filesystem::is_regular_file(options.web_dir + "/index.html", ec)) {
      g.exit_code = Fail(Status::NotFound(fmt::format(
          "--web {}: no index.html there (give the dashboard's static export, web/out once built)", options.web_dir)));
      return;
    }
    options.data_dir = g.data_dir;
    // SIGINT and SIGTERM are taken by sigwait below: blocked before any thread starts, so every
    // server and DuckDB thread inherits the mask and none of them is interrupted.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    Result<std::unique_ptr<serve::ApiServer>> server = serve::ApiServer::Start(options);
    if (!server.ok()) {
      g.exit_code = Fail(server.status());
      return;
    }
    const std::string url = fmt::format("http://{}:{}", options.host, (*server)->port());
    std::printf("qtp serve: %s/api/ (OpenAPI: %s/api/openapi.json)%s\n", url.c_str(), url.c_str(),
                options.web_dir.empty() ? "" : fmt::format(", dashboard: {}/", url).c_str());
    std::fflush(stdout);
    spdlog::info("serve: answering from {} (Ctrl-C stops)", g.data_dir);
    int signal = 0;
    sigwait(&stop_signals, &signal);
    spdlog::info("serve: {} received, stopping", signal == SIGINT ? "SIGINT" : "SIGTERM");
    (*server)->Stop();
    g.exit_code = 0;
  });
}

}  // namespace qtp::cli
