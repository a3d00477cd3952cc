#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "headless_support.h"

extern char** environ;
namespace fs = std::filesystem;

namespace iocplab::client::testing {

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

fs::path temp_path(const std::string& name) {
  return fs::temp_directory_path() / ("iocplab-client-test-" + std::to_string(getpid()) + "-" + name);
}

RunResult run(const std::string& program, const std::vector<std::string>& args, int timeout_ms) {
  fs::path out = temp_path("stdout"), err = temp_path("stderr");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> argv{const_cast<char*>(program.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  RunResult r;
  int rc = posix_spawn(&pid, program.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) { r.err = "spawn failed"; return r; }
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  pollfd p{pidfd, POLLIN, 0};
  if (pidfd < 0 || poll(&p, 1, timeout_ms) != 1) {
    r.timed_out = true;
    kill(pid, SIGKILL);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (pidfd >= 0) close(pidfd);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  fs::remove(out);
  fs::remove(err);
  return r;
}

}  // namespace iocplab::client::testing

namespace iocplab::client::testing {

ServerChild::ServerChild(const std::filesystem::path& bin, const std::vector<std::string>& extra) {
  int pipefd[2];
  if (pipe(pipefd) != 0) return;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
  posix_spawn_file_actions_addclose(&fa, pipefd[0]);
  // The load-test hash cost (PROTOCOL.md v1.1): the scenarios log in bots together.
  std::vector<std::string> args{bin.string(), "--port", "0", "--db", ":memory:", "--hash-memory", "8",
                                "--hash-passes", "1"};
  args.insert(args.end(), extra.begin(), extra.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0].c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(pipefd[1]);
  out_fd_ = pipefd[0];
  if (rc != 0) return;
  pid_ = pid;
  // "listening on <port>", read within 10 s.
  for (char c; line_.find('\n') == std::string::npos && line_.size() < 200;) {
    pollfd p{out_fd_, POLLIN, 0};
    if (poll(&p, 1, 10000) != 1 || read(out_fd_, &c, 1) != 1) break;
    line_ += c;
  }
  int port = 0;
  std::sscanf(line_.c_str(), "listening on %d", &port);
  port_ = static_cast<uint16_t>(port);
}

ServerChild::~ServerChild() {
  if (pid_ > 0) {
    kill(pid_, SIGINT);
    waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) close(out_fd_);
}

}  // namespace iocplab::client::testing
