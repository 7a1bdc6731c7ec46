// Runs the real `qtp` binary (QTP_CLI_PATH) as a child process, for end-to-end tests: either to
// completion with its stdout/stderr captured, or in the background so a test can kill it (any other
// program too: ChildProcess).
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <vector>

namespace qtp::test_util {

struct ProcessResult {
  int exit_code = -1;  // the child's exit status, or 128 + signal number when a signal ended it
  std::string out;
  std::string err;
};

namespace internal {

inline std::vector<std::string> QtpArgv(const std::vector<std::string>& args, const std::string& data_dir) {
  std::vector<std::string> argv = {QTP_CLI_PATH};
  if (!data_dir.empty()) {
    argv.push_back("--data-dir");
    argv.push_back(data_dir);
  }
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

// In the child: replaces the process image; never returns.
[[noreturn]] inline void Exec(const std::vector<std::string>& argv) {
  std::vector<char*> c_argv;
  for (const std::string& a : argv) c_argv.push_back(const_cast<char*>(a.c_str()));
  c_argv.push_back(nullptr);
  ::execv(c_argv[0], c_argv.data());
  std::perror("execv");
  ::_exit(127);
}

inline int DecodeWaitStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

inline int WaitFor(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return DecodeWaitStatus(status);
}

}  // namespace internal

// Runs `qtp [--data-dir data_dir] args...` to completion (data_dir omitted when empty).
inline ProcessResult RunQtp(const std::vector<std::string>& args, const std::string& data_dir = "") {
  const std::vector<std::string> argv = internal::QtpArgv(args, data_dir);
  ProcessResult result;
  if (::access(argv[0].c_str(), X_OK) != 0) {
    result.err = "the qtp binary " + argv[0] + " is not built (build the qtp target first)";
    return result;
  }
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0) {
    result.err = "pipe() failed";
    return result;
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) ::close(fd);
    result.err = "fork() failed";
    return result;
  }
  if (pid == 0) {
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::dup2(err_pipe[1], STDERR_FILENO);
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[0]);
    ::close(err_pipe[1]);
    internal::Exec(argv);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  // Both pipes drained together: a child filling one while we block on the other would deadlock.
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  char buffer[65536];
  while (open_fds > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof(buffer));
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  result.exit_code = internal::WaitFor(pid);
  return result;
}

// A child (`argv[0]` a path, no PATH search) running in the background with stdout and stderr
// appended to `output_path`, so it never blocks on a full pipe. Killed with SIGKILL and reaped on
// destruction if still running.
class ChildProcess {
 public:
  explicit ChildProcess(const std::vector<std::string>& argv, const std::string& output_path = "/dev/null") {
    pid_ = ::fork();
    if (pid_ == 0) {
      const int out_fd = ::open(output_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      ::dup2(out_fd, STDOUT_FILENO);
      ::dup2(out_fd, STDERR_FILENO);
      ::close(out_fd);
      internal::Exec(argv);
    }
  }
  ~ChildProcess() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      internal::WaitFor(pid_);
    }
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool started() const { return pid_ > 0; }
  // True once the child has ended (it is then reaped and exit_code() is set).
  bool Finished() {
    if (reaped_) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      reaped_ = true;
      exit_code_ = internal::DecodeWaitStatus(status);
    }
    return reaped_;
  }
  // Sends SIGKILL (unless it has already ended) and reaps the child; returns its exit code.
  int Kill() {
    if (!reaped_) {
      ::kill(pid_, SIGKILL);
      exit_code_ = internal::WaitFor(pid_);
      reaped_ = true;
    }
    return exit_code_;
  }
  int Wait() {
    if (!reaped_) {
      exit_code_ = internal::WaitFor(pid_);
      reaped_ = true;
    }
    return exit_code_;
  }
  int exit_code() const { return exit_code_; }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int exit_code_ = -1;
};

// `qtp [--data-dir data_dir] args...` in the background, its output discarded.
class QtpProcess : public ChildProcess {
 public:
  QtpProcess(const std::vector<std::string>& args, const std::string& data_dir)
      : ChildProcess(internal::QtpArgv(args, data_dir)) {}
};

}  // namespace qtp::test_util
