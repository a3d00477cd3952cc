// WorkerPool: per-thread counters as the telemetry frames report them.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "completion_port.h"
#include "worker_pool.h"

using namespace iocplab::net;
using namespace std::chrono_literals;

// A worker blocked in GetQueuedCompletionStatus for a whole snapshot interval must show
// that interval as waiting, not only once its wait ends (the client draws idle time
// from the difference between two snapshots 200 ms apart).
TEST(WorkerPool, AWaitInProgressCountsAsWaitTime) {
  CompletionPort port;
  WorkerPool pool(port, [](const Completion&) { return Handled::Posted; });
  pool.start(2);
  std::this_thread::sleep_for(50ms);  // both threads reach their wait
  auto before = pool.stats();
  std::this_thread::sleep_for(300ms);
  auto after = pool.stats();
  ASSERT_EQ(before.size(), 2u);
  ASSERT_EQ(after.size(), 2u);
  for (size_t i = 0; i < after.size(); ++i) {
    uint32_t waited = after[i].wait_us - before[i].wait_us;
    EXPECT_GE(waited, 250'000u) << "thread " << i << " idle for 300 ms showed " << waited << " us waiting";
    EXPECT_GE(after[i].wait_us, before[i].wait_us) << "wait_us went backwards";
  }
  pool.stop();
}

TEST(WorkerPool, CountsPostedCompletionsPerThread) {
  CompletionPort port;
  std::atomic<int> handled{0};
  WorkerPool pool(port, [&](const Completion&) {
    ++handled;
    return Handled::Posted;
  });
  pool.start(2);
  constexpr int kPosts = 100;
  for (int i = 0; i < kPosts; ++i) ASSERT_TRUE(port.post(7, nullptr));
  auto end = std::chrono::steady_clock::now() + 5s;
  while (handled.load() < kPosts && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(1ms);
  pool.stop();
  uint32_t posted = 0;
  for (const auto& s : pool.stats()) posted += s.posted;
  EXPECT_EQ(handled.load(), kPosts);
  EXPECT_EQ(posted, static_cast<uint32_t>(kPosts));
}
