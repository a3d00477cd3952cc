// delay_histogram.h — round-trip delays in microseconds, counted in log-linear buckets
// (about 1.5% precision, fixed memory, no allocation when recording).
#pragma once

#include <array>
#include <cstdint>

namespace iocplab::stress {

class DelayHistogram {
 public:
  // Values above this (60 s) are counted in the last bucket; max() stays exact.
  static constexpr uint64_t kMaxTrackedUs = 60'000'000;

  void record(uint64_t delay_us);
  void merge(const DelayHistogram& other);
  void clear();

  uint64_t count() const { return count_; }
  uint64_t max_us() const { return max_us_; }
  double mean_us() const { return count_ ? static_cast<double>(sum_us_) / static_cast<double>(count_) : 0.0; }
  // The value at or below which `fraction` (0..1] of the samples fall; 0 when empty.
  // Exact for values under 128 us, otherwise the middle of the bucket (never above max).
  uint64_t percentile_us(double fraction) const;

 private:
  static constexpr int kSubBits = 6;               // 64 sub-buckets per power of two
  static constexpr int kBuckets = 64 * 27;         // enough for kMaxTrackedUs
  static int bucket_of(uint64_t v);
  static uint64_t bucket_low(int index);
  static uint64_t bucket_high(int index);          // inclusive

  std::array<uint32_t, kBuckets> counts_{};
  uint64_t count_ = 0;
  uint64_t sum_us_ = 0;
  uint64_t max_us_ = 0;
};

}  // namespace iocplab::stress
