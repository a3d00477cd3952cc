// Stage 05 exercise, solved: sequence numbers. Every packet's data starts with a u32
// sequence number (little-endian), 1, 2, 3, ... A receiver that checks it notices a lost,
// repeated or reordered packet at once, instead of acting on it.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "packet.h"

namespace {

// The solution.
class SequenceChecker {
 public:
  // False when the packet is too short to hold a number, or its number is not the next one.
  bool check(const char* packet, size_t size) {
    if (size < kHeaderSize + 4) return false;
    auto* b = reinterpret_cast<const unsigned char*>(packet + kHeaderSize);
    uint32_t seq = (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
    if (seq != expected_) return false;
    ++expected_;
    return true;
  }

 private:
  uint32_t expected_ = 1;
};

std::string numbered(uint32_t seq, const std::string& data) {
  std::string d;
  for (int i = 0; i < 4; ++i) d += (char)((seq >> (8 * i)) & 0xFF);
  return make_packet(2, d + data);
}

int count_accepted(const std::string& stream, size_t chunk) {
  Assembler assembler;
  SequenceChecker checker;
  int accepted = 0;
  bool in_order = true;
  for (size_t at = 0; at < stream.size() && in_order; at += chunk)
    assembler.feed(stream.data() + at, std::min(chunk, stream.size() - at), [&](const char* p, size_t n) {
      if (in_order && checker.check(p, n)) ++accepted;
      else in_order = false;
    });
  return accepted;
}

TEST(Exercise05, InOrderPacketsPassWhateverTheSplit) {
  std::string stream;
  for (uint32_t s = 1; s <= 50; ++s) stream += numbered(s, std::string(s, 'm'));
  for (size_t chunk : {(size_t)1, (size_t)5, (size_t)64, (size_t)5000}) EXPECT_EQ(count_accepted(stream, chunk), 50);
}

TEST(Exercise05, ALostPacketIsNoticed) {
  std::string stream = numbered(1, "a") + numbered(2, "b") + numbered(4, "d");
  EXPECT_EQ(count_accepted(stream, 3), 2);
}

TEST(Exercise05, ARepeatedPacketIsNoticed) {
  std::string stream = numbered(1, "a") + numbered(1, "a") + numbered(2, "b");
  EXPECT_EQ(count_accepted(stream, 1000), 1);
}

}  // namespace
