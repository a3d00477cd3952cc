// child_server.h — iocplab-server as a child process for the abuse suite: started with the
// load-test hash cost, its real memory read from /proc/PID/status (VmHWM: peak resident set,
// VmRSS: now), stopped with SIGTERM (SIGKILL if it does not exit).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace iocplab::abuse {

class ChildServer {
 public:
  ~ChildServer();  // SIGKILLs a child still running
  // Spawns the server with --port 0 --hash-memory 8 --hash-passes 1 and args; waits
  // (bounded) for "listening on". False with *why set when it did not come up.
  bool start(const std::vector<std::string>& args, std::string* why);
  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  bool alive();
  uint64_t peak_rss_kib() const { return status_kib("VmHWM:"); }
  uint64_t rss_kib() const { return status_kib("VmRSS:"); }
  int stop();  // SIGTERM, bounded wait; the exit code, 128 + signal, or -1
  std::string stderr_text() const;

 private:
  uint64_t status_kib(const char* key) const;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  int out_fd_ = -1;
  std::string err_path_;
};

// Raises this process's open-file limit to at least n (up to the hard limit).
bool raise_fd_limit(uint64_t n);

}  // namespace iocplab::abuse
