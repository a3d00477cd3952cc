// SendQueue: gathering into one WSABUF array, partial completions, the send limit.
#include <gtest/gtest.h>

#include <memory>
#include <numeric>

#include "send_queue.h"

using iocplab::net::Bytes;
using iocplab::net::SendQueue;

namespace {
Bytes bytes(size_t n, uint8_t first = 0) {
  auto v = std::make_shared<std::vector<uint8_t>>(n);
  std::iota(v->begin(), v->end(), first);
  return v;
}
}  // namespace

TEST(SendQueue, GathersEverythingQueuedIntoOneSend) {
  SendQueue q(1 << 20);
  ASSERT_TRUE(q.push(bytes(10)));
  ASSERT_TRUE(q.push(bytes(20)));
  ASSERT_TRUE(q.push(bytes(30)));
  WSABUF bufs[8];
  size_t total = 0;
  ASSERT_EQ(q.gather(bufs, 8, &total), 3u);
  EXPECT_EQ(total, 60u);
  EXPECT_EQ(bufs[0].len, 10u);
  EXPECT_EQ(bufs[2].len, 30u);
  EXPECT_TRUE(q.in_flight());
  EXPECT_EQ(q.gather(bufs, 8, &total), 0u) << "one send in flight at a time";
  q.complete(60);
  EXPECT_TRUE(q.idle());
  EXPECT_EQ(q.held_bytes(), 0u);
}

TEST(SendQueue, BuffersQueuedDuringASendGoInTheNextOne) {
  SendQueue q(1 << 20);
  q.push(bytes(5));
  WSABUF bufs[8];
  size_t total = 0;
  ASSERT_EQ(q.gather(bufs, 8, &total), 1u);
  q.push(bytes(6));
  q.push(bytes(7));
  q.complete(5);
  EXPECT_FALSE(q.in_flight());
  ASSERT_EQ(q.gather(bufs, 8, &total), 2u);
  EXPECT_EQ(total, 13u);
}

TEST(SendQueue, GatherIsBoundedByTheArraySize) {
  SendQueue q(1 << 20);
  for (int i = 0; i < 10; ++i) q.push(bytes(4));
  WSABUF bufs[4];
  size_t total = 0;
  EXPECT_EQ(q.gather(bufs, 4, &total), 4u);
  EXPECT_EQ(total, 16u);
  q.complete(16);
  EXPECT_EQ(q.buffers(), 6u);
}

TEST(SendQueue, PartialCompletionResendsTheRemainderFirst) {
  SendQueue q(1 << 20);
  q.push(bytes(10, 0));
  q.push(bytes(10, 100));
  WSABUF bufs[8];
  size_t total = 0;
  q.gather(bufs, 8, &total);
  q.complete(13);  // the first buffer and 3 bytes of the second
  EXPECT_EQ(q.held_bytes(), 7u);
  ASSERT_EQ(q.gather(bufs, 8, &total), 1u);
  EXPECT_EQ(total, 7u);
  EXPECT_EQ(static_cast<uint8_t>(bufs[0].buf[0]), 103);
}

TEST(SendQueue, RefusesWhatWouldExceedTheLimitCountingBytesInFlight) {
  SendQueue q(100);
  ASSERT_TRUE(q.push(bytes(60)));
  WSABUF bufs[8];
  size_t total = 0;
  q.gather(bufs, 8, &total);  // 60 bytes in flight still count
  EXPECT_TRUE(q.push(bytes(40))) << "exactly at the limit is allowed";
  EXPECT_FALSE(q.push(bytes(1))) << "one byte over is a slow reader";
  EXPECT_EQ(q.held_bytes(), 100u);
  q.complete(60);
  EXPECT_TRUE(q.push(bytes(60)));
}

TEST(SendQueue, ClearReleasesTheBuffers) {
  SendQueue q(1000);
  Bytes b = bytes(50);
  std::weak_ptr<const std::vector<uint8_t>> watch = b;
  q.push(std::move(b));
  WSABUF bufs[8];
  size_t total = 0;
  q.gather(bufs, 8, &total);
  q.clear();
  EXPECT_TRUE(watch.expired());
  EXPECT_TRUE(q.idle());
  q.complete(50);  // a completion after clear is ignored
  EXPECT_EQ(q.held_bytes(), 0u);
}

TEST(SendQueue, EmptyAndNullBuffersAreIgnored) {
  SendQueue q(10);
  EXPECT_TRUE(q.push(nullptr));
  EXPECT_TRUE(q.push(bytes(0)));
  EXPECT_TRUE(q.idle());
}

TEST(SendQueue, DropQueuedKeepsTheBuffersOfTheSendInFlight) {
  SendQueue q(1 << 20);
  Bytes a = bytes(100), b = bytes(50);
  std::weak_ptr<const std::vector<uint8_t>> wa = a, wb = b;
  q.push(std::move(a));
  WSABUF bufs[8];
  size_t total = 0;
  ASSERT_EQ(q.gather(bufs, 8, &total), 1u);
  q.push(std::move(b));  // queued behind the send in flight
  q.drop_queued();
  EXPECT_FALSE(wa.expired()) << "the kernel may still read the send in flight";
  EXPECT_TRUE(wb.expired());
  EXPECT_EQ(q.held_bytes(), 100u);
  q.clear();  // its completion was dequeued
  EXPECT_TRUE(wa.expired());
  EXPECT_EQ(q.held_bytes(), 0u);
}

// push_copy: the frames of one session in one contiguous block of the queue's own.
namespace {
std::vector<uint8_t> seq(size_t n, uint8_t first) {
  std::vector<uint8_t> v(n);
  std::iota(v.begin(), v.end(), first);
  return v;
}
std::vector<uint8_t> joined(const WSABUF* bufs, size_t n) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i < n; ++i) out.insert(out.end(), bufs[i].buf, bufs[i].buf + bufs[i].len);
  return out;
}
}  // namespace

TEST(SendQueue, CopiedFramesGoOutAsOneContiguousBuffer) {
  SendQueue q(1 << 20);
  for (int i = 0; i < 16; ++i) ASSERT_TRUE(q.push_copy(seq(1024, static_cast<uint8_t>(i))));
  EXPECT_EQ(q.buffers(), 1u) << "sixteen copied frames, one block";
  WSABUF bufs[8];
  size_t total = 0;
  ASSERT_EQ(q.gather(bufs, 8, &total), 1u);
  EXPECT_EQ(total, 16u * 1024);
  std::vector<uint8_t> want;
  for (int i = 0; i < 16; ++i) {
    auto f = seq(1024, static_cast<uint8_t>(i));
    want.insert(want.end(), f.begin(), f.end());
  }
  EXPECT_EQ(joined(bufs, 1), want);
  q.complete(total);
  EXPECT_TRUE(q.idle());
  EXPECT_EQ(q.held_bytes(), 0u);
}

TEST(SendQueue, ABlockInFlightIsNeverWrittenOrMoved) {
  SendQueue q(1 << 20);
  q.push_copy(seq(100, 0));
  WSABUF bufs[8];
  size_t total = 0;
  ASSERT_EQ(q.gather(bufs, 8, &total), 1u);
  const CHAR* in_flight = bufs[0].buf;
  const std::vector<uint8_t> before(in_flight, in_flight + bufs[0].len);
  for (int i = 0; i < 200; ++i) q.push_copy(seq(500, 7));  // would reallocate a growing block
  EXPECT_EQ(bufs[0].buf, in_flight);
  EXPECT_EQ(std::vector<uint8_t>(in_flight, in_flight + 100), before) << "the kernel may be reading it";
  EXPECT_EQ(q.buffers(), 3u) << "the in-flight block, then new blocks of at most 64 KiB";
  q.complete(100);
  size_t n = q.gather(bufs, 8, &total);
  EXPECT_EQ(n, 2u);
  EXPECT_EQ(total, 200u * 500);
}

TEST(SendQueue, SharedAndCopiedFramesKeepTheirOrder) {
  SendQueue q(1 << 20);
  q.push_copy(seq(3, 1));
  q.push(bytes(2, 50));
  q.push_copy(seq(3, 4));
  q.push_copy(seq(3, 7));
  EXPECT_EQ(q.buffers(), 3u) << "a shared buffer ends the block before it";
  WSABUF bufs[8];
  size_t total = 0;
  ASSERT_EQ(q.gather(bufs, 8, &total), 3u);
  EXPECT_EQ(joined(bufs, 3), (std::vector<uint8_t>{1, 2, 3, 50, 51, 4, 5, 6, 7, 8, 9}));
}

TEST(SendQueue, APartlySentBlockSendsItsRemainderBeforeWhatCameLater) {
  SendQueue q(1 << 20);
  q.push_copy(seq(10, 0));
  WSABUF bufs[8];
  size_t total = 0;
  q.gather(bufs, 8, &total);
  q.push_copy(seq(5, 100));  // queued while the first block is in flight
  q.complete(4);
  ASSERT_EQ(q.gather(bufs, 8, &total), 2u);
  EXPECT_EQ(total, 11u);
  EXPECT_EQ(joined(bufs, 2), (std::vector<uint8_t>{4, 5, 6, 7, 8, 9, 100, 101, 102, 103, 104}));
}

TEST(SendQueue, CopiesCountTowardsTheLimitAndDropQueuedKeepsTheBlockInFlight) {
  SendQueue q(100);
  ASSERT_TRUE(q.push_copy(seq(60, 0)));
  WSABUF bufs[8];
  size_t total = 0;
  q.gather(bufs, 8, &total);
  EXPECT_TRUE(q.push_copy(seq(40, 0)));
  EXPECT_FALSE(q.push_copy(seq(1, 0))) << "one byte over is a slow reader";
  q.drop_queued();
  EXPECT_EQ(q.held_bytes(), 60u);
  EXPECT_EQ(q.buffers(), 1u);
  EXPECT_EQ(static_cast<uint8_t>(bufs[0].buf[59]), 59) << "the block in flight is intact";
  EXPECT_TRUE(q.push_copy(std::span<const uint8_t>{})) << "empty: accepted, ignored";
  q.clear();
  EXPECT_TRUE(q.idle());
}

TEST(SendQueue, ASentBlockIsKeptAndFilledAgainByTheNextCopies) {
  SendQueue q(1 << 20);
  WSABUF bufs[8];
  size_t total = 0;
  ASSERT_TRUE(q.push_copy(seq(4096, 1)));
  ASSERT_EQ(q.gather(bufs, 8, &total), 1u);
  const CHAR* first_block = bufs[0].buf;
  EXPECT_FALSE(q.has_spare_block()) << "in flight: not free yet";
  q.complete(total);
  EXPECT_TRUE(q.has_spare_block());
  ASSERT_TRUE(q.push_copy(seq(3000, 2)));
  EXPECT_FALSE(q.has_spare_block()) << "the spare became the new block";
  ASSERT_EQ(q.gather(bufs, 8, &total), 1u);
  EXPECT_EQ(bufs[0].buf, first_block) << "the same memory, no new allocation";
  EXPECT_EQ(joined(bufs, 1), seq(3000, 2)) << "emptied before reuse";
  q.complete(total);
  q.clear();
  EXPECT_FALSE(q.has_spare_block()) << "clear releases the spare too";
}

TEST(SendQueue, ABigSentBlockIsFreedNotKept) {
  SendQueue q(1 << 20);
  WSABUF bufs[8];
  size_t total = 0;
  ASSERT_TRUE(q.push_copy(seq(40 * 1024, 3)));
  ASSERT_EQ(q.gather(bufs, 8, &total), 1u);
  q.complete(total);
  EXPECT_FALSE(q.has_spare_block()) << "more than 16 KiB per session is not held idle";
}

TEST(SendQueue, ASharedFrameIsNeverTakenAsTheSpare) {
  SendQueue q(1 << 20);
  WSABUF bufs[8];
  size_t total = 0;
  ASSERT_TRUE(q.push(bytes(100)));
  ASSERT_EQ(q.gather(bufs, 8, &total), 1u);
  q.complete(total);
  EXPECT_FALSE(q.has_spare_block()) << "a frame the caller shares is not ours to refill";
}
