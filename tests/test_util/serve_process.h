// `qtp serve` as a child process for end-to-end tests, and the port its first line announces.
#pragma once

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <regex>
#include <string>
#include <vector>

#include "test_util/run_qtp.h"

namespace qtp::test_util {

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
      internal::Exec(internal::QtpArgv(serve, data_dir));
    }
    ::close(out[1]);
    out_fd_ = out[0];
  }
  ~ServeProcess() {
    if (pid_ > 0 && exit_code_ < 0) {
      ::kill(pid_, SIGKILL);
      internal::WaitFor(pid_);
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
    exit_code_ = internal::WaitFor(pid_);
    return exit_code_;
  }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int exit_code_ = -1;
};

// The port of the URL `qtp serve` prints first ("... http://127.0.0.1:<port>/api/ ..."), -1 when the
// line names none.
inline int ServePort(const std::string& first_line) {
  std::smatch m;
  if (!std::regex_search(first_line, m, std::regex("http://127\\.0\\.0\\.1:([0-9]+)/api/"))) return -1;
  return std::stoi(m[1]);
}

}  // namespace qtp::test_util
