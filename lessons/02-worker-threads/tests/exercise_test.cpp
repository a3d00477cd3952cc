// Stage 02 exercise, solved: stop the whole pool with ONE posted quit. A worker that
// dequeues the quit posts it again before it leaves, so the next worker gets it too.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "workers.h"

namespace {

using namespace std::chrono_literals;

// The solution: the worker loop with a chained quit.
void chained_worker_loop(HANDLE port) {
  for (;;) {
    Completion c = dequeue_completion(port, INFINITE);
    if (c.key == kQuitKey) {
      PostQueuedCompletionStatus(port, 0, kQuitKey, nullptr);  // pass it on
      return;
    }
    if (!c.ok && c.overlapped == nullptr) return;
  }
}

TEST(Exercise02, OneQuitStopsEveryWorker) {
  HANDLE port = create_completion_port();
  ASSERT_NE(port, nullptr);
  std::mutex lock;
  std::condition_variable cv;
  int finished = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      chained_worker_loop(port);
      std::lock_guard<std::mutex> guard(lock);
      ++finished;
      cv.notify_one();
    });
  ASSERT_TRUE(PostQueuedCompletionStatus(port, 0, kQuitKey, nullptr));
  bool all;
  {
    std::unique_lock<std::mutex> guard(lock);
    all = cv.wait_for(guard, 5s, [&] { return finished == 4; });
  }
  if (!all)  // unblock the stragglers so the test can end and report
    for (int i = 0; i < 4; ++i) PostQueuedCompletionStatus(port, 0, kQuitKey, nullptr);
  for (std::thread& t : threads) t.join();
  EXPECT_TRUE(all) << "one quit did not reach every worker";
  // The last worker re-posted the quit too: exactly one is left in the port.
  EXPECT_EQ(dequeue_completion(port, 0).key, kQuitKey);
  CloseHandle(port);
}

}  // namespace
