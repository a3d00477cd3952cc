// latency_histogram.h — round-trip times in whole microseconds, 1 µs buckets up to 100 ms
// (one overflow bucket above), so percentiles are exact to the microsecond.
#pragma once

#include <cstdint>
#include <vector>

namespace iocplab::bench {

class LatencyHistogram {
 public:
  static constexpr uint32_t kMaxUs = 100000;

  LatencyHistogram() : buckets_(kMaxUs + 1, 0) {}

  void add_ns(uint64_t ns) {
    uint64_t us = ns / 1000;
    ++buckets_[us > kMaxUs ? kMaxUs : us];
    ++count_;
    sum_ns_ += ns;
    if (ns > max_ns_) max_ns_ = ns;
  }
  double mean_us() const { return count_ ? static_cast<double>(sum_ns_) / 1000.0 / static_cast<double>(count_) : 0; }
  uint64_t count() const { return count_; }
  uint64_t max_us() const { return max_ns_ / 1000; }  // exact, not capped at kMaxUs

  // Adds another histogram's samples (the load client's threads each keep their own).
  void merge(const LatencyHistogram& other) {
    for (size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
    count_ += other.count_;
    sum_ns_ += other.sum_ns_;
    if (other.max_ns_ > max_ns_) max_ns_ = other.max_ns_;
  }

  // q in (0, 1]; kMaxUs means "at or above 100 ms". 0 when empty.
  uint32_t percentile_us(double q) const {
    if (count_ == 0) return 0;
    uint64_t rank = static_cast<uint64_t>(q * static_cast<double>(count_));
    if (rank == 0) rank = 1;
    uint64_t seen = 0;
    for (uint32_t us = 0; us <= kMaxUs; ++us) {
      seen += buckets_[us];
      if (seen >= rank) return us;
    }
    return kMaxUs;
  }

 private:
  std::vector<uint64_t> buckets_;
  uint64_t count_ = 0;
  uint64_t sum_ns_ = 0;
  uint64_t max_ns_ = 0;
};

}  // namespace iocplab::bench
