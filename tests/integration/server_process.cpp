#include "server_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace iocplab::testing {

const char* ServerProcess::binary() { return IOCPLAB_SERVER_BIN; }

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
  if (!err_path_.empty()) std::remove(err_path_.c_str());
}

bool ServerProcess::spawn(const std::vector<std::string>& args) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return false;
  char tmpl[] = "/tmp/iocplab-server-stderr-XXXXXX";
  int err_fd = ::mkstemp(tmpl);
  if (err_fd < 0) return false;
  err_path_ = tmpl;

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  // The load-test hash cost (PROTOCOL.md v1.1) first: a test's own flags come later and win.
  std::vector<std::string> all{binary(), "--hash-memory", "8", "--hash-passes", "1"};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  int r = posix_spawn(&pid_, binary(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  ::close(err_fd);
  out_fd_ = pipe_fds[0];
  if (r != 0) pid_ = -1;
  return r == 0;
}

uint16_t ServerProcess::wait_listening(std::chrono::milliseconds timeout) {
  auto end = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto pos = out_.find("listening on ");
    if (pos != std::string::npos) {
      auto eol = out_.find('\n', pos);
      if (eol != std::string::npos) return static_cast<uint16_t>(std::stoi(out_.substr(pos + 13, eol - pos - 13)));
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
    if (left.count() <= 0) return 0;
    pollfd p{out_fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return 0;
    char buf[256];
    ssize_t n = ::read(out_fd_, buf, sizeof buf);
    if (n <= 0) return 0;
    out_.append(buf, static_cast<size_t>(n));
  }
}

bool ServerProcess::signal(int sig) { return pid_ > 0 && ::kill(pid_, sig) == 0; }

int ServerProcess::wait_exit(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  auto end = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
      return -1;
    }
    if (std::chrono::steady_clock::now() > end) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // no event for a child's exit here
  }
}

std::string ServerProcess::stderr_text() const {
  std::ifstream in(err_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace iocplab::testing
