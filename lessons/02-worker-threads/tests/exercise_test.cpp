// Stage 02 exercise check: Workers::stop() posts ONE quit, and it still stops every worker
// (a worker that dequeues the quit posts it again before it leaves). Solved in
// solution/solution.patch; check your workers.cpp with ./lab lesson 02 --check.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "workers.h"

namespace {

TEST(Exercise02, OneQuitStopsEveryWorkerAndOneIsLeftOver) {
  HANDLE port = create_completion_port();
  ASSERT_NE(port, nullptr);
  Workers workers;
  workers.start(port, 4, [](const Completion&, int) {});
  std::atomic<bool> stopped{false};
  std::thread stopper([&] {
    workers.stop();
    stopped = true;
  });
  // Bounded wait: with a quit that is not passed on, stop() would wait for ever in join.
  for (int i = 0; i < 250 && !stopped; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  bool all_stopped = stopped;
  if (!all_stopped)  // unblock the stragglers so the test can end and report
    for (int i = 0; i < 4; ++i) PostQueuedCompletionStatus(port, 0, kQuitKey, nullptr);
  stopper.join();
  EXPECT_TRUE(all_stopped) << "one quit did not reach every worker";
  // The last worker passed the quit on too, so exactly one is left in the port.
  Completion left = dequeue_completion(port, 0);
  EXPECT_TRUE(left.ok && left.key == kQuitKey) << "expected the one quit the last worker passed on";
  EXPECT_FALSE(dequeue_completion(port, 0).ok) << "more than one quit was posted";
  CloseHandle(port);
}

}  // namespace
