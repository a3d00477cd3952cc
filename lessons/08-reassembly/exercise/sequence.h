// sequence.h — stage 08's exercise: sequence numbers. Every packet's data starts with a
// u32 sequence number (little-endian): 1, 2, 3, ...
#pragma once

#include <cstddef>
#include <cstdint>

class SequenceChecker {
 public:
  // True when the packet holds a number (its data is at least 4 bytes) and that number is
  // the next one expected; then the next one after it is expected.
  bool check(const char* packet, size_t size);

 private:
  uint32_t expected_ = 1;
};
