#include "held_tracker.h"

#include <algorithm>

namespace iocplab::stress {

WindowVerdict HeldTracker::add_window(uint32_t bots_at_start, uint32_t bots_at_end,
                                      const DelayHistogram& window) {
  if (window.count() == 0) return WindowVerdict::Empty;
  if (window.mean_us() >= static_cast<double>(limit_us_)) return WindowVerdict::Over;
  uint32_t n = std::min(bots_at_start, bots_at_end);
  if (n == 0) return WindowVerdict::Under;
  if (n > held_bots_) {
    held_bots_ = n;
    held_delays_.clear();
  }
  if (n == held_bots_) held_delays_.merge(window);
  return WindowVerdict::Under;
}

}  // namespace iocplab::stress
