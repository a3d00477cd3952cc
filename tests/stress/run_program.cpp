#include "run_program.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

extern char** environ;

namespace stress_test {
namespace {

using Clock = std::chrono::steady_clock;

pid_t spawn_with_stdout_pipe(const std::vector<std::string>& argv, int* out_fd) {
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0) return -1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, p[1], 1);
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&fa);
  ::close(p[1]);
  if (pid < 0) {
    ::close(p[0]);
    return -1;
  }
  *out_fd = p[0];
  return pid;
}

// Reads what is available within `remaining`; false at EOF or when time is up.
bool read_some(int fd, std::string* into, Clock::time_point until) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
  if (left <= 0) return false;
  pollfd pfd{fd, POLLIN, 0};
  int r = ::poll(&pfd, 1, int(left));
  if (r < 0 && errno == EINTR) return true;
  if (r <= 0) return false;
  char buf[4096];
  ssize_t n = ::read(fd, buf, sizeof buf);
  if (n <= 0) return false;
  into->append(buf, size_t(n));
  return true;
}

int reap(pid_t pid, bool kill_first) {
  if (kill_first) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

ProgramResult run_program(const std::vector<std::string>& argv, std::chrono::milliseconds deadline) {
  ProgramResult r;
  int fd = -1;
  pid_t pid = spawn_with_stdout_pipe(argv, &fd);
  if (pid < 0) return r;
  auto until = Clock::now() + deadline;
  while (read_some(fd, &r.out, until)) {
  }
  bool timed_out = Clock::now() >= until;
  ::close(fd);
  r.exit_code = reap(pid, timed_out);
  if (timed_out) r.exit_code = -1;
  return r;
}

BackgroundProgram::BackgroundProgram(const std::vector<std::string>& argv) {
  pid_ = spawn_with_stdout_pipe(argv, &out_fd_);
}

BackgroundProgram::~BackgroundProgram() {
  if (pid_ > 0) {
    ::kill(pid_, SIGINT);
    // Wait up to 5 s for a clean exit, draining its stdout so it cannot block on it.
    auto until = Clock::now() + std::chrono::seconds(5);
    std::string sink;
    while (read_some(out_fd_, &sink, until)) sink.clear();
    reap(pid_, Clock::now() >= until);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
}

std::string BackgroundProgram::wait_for_line(const std::string& prefix, std::chrono::milliseconds deadline) {
  if (pid_ < 0) return "";
  auto until = Clock::now() + deadline;
  for (;;) {
    size_t nl;
    while ((nl = buffered_.find('\n')) != std::string::npos) {
      std::string line = buffered_.substr(0, nl);
      buffered_.erase(0, nl + 1);
      if (line.rfind(prefix, 0) == 0) return line.substr(prefix.size());
    }
    if (!read_some(out_fd_, &buffered_, until)) return "";
  }
}

std::string last_line(const std::string& text) {
  size_t end = text.find_last_not_of('\n');
  if (end == std::string::npos) return "";
  size_t start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

}  // namespace stress_test
