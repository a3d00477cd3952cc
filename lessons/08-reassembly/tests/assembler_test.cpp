// Stage 08 checks on the Assembler alone: every split of a stream gives the same
// packets; impossible sizes are rejected before they are trusted.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "packet.h"

namespace {

std::vector<std::string> feed_all(Assembler& a, const std::vector<std::string>& chunks, bool* valid) {
  std::vector<std::string> packets;
  *valid = true;
  for (const std::string& chunk : chunks)
    if (!a.feed(chunk.data(), chunk.size(), [&](const char* p, size_t n) { packets.emplace_back(p, n); })) {
      *valid = false;
      break;
    }
  return packets;
}

// Several packets of different sizes, including the smallest and the largest.
std::vector<std::string> sample_packets() {
  return {make_packet(1, ""), make_packet(2, "move"), make_packet(3, std::string(1021, 'x')),
          make_packet(4, "chat: hello"), make_packet(250, std::string(300, '\x7f'))};
}

std::string join(const std::vector<std::string>& parts) {
  std::string all;
  for (auto& p : parts) all += p;
  return all;
}

TEST(Assembler, ManyPacketsInOneRecv) {
  Assembler a;
  bool valid;
  auto expected = sample_packets();
  EXPECT_EQ(feed_all(a, {join(expected)}, &valid), expected);
  EXPECT_TRUE(valid);
  EXPECT_EQ(a.buffered(), 0u);
}

TEST(Assembler, EveryTwoWaySplitGivesTheSamePackets) {
  auto expected = sample_packets();
  std::string stream = join(expected);
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    Assembler a;
    bool valid;
    auto got = feed_all(a, {stream.substr(0, cut), stream.substr(cut)}, &valid);
    ASSERT_TRUE(valid) << "cut at " << cut;
    ASSERT_EQ(got, expected) << "cut at " << cut;
  }
}

TEST(Assembler, EveryThreeWaySplitAroundEachHeader) {
  // Cut twice near every packet boundary (inside the header, right after it, ...).
  auto expected = sample_packets();
  std::string stream = join(expected);
  for (size_t first = 0; first < stream.size(); first += 7)
    for (size_t second = first; second <= std::min(stream.size(), first + 12); ++second) {
      Assembler a;
      bool valid;
      auto got = feed_all(a, {stream.substr(0, first), stream.substr(first, second - first), stream.substr(second)}, &valid);
      ASSERT_EQ(got, expected) << "cuts at " << first << " and " << second;
    }
}

TEST(Assembler, OneByteAtATime) {
  auto expected = sample_packets();
  std::string stream = join(expected);
  std::vector<std::string> bytes;
  for (char ch : stream) bytes.emplace_back(1, ch);
  Assembler a;
  bool valid;
  EXPECT_EQ(feed_all(a, bytes, &valid), expected);
  EXPECT_TRUE(valid);
}

TEST(Assembler, KeepsAnUnfinishedPacketForTheNextRecv) {
  std::string p = make_packet(9, "abcdef");
  Assembler a;
  bool valid;
  EXPECT_TRUE(feed_all(a, {p.substr(0, 5)}, &valid).empty());
  EXPECT_EQ(a.buffered(), 5u);
  EXPECT_EQ(feed_all(a, {p.substr(5)}, &valid), std::vector<std::string>{p});
  EXPECT_EQ(a.buffered(), 0u);
}

TEST(Assembler, RejectsSizesOutsideThreeTo1024) {
  for (unsigned size : {0u, 1u, 2u, 1025u, 4000u, 65535u}) {
    std::string bad;
    bad += (char)(size & 0xFF);
    bad += (char)(size >> 8);
    bad += (char)1;
    bad += std::string(10, 'z');
    for (size_t cut : {(size_t)0, (size_t)1, (size_t)2, (size_t)3}) {  // the header itself split too
      Assembler a;
      bool valid;
      auto got = feed_all(a, {make_packet(1, "ok") + bad.substr(0, cut), bad.substr(cut)}, &valid);
      EXPECT_FALSE(valid) << "size " << size << " cut " << cut;
      EXPECT_EQ(got.size(), 1u) << "the good packet before it is still delivered";
    }
  }
}

TEST(Assembler, AcceptsTheSmallestAndLargestPacket) {
  Assembler a;
  bool valid;
  auto expected = std::vector<std::string>{make_packet(1, ""), make_packet(2, std::string(1021, 'm'))};
  ASSERT_EQ(expected[1].size(), 1024u);
  EXPECT_EQ(feed_all(a, {join(expected)}, &valid), expected);
  EXPECT_TRUE(valid);
}

}  // namespace
