// child_process.h — starts a bench server, reads its "listening on PORT" line, stops it.
#pragma once

#include <string>
#include <vector>

namespace iocplab::bench::test {

class ChildProcess {
 public:
  // Starts argv[0] with argv; stdout is a pipe read by wait_for_port / read_all.
  explicit ChildProcess(const std::vector<std::string>& argv);
  ~ChildProcess();  // SIGKILL if still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // The port from "listening on PORT", or 0 after timeout_ms or when the child exited.
  unsigned wait_for_port(int timeout_ms);
  // Reads stdout until end of stream (bounded by timeout_ms).
  std::string read_all(int timeout_ms);
  // SIGINT, then the exit status (-1 if it had to be killed after timeout_ms).
  int stop(int timeout_ms);
  int wait_exit(int timeout_ms);

 private:
  int pid_ = -1;
  int out_ = -1;
  std::string buffered_;
};

// Runs a program to completion (bounded by timeout_ms) and returns its stdout.
std::string run_to_completion(const std::vector<std::string>& argv, int timeout_ms, int* exit_status);

}  // namespace iocplab::bench::test
