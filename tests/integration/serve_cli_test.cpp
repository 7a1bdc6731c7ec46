// `qtp serve` as a process: it prints its URL, answers, refuses a taken port and stops cleanly
// (exit code 0) on SIGTERM.
#include <gtest/gtest.h>
#include <httplib.h>

#include <regex>
#include <string>

#include "test_util/qtp_project.h"
#include "test_util/run_qtp.h"
#include "test_util/temp_dir.h"

namespace qtp {
namespace {

// `qtp serve` in the background with its stdout on a pipe (the first line names the port).
class ServeProcess {
 public:
  ServeProcess(const std::string& data_dir, const std::vector<std::string>& args) {
    int out[2];
    if (::pipe(out) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      std::vector<std::string> serve = {"serve"};
      serve.insert(serve.end(), args.begin(), args.end());
      test_util::internal::Exec(test_util::internal::QtpArgv(serve, data_dir));
    }
    ::close(out[1]);
    out_fd_ = out[0];
  }
  ~ServeProcess() {
    if (pid_ > 0 && exit_code_ < 0) {
      ::kill(pid_, SIGKILL);
      test_util::internal::WaitFor(pid_);
    }
    if (out_fd_ >= 0) ::close(out_fd_);
  }
  // The first line of stdout, or "" when none comes within `seconds`.
  std::string FirstLine(int seconds) {
    std::string line;
    pollfd fd{out_fd_, POLLIN, 0};
    while (line.find('\n') == std::string::npos && ::poll(&fd, 1, seconds * 1000) > 0) {
      char c[256];
      const ssize_t n = ::read(out_fd_, c, sizeof(c));
      if (n <= 0) break;
      line.append(c, static_cast<size_t>(n));
    }
    return line.substr(0, line.find('\n'));
  }
  int Terminate() {
    ::kill(pid_, SIGTERM);
    exit_code_ = test_util::internal::WaitFor(pid_);
    return exit_code_;
  }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int exit_code_ = -1;
};

TEST(ServeCli, AnswersRefusesATakenPortAndStopsOnSigterm) {
  test_util::TempDir dir;
  const std::string data = dir.path() + "/data";
  ASSERT_EQ(test_util::RunQtp({"init"}, data).exit_code, 0);
  ServeProcess server(data, {"--port", "0"});
  const std::string line = server.FirstLine(30);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(line, m, std::regex("http://127\\.0\\.0\\.1:([0-9]+)/api/"))) << line;
  const int port = std::stoi(m[1]);

  httplib::Client client("127.0.0.1", port);
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_NE(health->body.find("\"status\":\"ok\""), std::string::npos) << health->body;
  EXPECT_EQ(health->get_header_value("Access-Control-Allow-Origin"), "*");

  const test_util::ProcessResult second = test_util::RunQtp({"serve", "--port", std::to_string(port)}, data);
  EXPECT_NE(second.exit_code, 0);
  EXPECT_TRUE(test_util::Contains(second.err, "cannot listen on 127.0.0.1:" + std::to_string(port))) << second.err;

  EXPECT_EQ(server.Terminate(), 0);
  EXPECT_FALSE(client.Get("/healthz")) << "nothing listens any more";
}

TEST(ServeCli, RefusesAMissingStoreOrWebFolder) {
  test_util::TempDir dir;
  const test_util::ProcessResult missing = test_util::RunQtp({"serve", "--port", "0"}, dir.path() + "/nope");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(test_util::Contains(missing.err, "no store at")) << missing.err;
  const test_util::ProcessResult no_web = test_util::RunQtp({"serve", "--port", "0", "--web", dir.path()}, dir.path());
  EXPECT_EQ(no_web.exit_code, 2);
  EXPECT_TRUE(test_util::Contains(no_web.err, "no index.html")) << no_web.err;
}

}  // namespace
}  // namespace qtp
