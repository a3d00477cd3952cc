// child_process.cpp — the platform-neutral half of ChildProcess: the kept output, the
// "listening on <port>" line, the waits. The process itself: child_process_posix.cpp or
// child_process_win.cpp.
#include "child_process.h"

#include <cstdlib>

namespace iocplab::client {

constexpr size_t kOutputKept = 64 * 1024;

void ChildProcess::reset() {
  error_.clear();
  output_.clear();
  port_ = 0;
  exit_code_ = -1;
  exited_ = false;
}

// Reader thread: one chunk of the child's stdout/stderr; line carries a partial line over.
void ChildProcess::take_output(const char* buf, size_t n, std::string& line) {
  std::lock_guard lock(mutex_);
  output_.append(buf, n);
  if (output_.size() > kOutputKept) output_.erase(0, output_.size() - kOutputKept);
  for (size_t i = 0; i < n; ++i) {
    if (buf[i] != '\n') { line += buf[i]; continue; }
    if (port_ == 0 && line.rfind("listening on ", 0) == 0) {
      port_ = std::atoi(line.c_str() + 13);
      changed_.notify_all();
    }
    line.clear();
  }
}

int ChildProcess::wait_port(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return port_ != 0 || exited_; });
  return port_;
}

std::string ChildProcess::output() const {
  std::lock_guard lock(mutex_);
  return output_;
}

}  // namespace iocplab::client
