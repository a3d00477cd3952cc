// run_clock.h — the one monotonic clock of a run: microseconds since the run began, and
// the 32-bit millisecond value bots put in CS_MOVE.client_time.
#pragma once

#include <chrono>
#include <cstdint>

namespace iocplab::stress {

class RunClock {
 public:
  RunClock() : start_(std::chrono::steady_clock::now()) {}
  uint64_t now_us() const {
    return uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::steady_clock::now() - start_).count());
  }
  static uint32_t client_time_ms(uint64_t us) { return uint32_t(us / 1000); }
  std::chrono::steady_clock::time_point at(uint64_t us) const { return start_ + std::chrono::microseconds(us); }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace iocplab::stress
