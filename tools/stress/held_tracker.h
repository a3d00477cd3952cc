// held_tracker.h — the "held" rule: which bot counts the server carried with the average
// delay under the limit, judged one-second window at a time.
//
// A window counts at n bots, n = the bots logged in through the whole window (the lower
// of the counts at its start and its end). It is *under* the limit when it has at least
// one delay sample and their average is below the limit, *over* when it has samples and
// their average is at or above it, and *empty* otherwise. The held count is the largest n
// of an under-limit window; its figures are those windows' delays merged (every
// under-limit window at exactly that n).
#pragma once

#include <cstdint>

#include "delay_histogram.h"

namespace iocplab::stress {

enum class WindowVerdict { Empty, Under, Over };

class HeldTracker {
 public:
  explicit HeldTracker(uint64_t limit_us) : limit_us_(limit_us) {}

  WindowVerdict add_window(uint32_t bots_at_start, uint32_t bots_at_end, const DelayHistogram& window);

  uint32_t held_bots() const { return held_bots_; }
  const DelayHistogram& held_delays() const { return held_delays_; }  // empty when held_bots() == 0
  uint64_t limit_us() const { return limit_us_; }

 private:
  uint64_t limit_us_;
  uint32_t held_bots_ = 0;
  DelayHistogram held_delays_;
};

}  // namespace iocplab::stress
