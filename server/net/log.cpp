#include "log.h"

#include <condition_variable>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace iocplab::net {
namespace {

// Made on first use and never destroyed: its thread may be stuck in a write to a stalled
// stderr at exit, and must not be joined then.
class LogQueue {
 public:
  LogQueue() {
    std::thread([this] { run(); }).detach();
    std::atexit([] { log_flush(std::chrono::milliseconds(200)); });
  }

  void push(std::string line) {
    std::lock_guard lock(mu_);
    if (lines_.size() >= kLogQueueLines) {
      ++dropped_;
      ++dropped_unreported_;
      return;
    }
    lines_.push_back(std::move(line));
    cv_.notify_one();
  }

  bool flush(std::chrono::milliseconds limit) {
    std::unique_lock lock(mu_);
    return idle_cv_.wait_for(lock, limit, [this] { return lines_.empty() && !writing_; });
  }

  LogStats stats() {
    std::lock_guard lock(mu_);
    return LogStats{written_, dropped_, lines_.size()};
  }

 private:
  void run() {
    std::deque<std::string> batch;
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait(lock, [this] { return !lines_.empty() || dropped_unreported_ > 0; });
      batch.swap(lines_);
      uint64_t dropped = dropped_unreported_;
      dropped_unreported_ = 0;
      writing_ = true;
      lock.unlock();
      for (const std::string& line : batch) std::fwrite(line.data(), 1, line.size(), stderr);
      if (dropped > 0)
        std::fprintf(stderr, "log: %llu lines dropped (stderr was not keeping up)\n",
                     static_cast<unsigned long long>(dropped));
      std::fflush(stderr);
      lock.lock();
      written_ += batch.size();
      batch.clear();
      writing_ = false;
      if (lines_.empty()) idle_cv_.notify_all();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_, idle_cv_;
  std::deque<std::string> lines_;
  bool writing_ = false;
  uint64_t written_ = 0, dropped_ = 0, dropped_unreported_ = 0;
};

LogQueue& queue() {
  static LogQueue* q = new LogQueue;  // see LogQueue
  return *q;
}

}  // namespace

void log_line(const char* fmt, ...) {
  char line[512];
  va_list args;
  va_start(args, fmt);
  int n = std::vsnprintf(line, sizeof line - 1, fmt, args);
  va_end(args);
  if (n < 0) return;
  size_t len = static_cast<size_t>(n) < sizeof line - 1 ? static_cast<size_t>(n) : sizeof line - 2;
  line[len] = '\n';
  queue().push(std::string(line, len + 1));
}

bool log_flush(std::chrono::milliseconds limit) { return queue().flush(limit); }

LogStats log_stats() { return queue().stats(); }

}  // namespace iocplab::net
