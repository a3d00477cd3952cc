// telemetry_timeline.h — the server's telemetry (frames 17 and 18) turned into
// intervals: what each worker thread did between two snapshots, and the totals over
// time. Counters are cumulative on the wire; the timeline stores differences.
// Owned and touched by the UI thread only.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "net/wire.h"

namespace iocplab::client {

struct ThreadDelta {
  uint32_t accepts = 0, recvs = 0, sends = 0, posted = 0, errors = 0;
  uint32_t busy_us = 0, wait_us = 0;  // differences of wrapping u32 counters
  uint32_t completions() const { return accepts + recvs + sends + posted + errors; }
};

struct ThreadInterval {
  uint32_t start_ms = 0, end_ms = 0;  // server uptime
  std::vector<ThreadDelta> threads;   // by worker index
};

struct TotalsSample {
  TelemetryTotals totals;
  double packets_in_per_s = 0, packets_out_per_s = 0, bytes_in_per_s = 0, bytes_out_per_s = 0;
};

class TelemetryTimeline {
 public:
  explicit TelemetryTimeline(size_t keep = 600) : keep_(keep) {}

  void add(const TelemetryThreads& snapshot);
  void add(const TelemetryTotals& snapshot);

  const std::deque<ThreadInterval>& intervals() const { return intervals_; }
  const std::deque<TotalsSample>& totals() const { return totals_; }
  size_t thread_count() const { return last_threads_ ? last_threads_->threads.size() : 0; }
  const std::optional<TelemetryThreads>& last_threads() const { return last_threads_; }
  // Completions per second of one worker over the latest interval.
  double completions_per_second(size_t thread) const;
  uint64_t restarts() const { return restarts_; }  // times the baseline was reset

 private:
  size_t keep_;
  std::optional<TelemetryThreads> last_threads_;
  std::deque<ThreadInterval> intervals_;
  std::deque<TotalsSample> totals_;
  uint64_t restarts_ = 0;
};

}  // namespace iocplab::client
