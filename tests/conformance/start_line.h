// start_line.h — lets N threads start together: each arrives and waits for the others.
// Not std::latch: conformance.wine once hung for good, no CPU used, in a test whose threads
// meet at a std::latch (MinGW's libstdc++ 12 has no futex there and waits through its own
// fallback: the suspect). This one is a mutex and a condition variable, and a wait gives
// up after 10 s instead of hanging the suite.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace conf {

class StartLine {
 public:
  explicit StartLine(int count) : left_(count) {}
  // Returns false if the others did not all arrive within 10 s.
  bool arrive_and_wait() {
    std::unique_lock<std::mutex> lock(mu_);
    if (--left_ <= 0) {
      all_here_.notify_all();
      return true;
    }
    return all_here_.wait_for(lock, std::chrono::seconds(10), [this] { return left_ <= 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable all_here_;
  int left_;
};

}  // namespace conf
