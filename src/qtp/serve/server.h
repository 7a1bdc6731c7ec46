// `qtp serve`: the read-only HTTP API (docs/api.md) over the store, plus the dashboard's static
// files when given a folder. cpp-httplib serves; every request goes through Handle(), which never
// lets anything escape: a client's mistake is a 4xx, an internal failure a logged 503.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/serve/route.h"
#include "qtp/serve/static_files.h"
#include "qtp/serve/store_access.h"

namespace httplib {
class Server;
}

namespace qtp::serve {

struct ServerOptions {
  std::string data_dir;
  std::string host = "127.0.0.1";
  int port = 8700;      // 0: any free port (tests)
  std::string web_dir;  // the dashboard's static export; "" = API only
  // Worker threads. cpp-httplib keeps a keep-alive connection on one thread for its lifetime, so
  // this bounds the connections served at once (the benchmark holds 64).
  int threads = 128;
  std::chrono::milliseconds poll_interval{200};  // how often manifest.json is checked for a commit
};

struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

class ApiServer {
 public:
  // Opens the store, binds host:port (an error when it is taken) and starts serving on a thread of
  // its own; returns once the server accepts connections.
  static Result<std::unique_ptr<ApiServer>> Start(ServerOptions options);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  int port() const { return port_; }
  StoreAccess& store() { return *store_; }
  // Stops accepting, lets running requests finish, joins the serving thread. Idempotent.
  void Stop();

  // The answer to one request: `path` and `query` as decoded from the URL.
  Reply Handle(const std::string& method, const std::string& path, const std::multimap<std::string, std::string>& query,
               const std::string& preflight_headers = "") const;

 private:
  explicit ApiServer(ServerOptions options);
  Reply HandleApi(const Router::Match& match, const std::multimap<std::string, std::string>& query) const;

  ServerOptions options_;
  std::unique_ptr<StoreAccess> store_;
  Router router_;
  std::optional<StaticFiles> web_;
  std::unique_ptr<httplib::Server> http_;
  std::thread listener_;
  int port_ = 0;
};

// {"error": message} with `status`.
Reply ErrorReply(int status, const std::string& message);

}  // namespace qtp::serve
