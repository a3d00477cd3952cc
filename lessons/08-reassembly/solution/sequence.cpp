// sequence.cpp — stage 08's exercise, solved.
#include "sequence.h"

#include "packet.h"

bool SequenceChecker::check(const char* packet, size_t size) {
  if (size < kHeaderSize + 4) return false;
  auto* b = reinterpret_cast<const unsigned char*>(packet + kHeaderSize);
  uint32_t seq = (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
  if (seq != expected_) return false;
  ++expected_;
  return true;
}
