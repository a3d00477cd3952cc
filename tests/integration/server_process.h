// server_process.h — iocplab-server as a child process (for crashes, signals, exit codes).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <sys/types.h>

namespace iocplab::testing {

class ServerProcess {
 public:
  ~ServerProcess();  // SIGKILLs a child still running
  // Starts the binary with --hash-memory 8 --hash-passes 1, then args (which may override
  // them); stderr goes to a file (stderr_text()).
  bool spawn(const std::vector<std::string>& args);
  // Waits (bounded) for "listening on <port>" on stdout; 0 if it did not come.
  uint16_t wait_listening(std::chrono::milliseconds timeout);
  bool signal(int sig);
  // Waits (bounded) for the exit; the exit code, 128 + signal, or -1 on timeout.
  int wait_exit(std::chrono::milliseconds timeout);
  std::string stderr_text() const;
  static const char* binary();

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string err_path_;
  std::string out_;
};

}  // namespace iocplab::testing
