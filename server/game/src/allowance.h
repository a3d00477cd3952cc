// allowance.h — PROTOCOL.md v1.1 move and chat allowances: a token bucket of N a second in
// bursts of up to 2N. It starts full at 2N, regains N a second, never above 2N; rate 0 is
// no limit. Counted in token-nanoseconds so it never drifts. One per session, used under
// the session's lock.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace iocplab::game {

class Allowance {
 public:
  using Clock = std::chrono::steady_clock;

  // A new login: full.
  void reset(uint32_t per_second, Clock::time_point now) {
    rate_ = per_second;
    level_ = full();
    last_ = now;
  }
  // Takes one if there is one.
  bool take(Clock::time_point now) {
    if (rate_ == 0) return true;
    // Two seconds refill an empty bucket: longer gaps add nothing (and cannot overflow).
    const int64_t ns = std::clamp<int64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(now - last_).count(), 0, 2 * kOne);
    last_ = std::max(last_, now);
    const int64_t regained = ns * int64_t(rate_);  // <= 2 s x 2^32: fits
    level_ = regained >= full() - level_ ? full() : level_ + regained;
    if (level_ < kOne) return false;
    level_ -= kOne;
    return true;
  }

 private:
  static constexpr int64_t kOne = 1'000'000'000;  // one move (or chat), in token-nanoseconds
  int64_t full() const { return 2 * int64_t(rate_) * kOne; }

  uint32_t rate_ = 0;
  int64_t level_ = 0;
  Clock::time_point last_{};
};

}  // namespace iocplab::game
