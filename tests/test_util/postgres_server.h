// A throwaway PostgreSQL 15 server on 127.0.0.1 for the tests of qtp publish and qtp db: initdb into
// a temporary folder, pg_ctl start on a free port (fsync off, the unix socket in that folder), and
// stop + delete at exit. Started once per test binary, on first use (about 3-10 s). As root (CI,
// scripts/setup.sh) the server runs as the postgres user through runuser, its folder chowned to it.
//
// Logins over TCP need the password (scram-sha-256), so wrong-password paths are real; psql over the
// unix socket is trusted, so the tests' own checks need no password and no qtp code.
#pragma once

#include <string>

namespace qtp::test_util {

class PostgresServer {
 public:
  // The superuser `postgres`'s password for TCP logins.
  static constexpr const char* kPassword = "Qtp-test-pw-7f3a9c";

  // This binary's server, started on the first call. nullptr when it cannot run, with the reason
  // in `why` (PostgreSQL 15 not installed: the caller skips the test).
  static PostgresServer* Shared(std::string* why);

  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  int port() const { return port_; }
  // postgresql://postgres:<password>@127.0.0.1:<port>/<database>
  std::string Url(const std::string& database, const std::string& password = kPassword) const;
  // Creates a new, empty database (each test takes its own). False with psql's message on failure.
  bool CreateDatabase(const std::string& name, std::string* error) const;
  // Runs `sql` with psql over the unix socket: unaligned rows, fields separated by '|', no header,
  // into `out` (psql's error text on failure).
  bool Psql(const std::string& database, const std::string& sql, std::string* out) const;

 private:
  PostgresServer() = default;
  bool Start(std::string* why);

  std::string root_;    // temp folder: data/, socket, logs
  std::string prefix_;  // "runuser -u postgres -- " as root, else ""
  int port_ = 0;
  bool running_ = false;
};

}  // namespace qtp::test_util
