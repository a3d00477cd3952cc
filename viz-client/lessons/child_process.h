// child_process.h — a lesson program run as a child process: its stdout and stderr
// collected by a reader thread, the "listening on <port>" line picked out.
// The UI thread starts, polls and stops it; the reader thread owns the pipe.
// One class, two implementations: child_process_posix.cpp (posix_spawn, SIGINT/SIGKILL)
// and child_process_win.cpp (CreateProcessW, CTRL_BREAK/TerminateProcess); CMake picks one.
#pragma once

#if !defined(_WIN32)
#include <sys/types.h>
#endif

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace iocplab::client {

class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess() { stop(); }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Starts program with args; false (and error()) when it cannot be started.
  bool start(const std::string& program, const std::vector<std::string>& args);
  // SIGINT (Windows: CTRL_BREAK), then SIGKILL (TerminateProcess) if it has not exited
  // within a second; joins the reader.
  void stop();

  bool running() const { return started() && !exited_; }
  int port() const { return port_; }  // from "listening on <port>", 0 until seen
  // Waits until the port line is seen or the program exits (or timeout); returns port().
  int wait_port(std::chrono::milliseconds timeout);
  int exit_code() const { return exit_code_; }
  std::string output() const;
  std::string error() const { return error_; }

 private:
  // Shared by both implementations (child_process.cpp): keeps the output, picks the port.
  void take_output(const char* buf, size_t n, std::string& line);
  void reset();

#if defined(_WIN32)
  bool started() const { return process_ != nullptr; }
  void read_loop(void* pipe);  // HANDLEs kept as void* so <windows.h> stays out of here
  void* process_ = nullptr;
  unsigned long process_id_ = 0;
#else
  bool started() const { return pid_ > 0; }
  void read_loop(int fd);
  void reap(bool wait);
  pid_t pid_ = -1;
#endif
  std::thread reader_;
  std::atomic<bool> exited_{false};
  std::atomic<int> port_{0};
  std::atomic<int> exit_code_{-1};
  mutable std::mutex mutex_;
  std::condition_variable changed_;  // port seen or program exited
  std::string output_;
  std::string error_;
};

}  // namespace iocplab::client
