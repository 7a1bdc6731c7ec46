#include "test_util/postgres_server.h"

#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>

#include "test_util/free_port.h"

namespace qtp::test_util {
namespace {

constexpr const char* kBin = "/usr/lib/postgresql/15/bin";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int Shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

PostgresServer* PostgresServer::Shared(std::string* why) {
  static std::mutex mutex;
  static std::unique_ptr<PostgresServer> server;
  static std::string failure;
  std::lock_guard<std::mutex> lock(mutex);
  if (!server && failure.empty()) {
    std::unique_ptr<PostgresServer> s(new PostgresServer());
    if (s->Start(&failure)) server = std::move(s);
  }
  if (!server && why != nullptr) *why = failure;
  return server.get();
}

bool PostgresServer::Start(std::string* why) {
  namespace fs = std::filesystem;
  if (!fs::exists(std::string(kBin) + "/initdb")) {
    *why = std::string("PostgreSQL 15 is not installed (") + kBin +
           "/initdb missing): scripts/setup.sh installs postgresql-15";
    return false;
  }
  std::string pattern = (fs::temp_directory_path() / "qtp-pg-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    *why = "mkdtemp failed";
    return false;
  }
  root_ = pattern;
  {
    std::ofstream pw(root_ + "/pwfile");
    pw << kPassword << "\n";
  }
  if (::geteuid() == 0) {
    // initdb refuses to run as root: the server runs as the postgres user of the Debian package.
    const passwd* pg = ::getpwnam("postgres");
    if (pg == nullptr) {
      *why = "running as root and there is no postgres user to run the server as";
      return false;
    }
    for (const std::string& path : {root_, root_ + "/pwfile"}) {
      if (::chown(path.c_str(), pg->pw_uid, pg->pw_gid) != 0) {
        *why = "cannot chown " + path + " to postgres";
        return false;
      }
    }
    prefix_ = "runuser -u postgres -- ";
  }
  const std::string initdb = prefix_ + kBin + "/initdb -D " + root_ + "/data -U postgres --pwfile=" + root_ +
                             "/pwfile --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 "
                             "--no-sync >" +
                             root_ + "/initdb.log 2>&1";
  if (Shell(initdb) != 0) {
    *why = "initdb failed:\n" + ReadAll(root_ + "/initdb.log");
    return false;
  }
  for (int attempt = 0; attempt < 3 && !running_; ++attempt) {
    port_ = FreeLoopbackPort();  // pg_ctl start retries on a lost race
    const std::string start =
        prefix_ + kBin + "/pg_ctl -D " + root_ + "/data -l " + root_ +
        "/server.log -w -t 60 -o \"-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) + " -k " + root_ +
        " -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start >" + root_ + "/pg_ctl.log 2>&1";
    running_ = Shell(start) == 0;
  }
  if (!running_) *why = "pg_ctl start failed:\n" + ReadAll(root_ + "/server.log");
  return running_;
}

PostgresServer::~PostgresServer() {
  if (running_) Shell(prefix_ + kBin + "/pg_ctl -D " + root_ + "/data -m immediate -w stop >/dev/null 2>&1");
  std::error_code ec;
  if (!root_.empty()) std::filesystem::remove_all(root_, ec);
}

std::string PostgresServer::Url(const std::string& database, const std::string& password) const {
  return "postgresql://postgres:" + password + "@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

bool PostgresServer::Psql(const std::string& database, const std::string& sql, std::string* out) const {
  static std::mutex mutex;  // one SQL file at a time
  std::lock_guard<std::mutex> lock(mutex);
  const std::string file = root_ + "/query.sql";
  {
    std::ofstream f(file, std::ios::trunc);
    f << sql << "\n";
  }
  const std::string command = std::string(kBin) + "/psql -X -q -At -v ON_ERROR_STOP=1 -h " + root_ + " -p " +
                              std::to_string(port_) + " -U postgres -d " + database + " -f " + file + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    *out = "popen failed";
    return false;
  }
  out->clear();
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) out->append(buffer, n);
  const int status = ::pclose(pipe);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

bool PostgresServer::CreateDatabase(const std::string& name, std::string* error) const {
  std::string out;
  if (Psql("postgres", "CREATE DATABASE " + name, &out)) return true;
  *error = out;
  return false;
}

}  // namespace qtp::test_util
