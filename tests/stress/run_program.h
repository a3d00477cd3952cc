// run_program.h — start a program with its stdout on a pipe, read it with a deadline,
// and reap it; for the end-to-end tests of iocplab-stress.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace stress_test {

struct ProgramResult {
  int exit_code = -1;   // -1: killed at the deadline or by a signal
  std::string out;      // everything it wrote to stdout
};

// Runs argv[0] with argv, stdin from /dev/null, stderr inherited; kills it at the deadline.
ProgramResult run_program(const std::vector<std::string>& argv, std::chrono::milliseconds deadline);

// A background program whose stdout we read line by line (the game server).
class BackgroundProgram {
 public:
  explicit BackgroundProgram(const std::vector<std::string>& argv);
  ~BackgroundProgram();  // SIGINT, then SIGKILL if it does not exit within 5 s
  BackgroundProgram(const BackgroundProgram&) = delete;
  BackgroundProgram& operator=(const BackgroundProgram&) = delete;

  pid_t pid() const { return pid_; }
  // Reads lines until one starts with `prefix`; returns the rest of it, "" at the deadline/EOF.
  std::string wait_for_line(const std::string& prefix, std::chrono::milliseconds deadline);

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string buffered_;
};

// The last non-empty line of a text.
std::string last_line(const std::string& text);

}  // namespace stress_test
