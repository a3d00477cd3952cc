// GetQueuedCompletionStatusEx: several entries in one call, bounded by the count asked.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>

#include "completion.h"
#include "handles.h"
#include "sockets.h"

using namespace conf;

namespace {
// One GetQueuedCompletionStatusEx call; returns its BOOL, sets removed and error.
BOOL dequeue_batch(HANDLE port, OVERLAPPED_ENTRY* entries, ULONG count, ULONG* removed,
                   DWORD* error, DWORD ms) {
  *removed = 12345;
  SetLastError(0);
  BOOL ok = GetQueuedCompletionStatusEx(port, entries, count, removed, ms, FALSE);
  *error = ok ? 0 : GetLastError();
  return ok;
}
}  // namespace

TEST(PortBatch, ExDequeuesSeveralEntriesInOneCall) {
  Port port;
  ASSERT_TRUE(port.valid());
  constexpr int kPosted = 5;
  OVERLAPPED ov[kPosted];
  std::memset(ov, 0, sizeof ov);
  for (int i = 0; i < kPosted; ++i)
    ASSERT_TRUE(PostQueuedCompletionStatus(port.get(), 100 + i, 10 + i, &ov[i]));

  OVERLAPPED_ENTRY entries[8];
  std::memset(entries, 0, sizeof entries);
  ULONG removed = 0;
  DWORD error = 0;
  ASSERT_TRUE(dequeue_batch(port.get(), entries, 8, &removed, &error, kWaitMs)) << error;
  ASSERT_EQ(removed, static_cast<ULONG>(kPosted)) << "all queued packets come out in one call";
  for (int i = 0; i < kPosted; ++i) {
    EXPECT_EQ(entries[i].lpOverlapped, &ov[i]) << "entry " << i;
    EXPECT_EQ(entries[i].lpCompletionKey, static_cast<ULONG_PTR>(10 + i));
    EXPECT_EQ(entries[i].dwNumberOfBytesTransferred, static_cast<DWORD>(100 + i));
  }
  EXPECT_EQ(drain_completions(port.get()), 0);
}

TEST(PortBatch, ExTakesNoMoreEntriesThanAsked) {
  Port port;
  ASSERT_TRUE(port.valid());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(PostQueuedCompletionStatus(port.get(), i, 1, nullptr));

  OVERLAPPED_ENTRY entries[5];
  std::memset(entries, 0, sizeof entries);
  ULONG removed = 0;
  DWORD error = 0;
  ASSERT_TRUE(dequeue_batch(port.get(), entries, 3, &removed, &error, kWaitMs)) << error;
  EXPECT_EQ(removed, 3u);
  std::memset(entries, 0, sizeof entries);
  ASSERT_TRUE(dequeue_batch(port.get(), entries, 5, &removed, &error, kWaitMs)) << error;
  ASSERT_EQ(removed, 2u);
  EXPECT_EQ(entries[0].dwNumberOfBytesTransferred, 3u);
  EXPECT_EQ(entries[1].dwNumberOfBytesTransferred, 4u);
}

// Only the result and the error are documented for a time-out; ulNumEntriesRemoved is not
// (Wine leaves 1 in it), so it is not checked.
TEST(PortBatch, ExTimesOutWithWaitTimeout) {
  Port port;
  ASSERT_TRUE(port.valid());
  OVERLAPPED_ENTRY entries[4];
  ULONG removed = 0;
  DWORD error = 0;
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(dequeue_batch(port.get(), entries, 4, &removed, &error, 100));
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(error, err(WAIT_TIMEOUT));
  EXPECT_GE(waited, std::chrono::milliseconds(80)) << "returned before the time-out";
  EXPECT_LT(waited, std::chrono::milliseconds(3000)) << "did not return at the time-out";
}

TEST(PortBatch, ExReturnsIoCompletionsAndPostsAlike) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 31));
  char buf[8];
  WSABUF wb{sizeof buf, buf};
  Overlapped recv_ov, post_ov;
  ASSERT_TRUE(started(start_recv(pair.server.get(), &wb, 1, &recv_ov)));
  ASSERT_TRUE(send_all(pair.client.get(), "io", 2));
  ASSERT_TRUE(PostQueuedCompletionStatus(port.get(), 77, 32, &post_ov));

  bool saw_recv = false, saw_post = false;
  for (int call = 0; call < 4 && !(saw_recv && saw_post); ++call) {
    OVERLAPPED_ENTRY entries[4];
    ULONG removed = 0;
    DWORD error = 0;
    ASSERT_TRUE(dequeue_batch(port.get(), entries, 4, &removed, &error, kWaitMs)) << error;
    for (ULONG i = 0; i < removed; ++i) {
      if (entries[i].lpOverlapped == &recv_ov) {
        EXPECT_FALSE(saw_recv);
        saw_recv = true;
        EXPECT_EQ(entries[i].lpCompletionKey, static_cast<ULONG_PTR>(31));
        EXPECT_EQ(entries[i].dwNumberOfBytesTransferred, 2u);
      } else if (entries[i].lpOverlapped == &post_ov) {
        EXPECT_FALSE(saw_post);
        saw_post = true;
        EXPECT_EQ(entries[i].lpCompletionKey, static_cast<ULONG_PTR>(32));
        EXPECT_EQ(entries[i].dwNumberOfBytesTransferred, 77u);
      } else {
        ADD_FAILURE() << "unknown entry";
      }
    }
  }
  EXPECT_TRUE(saw_recv);
  EXPECT_TRUE(saw_post);
  EXPECT_EQ(drain_completions(port.get()), 0);
}
