#include "delay_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace iocplab::stress {

// Values below 64 get one bucket each; above, each power of two [2^k, 2^(k+1)) is split in
// 64 equal buckets: index = shift * 64 + (v >> shift) with v >> shift in [64, 127].
int DelayHistogram::bucket_of(uint64_t v) {
  v = std::min(v, kMaxTrackedUs);
  if (v < 64) return static_cast<int>(v);
  int shift = std::bit_width(v) - 1 - kSubBits;
  return shift * 64 + static_cast<int>(v >> shift);
}

uint64_t DelayHistogram::bucket_low(int index) {
  if (index < 128) return static_cast<uint64_t>(index);
  int shift = index / 64 - 1;
  uint64_t mantissa = static_cast<uint64_t>(index % 64 + 64);
  return mantissa << shift;
}

uint64_t DelayHistogram::bucket_high(int index) {
  if (index < 128) return static_cast<uint64_t>(index);
  int shift = index / 64 - 1;
  return bucket_low(index) + (uint64_t{1} << shift) - 1;
}

void DelayHistogram::record(uint64_t delay_us) {
  ++counts_[bucket_of(delay_us)];
  ++count_;
  sum_us_ += delay_us;
  max_us_ = std::max(max_us_, delay_us);
}

void DelayHistogram::merge(const DelayHistogram& other) {
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_us_ += other.sum_us_;
  max_us_ = std::max(max_us_, other.max_us_);
}

void DelayHistogram::clear() { *this = DelayHistogram{}; }

uint64_t DelayHistogram::percentile_us(double fraction) const {
  if (count_ == 0) return 0;
  fraction = std::clamp(fraction, 0.0, 1.0);
  // Rank of the sample wanted, 1-based: the smallest r with r >= fraction * count.
  uint64_t rank = static_cast<uint64_t>(std::ceil(fraction * static_cast<double>(count_)));
  rank = std::clamp<uint64_t>(rank, 1, count_);
  uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      uint64_t mid = (bucket_low(i) + bucket_high(i)) / 2;
      return std::min(mid, max_us_);
    }
  }
  return max_us_;
}

}  // namespace iocplab::stress
