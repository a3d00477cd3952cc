#include "telemetry_timeline.h"

namespace iocplab::client {

void TelemetryTimeline::add(const TelemetryThreads& snap) {
  // A new baseline when the server restarted (uptime went back) or the pool changed.
  bool comparable = last_threads_ && snap.uptime_ms > last_threads_->uptime_ms &&
                    snap.threads.size() == last_threads_->threads.size();
  if (comparable) {
    ThreadInterval iv;
    iv.start_ms = last_threads_->uptime_ms;
    iv.end_ms = snap.uptime_ms;
    for (size_t i = 0; i < snap.threads.size(); ++i) {
      const ThreadCounters& a = last_threads_->threads[i];
      const ThreadCounters& b = snap.threads[i];
      ThreadDelta d;
      d.accepts = b.accepts - a.accepts;
      d.recvs = b.recvs - a.recvs;
      d.sends = b.sends - a.sends;
      d.posted = b.posted - a.posted;
      d.errors = b.errors - a.errors;
      d.busy_us = b.busy_us - a.busy_us;  // u32 arithmetic: correct across one wrap
      d.wait_us = b.wait_us - a.wait_us;
      iv.threads.push_back(d);
    }
    intervals_.push_back(std::move(iv));
    while (intervals_.size() > keep_) intervals_.pop_front();
  } else if (last_threads_) {
    restarts_++;
  }
  last_threads_ = snap;
}

void TelemetryTimeline::add(const TelemetryTotals& snap) {
  TotalsSample s;
  s.totals = snap;
  if (!totals_.empty()) {
    const TelemetryTotals& p = totals_.back().totals;
    if (snap.uptime_ms > p.uptime_ms && snap.packets_in >= p.packets_in) {
      double secs = (snap.uptime_ms - p.uptime_ms) / 1000.0;
      s.packets_in_per_s = (snap.packets_in - p.packets_in) / secs;
      s.packets_out_per_s = (snap.packets_out - p.packets_out) / secs;
      s.bytes_in_per_s = (snap.bytes_in - p.bytes_in) / secs;
      s.bytes_out_per_s = (snap.bytes_out - p.bytes_out) / secs;
    }
  }
  totals_.push_back(s);
  while (totals_.size() > keep_) totals_.pop_front();
}

double TelemetryTimeline::completions_per_second(size_t thread) const {
  if (intervals_.empty()) return 0;
  const ThreadInterval& iv = intervals_.back();
  if (thread >= iv.threads.size() || iv.end_ms <= iv.start_ms) return 0;
  return iv.threads[thread].completions() * 1000.0 / (iv.end_ms - iv.start_ms);
}

}  // namespace iocplab::client
