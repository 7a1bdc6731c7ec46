#include "qtp/pipeline/stage_process.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "qtp/core/file_util.h"
#include "qtp/data/store/paths.h"

namespace qtp {

namespace {

void ParseLog(const std::string& log_path, ChildOutcome& outcome) {
  std::ifstream log(log_path);
  std::string line, last;
  while (std::getline(log, line)) {
    if (line.empty()) continue;
    last = line;
    if (line.rfind("error: ", 0) == 0) outcome.error_line = line;
    constexpr std::string_view kRunPrefix = "  run ";
    if (line.rfind(kRunPrefix, 0) == 0) {
      const size_t colon = line.find(':', kRunPrefix.size());
      if (colon != std::string::npos) outcome.run_id = line.substr(kRunPrefix.size(), colon - kRunPrefix.size());
    }
  }
  if (outcome.error_line.empty()) outcome.error_line = last;
}

}  // namespace

Result<ChildOutcome> RunChild(const ChildCommand& command) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(command.executable.c_str()));
  for (const std::string& arg : command.args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const int log_fd = ::open(command.log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) return Status::IOError(fmt::format("{}: {}", command.log_path, std::strerror(errno)));
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log_fd);
    return Status::IOError(fmt::format("fork: {}", std::strerror(errno)));
  }
  if (pid == 0) {
    // The stage dies with the job: a killed `qtp daily` must not leave a stage writing behind the
    // back of the job that resumes it. (Only async-signal-safe calls between fork and exec.)
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(137);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    ::execv(command.executable.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(log_fd);
  int wstatus = 0;
  while (::waitpid(pid, &wstatus, 0) < 0) {
    if (errno != EINTR) return Status::IOError(fmt::format("waitpid: {}", std::strerror(errno)));
  }
  ChildOutcome outcome;
  outcome.exit_code = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  ParseLog(command.log_path, outcome);
  return outcome;
}

nlohmann::json ReadRunMetrics(const std::string& data_dir, const std::string& run_id) {
  if (run_id.empty()) return nlohmann::json::object();
  Result<std::string> text =
      ReadFile(paths::Join(data_dir, fmt::format("{}/{}/metrics.json", paths::kRunsDir, run_id)));
  if (!text.ok()) return nlohmann::json::object();
  nlohmann::json metrics = nlohmann::json::parse(*text, nullptr, false);
  return metrics.is_object() ? metrics : nlohmann::json::object();
}

}  // namespace qtp
