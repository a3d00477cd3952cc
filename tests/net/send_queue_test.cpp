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
