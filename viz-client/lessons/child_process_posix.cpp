// child_process_posix.cpp — ChildProcess on Linux: posix_spawn, a pipe, SIGINT then SIGKILL.
#include "child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace iocplab::client {

bool ChildProcess::start(const std::string& program, const std::vector<std::string>& args) {
  stop();
  reset();
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) != 0) {
    error_ = std::string("pipe: ") + std::strerror(errno);
    return false;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // No stdin for the child: a lesson program reading "quit" must not eat the user's terminal.
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipefd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipefd[1], 2);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  int rc = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipefd[1]);
  if (rc != 0) {
    error_ = "cannot run " + program + ": " + std::strerror(rc);
    close(pipefd[0]);
    pid_ = -1;
    return false;
  }
  reader_ = std::thread(&ChildProcess::read_loop, this, pipefd[0]);
  return true;
}

void ChildProcess::read_loop(int fd) {
  char buf[4096];
  std::string line;
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    take_output(buf, static_cast<size_t>(n), line);
  }
  close(fd);
  reap(true);
  std::lock_guard lock(mutex_);
  changed_.notify_all();
}

void ChildProcess::reap(bool wait) {
  if (pid_ <= 0 || exited_) return;
  int status = 0;
  pid_t r = waitpid(pid_, &status, wait ? 0 : WNOHANG);
  if (r == pid_) {
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    exited_ = true;
  }
}

void ChildProcess::stop() {
  if (pid_ <= 0) return;
  if (!exited_) {
    kill(pid_, SIGINT);
    // The reader thread reaps the child once the pipe closes; give it a second.
    for (int i = 0; i < 100 && !exited_; ++i) usleep(10000);
    if (!exited_) kill(pid_, SIGKILL);
  }
  if (reader_.joinable()) reader_.join();
  pid_ = -1;
}

}  // namespace iocplab::client
