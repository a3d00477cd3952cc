// Stage 01 checks: what goes into the port comes out once, unchanged, in order.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "completion.h"

namespace {

struct Port {  // closes the port at the end of the test
  HANDLE h = create_completion_port();
  ~Port() {
    if (h) CloseHandle(h);
  }
};

TEST(CompletionPort, CreatesAPort) {
  Port port;
  ASSERT_NE(port.h, nullptr);
}

TEST(CompletionPort, EmptyPortTimesOutWithNoOverlapped) {
  Port port;
  Completion c = dequeue_completion(port.h, 10);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.overlapped, nullptr);
  EXPECT_EQ(c.error, (DWORD)WAIT_TIMEOUT);
}

TEST(CompletionPort, PostedKeyBytesAndOverlappedComeBackUnchanged) {
  Port port;
  OVERLAPPED ov{};
  ASSERT_TRUE(PostQueuedCompletionStatus(port.h, 1234, 42, &ov));
  Completion c = dequeue_completion(port.h, 1000);
  EXPECT_TRUE(c.ok);
  EXPECT_EQ(c.key, 42u);
  EXPECT_EQ(c.bytes, 1234u);
  EXPECT_EQ(c.overlapped, &ov);
}

TEST(CompletionPort, EachCompletionIsDequeuedExactlyOnceInOrder) {
  Port port;
  constexpr int kJobs = 100;
  static OVERLAPPED jobs[kJobs];
  for (int i = 0; i < kJobs; ++i) ASSERT_TRUE(PostQueuedCompletionStatus(port.h, i, 1000 + i, &jobs[i]));
  std::set<OVERLAPPED*> seen;
  for (int i = 0; i < kJobs; ++i) {
    Completion c = dequeue_completion(port.h, 1000);
    ASSERT_NE(c.overlapped, nullptr) << "completion " << i << " missing";
    EXPECT_EQ(c.overlapped, &jobs[i]) << "a port posts and dequeues in order";
    EXPECT_EQ(c.key, (ULONG_PTR)(1000 + i));
    EXPECT_TRUE(seen.insert(c.overlapped).second) << "dequeued twice";
  }
  EXPECT_EQ(dequeue_completion(port.h, 0).overlapped, nullptr) << "nothing left over";
}

TEST(CompletionPort, ClosingThePortWakesAWaiterWithErrorAbandonedWait0) {
  HANDLE port = create_completion_port();
  ASSERT_NE(port, nullptr);
  Completion c;
  std::thread waiter([&] { c = dequeue_completion(port, 5000); });  // bounded: 5 s at most
  std::this_thread::sleep_for(std::chrono::milliseconds(100));        // let it start waiting
  CloseHandle(port);
  waiter.join();
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.overlapped, nullptr) << "nothing was dequeued";
  EXPECT_EQ(c.error, (DWORD)ERROR_ABANDONED_WAIT_0) << "not WAIT_TIMEOUT: the port went away";
}

TEST(CompletionPort, APostWithoutOverlappedIsTrueWithNullptr) {
  Port port;
  ASSERT_TRUE(PostQueuedCompletionStatus(port.h, 0, 7, nullptr));
  Completion c = dequeue_completion(port.h, 1000);
  EXPECT_TRUE(c.ok) << "TRUE: something was dequeued, although overlapped is nullptr";
  EXPECT_EQ(c.overlapped, nullptr);
  EXPECT_EQ(c.key, 7u);
}

}  // namespace
