// Stage 08 exercise check: SequenceChecker (exercise/sequence.cpp; solved in
// solution/sequence.cpp) notices a lost, repeated or reordered packet at once, however the
// stream was split into recvs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "packet.h"
#include "sequence.h"

namespace {

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

TEST(Exercise08, InOrderPacketsPassWhateverTheSplit) {
  std::string stream;
  for (uint32_t s = 1; s <= 50; ++s) stream += numbered(s, std::string(s, 'm'));
  for (size_t chunk : {(size_t)1, (size_t)5, (size_t)64, (size_t)5000}) EXPECT_EQ(count_accepted(stream, chunk), 50);
}

TEST(Exercise08, ALostPacketIsNoticed) {
  std::string stream = numbered(1, "a") + numbered(2, "b") + numbered(4, "d");
  EXPECT_EQ(count_accepted(stream, 3), 2);
}

TEST(Exercise08, ARepeatedPacketIsNoticed) {
  std::string stream = numbered(1, "a") + numbered(1, "a") + numbered(2, "b");
  EXPECT_EQ(count_accepted(stream, 1000), 1);
}

}  // namespace
