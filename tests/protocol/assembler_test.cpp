// PacketAssembler property tests: random frame sequences come out identical however the
// stream is split; bad sizes are rejected as soon as their two bytes are known.
#include <gtest/gtest.h>

#include <random>

#include "protocol/packet_assembler.h"
#include "test_bytes.h"

namespace iocplab::proto {
namespace {

using Bytes = std::vector<uint8_t>;
using Frames = std::vector<Bytes>;

// A random frame: any type byte, size 3..1024 (mostly small), random payload.
Bytes random_frame(std::mt19937& rng) {
  std::uniform_int_distribution<int> byte(0, 255), pick(0, 9);
  const int p = pick(rng);
  const size_t size = p < 6   ? std::uniform_int_distribution<size_t>(3, 40)(rng)
                      : p < 9 ? std::uniform_int_distribution<size_t>(3, 1024)(rng)
                              : (byte(rng) % 2 ? 3 : 1024);  // the extremes
  Bytes f = test::raw_frame(size, static_cast<uint8_t>(byte(rng)), size);
  for (size_t i = 3; i < size; ++i) f[i] = static_cast<uint8_t>(byte(rng));
  return f;
}

Frames random_frames(std::mt19937& rng, size_t count) {
  Frames frames;
  for (size_t i = 0; i < count; ++i) frames.push_back(random_frame(rng));
  return frames;
}

Bytes join(const Frames& frames) {
  Bytes out;
  for (const Bytes& f : frames) out.insert(out.end(), f.begin(), f.end());
  return out;
}

// Feeds `stream` cut at the given offsets (ascending, inside the stream) and collects frames.
Frames feed_split(const Bytes& stream, const std::vector<size_t>& cuts) {
  PacketAssembler a;
  Frames out;
  size_t from = 0;
  auto feed = [&](size_t to) {
    auto st = a.feed(std::span<const uint8_t>(stream.data() + from, to - from),
                     [&](std::span<const uint8_t> f) { out.emplace_back(f.begin(), f.end()); });
    EXPECT_EQ(st, PacketAssembler::Status::Ok);
    from = to;
  };
  for (size_t cut : cuts) feed(cut);
  feed(stream.size());
  EXPECT_EQ(a.buffered(), 0u);
  return out;
}

TEST(Assembler, WholeStreamInOneChunk) {
  std::mt19937 rng(1);
  for (int round = 0; round < 20; ++round) {
    Frames frames = random_frames(rng, 1 + rng() % 40);
    EXPECT_EQ(feed_split(join(frames), {}), frames);
  }
}

TEST(Assembler, SplitInTwoAtEveryByteBoundary) {
  std::mt19937 rng(2);
  for (int round = 0; round < 4; ++round) {
    Frames frames = random_frames(rng, 6);
    frames.push_back(test::raw_frame(1024, 16, 1024, 0x5A));  // a largest frame, split too
    frames.push_back(test::raw_frame(3, 4, 3));
    const Bytes stream = join(frames);
    for (size_t cut = 0; cut <= stream.size(); ++cut)
      ASSERT_EQ(feed_split(stream, {cut}), frames) << "cut at " << cut;
  }
}

TEST(Assembler, OneByteAtATime) {
  std::mt19937 rng(3);
  for (int round = 0; round < 10; ++round) {
    Frames frames = random_frames(rng, 30);
    const Bytes stream = join(frames);
    std::vector<size_t> cuts;
    for (size_t i = 1; i < stream.size(); ++i) cuts.push_back(i);
    ASSERT_EQ(feed_split(stream, cuts), frames);
  }
}

TEST(Assembler, RandomBoundaries) {
  std::mt19937 rng(4);
  for (int round = 0; round < 200; ++round) {
    Frames frames = random_frames(rng, 1 + rng() % 30);
    const Bytes stream = join(frames);
    std::vector<size_t> cuts;
    for (size_t at = 0;;) {
      at += 1 + rng() % (round % 2 ? 64 : 2000);
      if (at >= stream.size()) break;
      cuts.push_back(at);
    }
    ASSERT_EQ(feed_split(stream, cuts), frames) << "round " << round;
  }
}

TEST(Assembler, BufferedCountsTheIncompleteFrame) {
  PacketAssembler a;
  const Bytes f = test::raw_frame(10, 2, 10);
  int frames = 0;
  auto count = [&](std::span<const uint8_t>) { ++frames; };
  for (size_t i = 0; i < f.size(); ++i) {
    EXPECT_EQ(a.buffered(), i);
    EXPECT_EQ(a.feed(std::span(&f[i], 1), count), PacketAssembler::Status::Ok);
  }
  EXPECT_EQ(a.buffered(), 0u);
  EXPECT_EQ(frames, 1);
  EXPECT_EQ(a.feed({}, count), PacketAssembler::Status::Ok);  // an empty chunk changes nothing
}

// A good frame, then a header with a bad size, then bytes that must never be looked at.
Bytes stream_with_bad_size(size_t bad) {
  return test::cat({test::raw_frame(5, 3, 5, 'a'), test::bytes({int(bad & 0xFF), int(bad >> 8), 1}),
                    Bytes(40, 0x03)});
}

TEST(Assembler, RejectsBadSizesInOneChunk) {
  for (size_t bad : {0, 1, 2, 1025, 65535}) {
    PacketAssembler a;
    const Bytes stream = stream_with_bad_size(bad);
    Frames out;
    auto collect = [&](std::span<const uint8_t> f) { out.emplace_back(f.begin(), f.end()); };
    EXPECT_EQ(a.feed(stream, collect), PacketAssembler::Status::BadSize) << bad;
    ASSERT_EQ(out.size(), 1u);  // the good frame ahead of it still came out
    EXPECT_TRUE(a.failed());
    // Once failed, stays failed: nothing more comes out.
    EXPECT_EQ(a.feed(test::raw_frame(3, 4, 3), collect), PacketAssembler::Status::BadSize);
    EXPECT_EQ(out.size(), 1u);
    a.reset();
    EXPECT_EQ(a.feed(test::raw_frame(3, 4, 3), collect), PacketAssembler::Status::Ok);
    EXPECT_EQ(out.size(), 2u);
  }
}

TEST(Assembler, RejectsBadSizeAsSoonAsBothSizeBytesArrive) {
  for (size_t bad : {0, 1, 2, 1025, 65535}) {
    const Bytes stream = stream_with_bad_size(bad);
    // One byte at a time: Ok up to the first size byte, BadSize on the second.
    PacketAssembler a;
    int frames = 0;
    auto count = [&](std::span<const uint8_t>) { ++frames; };
    for (size_t i = 0; i < stream.size(); ++i) {
      const auto st = a.feed(std::span(&stream[i], 1), count);
      ASSERT_EQ(st, i < 6 ? PacketAssembler::Status::Ok : PacketAssembler::Status::BadSize)
          << "bad " << bad << " byte " << i;
    }
    EXPECT_EQ(frames, 1);
  }
}

TEST(Assembler, RejectsBadHeaderSplitAtEveryBoundary) {
  for (size_t bad : {0, 1, 2, 1025, 65535}) {
    const Bytes stream = stream_with_bad_size(bad);
    for (size_t cut = 0; cut <= stream.size(); ++cut) {
      PacketAssembler a;
      int frames = 0;
      auto count = [&](std::span<const uint8_t>) { ++frames; };
      const auto first = a.feed(std::span(stream.data(), cut), count);
      const auto second = a.feed(std::span(stream.data() + cut, stream.size() - cut), count);
      // The bad size is known once byte 6 (its second byte) is in.
      EXPECT_EQ(first, cut >= 7 ? PacketAssembler::Status::BadSize : PacketAssembler::Status::Ok);
      EXPECT_EQ(second, PacketAssembler::Status::BadSize);
      EXPECT_EQ(frames, 1) << "bad " << bad << " cut " << cut;
    }
  }
}

TEST(Assembler, BadSizeInsideACarriedFrameIsNotWaitedFor) {
  // 1 byte of header carried, the second byte makes 65535: rejected without waiting.
  PacketAssembler a;
  auto none = [](std::span<const uint8_t>) { ADD_FAILURE() << "no frame expected"; };
  EXPECT_EQ(a.feed(test::bytes({0xFF}), none), PacketAssembler::Status::Ok);
  EXPECT_EQ(a.buffered(), 1u);
  EXPECT_EQ(a.feed(test::bytes({0xFF}), none), PacketAssembler::Status::BadSize);
  EXPECT_EQ(a.buffered(), 0u);
}

}  // namespace
}  // namespace iocplab::proto
