#include "qtp/serve/server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace qtp::serve {
namespace {

constexpr const char* kAllowedMethods = "GET, HEAD, OPTIONS";
// A commit's reload and a DuckDB scan happen off the accept loop; this is only how long Start waits
// for the listening thread to come up.
constexpr auto kStartTimeout = std::chrono::seconds(10);
constexpr int kListenBacklog = 1024;

Reply FromStatus(const Status& status, const std::string& what) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
      return ErrorReply(400, status.message());
    case StatusCode::kNotFound:
      return ErrorReply(404, status.message());
    default:
      spdlog::warn("serve: {} failed: {}", what, status.ToString());
      return ErrorReply(503, fmt::format("the server could not answer: {}", status.message()));
  }
}

Reply MethodNotAllowed(const std::string& method) {
  Reply reply = ErrorReply(405, fmt::format("method {} is not allowed: this API is read-only", method));
  reply.headers.emplace_back("Allow", kAllowedMethods);
  return reply;
}

bool IsApiPath(const std::string& path) { return path == "/healthz" || path == "/api" || path.starts_with("/api/"); }

void Apply(const Reply& reply, httplib::Response& res) {
  res.status = reply.status;
  for (const auto& [name, value] : reply.headers) res.set_header(name, value);
  res.set_content(reply.body, reply.content_type);
}

}  // namespace

Reply ErrorReply(int status, const std::string& message) {
  return Reply{status, Dump(Json{{"error", message}}), "application/json", {}};
}

ApiServer::ApiServer(ServerOptions options) : options_(std::move(options)), router_(ApiRoutes()) {}

ApiServer::~ApiServer() { Stop(); }

Result<std::unique_ptr<ApiServer>> ApiServer::Start(ServerOptions options) {
  std::unique_ptr<ApiServer> server(new ApiServer(std::move(options)));
  const ServerOptions& o = server->options_;
  QTP_ASSIGN_OR_RETURN(server->store_, StoreAccess::Open({o.data_dir, o.poll_interval}));
  if (!o.web_dir.empty()) server->web_.emplace(o.web_dir);

  server->http_ = std::make_unique<httplib::Server>();
  httplib::Server& http = *server->http_;
  const size_t threads = static_cast<size_t>(std::max(1, o.threads));
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // A keep-alive connection is served until the client closes it or idles 5 s (the benchmark's 64
  // connections must not be recycled every 5 requests, cpp-httplib's default).
  http.set_keep_alive_max_count(1'000'000);
  http.set_keep_alive_timeout(5);
  http.set_tcp_nodelay(true);              // headers and body are separate writes: no Nagle delay between them
  http.set_payload_max_length(64 * 1024);  // nothing here takes a body
  // SO_REUSEADDR only: cpp-httplib's default adds SO_REUSEPORT, which would let a second server
  // share a taken port instead of refusing to start. The socket is kept to widen its backlog below.
  auto listen_socket = std::make_shared<socket_t>(INVALID_SOCKET);
  http.set_socket_options([listen_socket](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    *listen_socket = sock;
  });
  http.set_default_headers({{"Access-Control-Allow-Origin", "*"}});

  ApiServer* self = server.get();
  // Everything but the methods that carry a body is answered here, before cpp-httplib's regex
  // routing: one table lookup per request.
  http.set_pre_routing_handler([self](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "POST" || req.method == "PUT" || req.method == "PATCH" || req.method == "DELETE") {
      return httplib::Server::HandlerResponse::Unhandled;  // the handlers below answer once the body is read
    }
    Apply(self->Handle(req.method, req.path, req.params, req.get_header_value("Access-Control-Request-Headers")), res);
    return httplib::Server::HandlerResponse::Handled;
  });
  const auto not_allowed = [](const httplib::Request& req, httplib::Response& res) {
    Apply(MethodNotAllowed(req.method), res);
  };
  http.Post(".*", not_allowed);
  http.Put(".*", not_allowed);
  http.Patch(".*", not_allowed);
  http.Delete(".*", not_allowed);
  // What cpp-httplib answers by itself (a malformed request, an oversized body) gets a JSON body too.
  http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) {
      res.set_content(ErrorReply(res.status, fmt::format("HTTP error {}", res.status)).body, "application/json");
    }
  });
  http.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr e) {
    std::string what = "unknown exception";
    try {
      if (e) std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      what = ex.what();
    } catch (...) {
    }
    spdlog::error("serve: {} {} threw: {}", req.method, req.path, what);
    Apply(ErrorReply(503, "the server could not answer (internal error, logged)"), res);
  });
  if (spdlog::should_log(spdlog::level::debug)) {
    http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      spdlog::debug("serve: {} {}{}{} -> {} ({} bytes)", req.method, req.path, req.params.empty() ? "" : "?",
                    httplib::detail::params_to_query_str(req.params), res.status, res.body.size());
    });
  }

  if (o.port == 0) {
    server->port_ = http.bind_to_any_port(o.host);
    if (server->port_ <= 0) return Status::Unavailable(fmt::format("cannot listen on {} (any port)", o.host));
  } else {
    if (!http.bind_to_port(o.host, o.port)) {
      const int err = errno;
      return Status::Unavailable(fmt::format("cannot listen on {}:{}: {} (is another server using the port?)", o.host,
                                             o.port, err != 0 ? std::strerror(err) : "bind failed"));
    }
    server->port_ = o.port;
  }
  // cpp-httplib listens with a backlog of 5 (compiled into the library): 64 clients connecting at
  // once overflow it and the dropped ones retry a second later (the benchmark's p99 was 1.1 s).
  // Listening again on the bound socket only raises the backlog.
  if (*listen_socket != INVALID_SOCKET) ::listen(*listen_socket, kListenBacklog);
  server->listener_ = std::thread([self] { self->http_->listen_after_bind(); });
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (!http.is_running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      server->Stop();
      return Status::Unavailable("the HTTP server did not start");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return server;
}

void ApiServer::Stop() {
  if (http_) http_->stop();
  if (listener_.joinable()) listener_.join();
}

Reply ApiServer::HandleApi(const Router::Match& match, const std::multimap<std::string, std::string>& query) const {
  const Route& route = *match.route;
  Result<Params> params = ParseParams(route.params, query, match.path_params);
  if (!params.ok()) return FromStatus(params.status(), route.path);
  const RequestContext ctx{*store_, store_->Current(), *params};
  Result<std::string> body = route.handler(ctx);
  if (!body.ok()) return FromStatus(body.status(), route.path);
  return Reply{200, std::move(*body), route.content_type, {}};
}

Reply ApiServer::Handle(const std::string& method, const std::string& path,
                        const std::multimap<std::string, std::string>& query,
                        const std::string& preflight_headers) const {
  try {
    if (method == "OPTIONS") {
      return Reply{204,
                   "",
                   "text/plain",
                   {{"Access-Control-Allow-Methods", kAllowedMethods},
                    {"Access-Control-Allow-Headers", preflight_headers.empty() ? "Content-Type" : preflight_headers},
                    {"Access-Control-Max-Age", "86400"},
                    {"Allow", kAllowedMethods}}};
    }
    if (method != "GET" && method != "HEAD") return MethodNotAllowed(method);
    if (const std::optional<Router::Match> match = router_.Find(path)) return HandleApi(*match, query);
    if (web_ && !IsApiPath(path)) {
      if (std::optional<StaticFile> file = web_->Find(path))
        return Reply{200, std::move(file->body), file->content_type, {}};
      if (std::optional<StaticFile> page = web_->NotFoundPage())
        return Reply{404, std::move(page->body), page->content_type, {}};
    }
    return ErrorReply(404, fmt::format("no such path: {}", Printable(path, 200)));
  } catch (const std::exception& e) {
    spdlog::error("serve: {} {} threw: {}", method, Printable(path, 200), e.what());
    return ErrorReply(503, "the server could not answer (internal error, logged)");
  }
}

}  // namespace qtp::serve
