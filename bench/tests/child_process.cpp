#include "child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

extern char** environ;

namespace iocplab::bench::test {
namespace {

using Clock = std::chrono::steady_clock;

int ms_left(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) == 0) pid_ = pid;
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  out_ = fds[0];
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (out_ >= 0) close(out_);
}

unsigned ChildProcess::wait_for_port(int timeout_ms) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  const std::string prefix = "listening on ";
  while (out_ >= 0) {
    size_t at = buffered_.find(prefix);
    if (at != std::string::npos) {
      size_t eol = buffered_.find('\n', at);
      if (eol != std::string::npos) return static_cast<unsigned>(std::atoi(buffered_.c_str() + at + prefix.size()));
    }
    pollfd p{out_, POLLIN, 0};
    if (poll(&p, 1, ms_left(deadline)) <= 0) return 0;
    char buf[256];
    ssize_t n = read(out_, buf, sizeof buf);
    if (n <= 0) return 0;
    buffered_.append(buf, static_cast<size_t>(n));
  }
  return 0;
}

std::string ChildProcess::read_all(int timeout_ms) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (out_ >= 0) {
    pollfd p{out_, POLLIN, 0};
    if (poll(&p, 1, ms_left(deadline)) <= 0) break;
    char buf[1024];
    ssize_t n = read(out_, buf, sizeof buf);
    if (n <= 0) break;
    buffered_.append(buf, static_cast<size_t>(n));
  }
  return buffered_;
}

int ChildProcess::wait_exit(int timeout_ms) {
  if (pid_ <= 0) return -1;
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (ms_left(deadline) == 0) return -1;  // the destructor kills it
    // Polling a child's exit: there is no fd to wait on without pidfd.
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

int ChildProcess::stop(int timeout_ms) {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGINT);
  return wait_exit(timeout_ms);
}

std::string run_to_completion(const std::vector<std::string>& argv, int timeout_ms, int* exit_status) {
  ChildProcess child(argv);
  std::string out = child.read_all(timeout_ms);  // ends when the child closes stdout (exit)
  *exit_status = child.wait_exit(1000);
  return out;
}

}  // namespace iocplab::bench::test
