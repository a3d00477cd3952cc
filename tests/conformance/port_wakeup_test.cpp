// A posted completion reaches an idle waiting thread at once, even when it arrives
// together with socket I/O that another thread takes. (The epoll engine once let the
// thread that took the I/O swallow the wake-up meant for the idle one: the posted packet
// then waited until the busy thread came back, here 500 ms later.)
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "completion.h"
#include "handles.h"
#include "sockets.h"

using namespace conf;

namespace {
using Clock = std::chrono::steady_clock;
constexpr ULONG_PTR kSocketKey = 1, kPostKey = 2, kStopKey = 3;
constexpr auto kBusyHandler = std::chrono::milliseconds(500);  // the thread that took the recv
constexpr auto kBound = std::chrono::milliseconds(300);        // generous; the bug gives >= 500
constexpr int kRounds = 6;
}  // namespace

TEST(PortWakeup, PostedCompletionReachesAnIdleWaiterWhileAnotherHandlesIo) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), kSocketKey));

  std::mutex mu;
  std::condition_variable cv;
  int recvs_done = 0, posts_done = 0;
  Clock::time_point posted_at{}, delivered_at{};
  auto worker = [&] {
    for (int i = 0; i < 1000; ++i) {
      Completion c = wait_completion(port.get(), 10000);
      if (c.timed_out() || c.key == kStopKey) return;
      if (c.key == kSocketKey) {
        std::this_thread::sleep_for(kBusyHandler);  // a long handler: this thread is busy
        std::lock_guard lock(mu);
        ++recvs_done;
      } else if (c.key == kPostKey) {
        std::lock_guard lock(mu);
        delivered_at = Clock::now();
        ++posts_done;
      }
      cv.notify_all();
    }
  };
  std::thread a(worker), b(worker);

  char buf[8];
  WSABUF wb{sizeof buf, buf};
  std::vector<long long> latencies_ms;
  for (int round = 0; round < kRounds; ++round) {
    Overlapped ov;
    int rc = start_recv(pair.server.get(), &wb, 1, &ov);
    ASSERT_EQ(rc, WSA_IO_PENDING) << rc;
    std::this_thread::sleep_for(std::chrono::milliseconds(30));  // both threads asleep on the port
    // The post and the data arrive within microseconds of each other, so one waking
    // thread tends to see both.
    {
      std::lock_guard lock(mu);
      posted_at = Clock::now();
    }
    ASSERT_TRUE(PostQueuedCompletionStatus(port.get(), 0, kPostKey, nullptr));
    ASSERT_TRUE(send_all(pair.client.get(), "x", 1));
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return posts_done == round + 1 && recvs_done == round + 1; }))
        << "round " << round << ": posts " << posts_done << ", recvs " << recvs_done;
    latencies_ms.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(delivered_at - posted_at).count());
  }
  for (int i = 0; i < 2; ++i) PostQueuedCompletionStatus(port.get(), 0, kStopKey, nullptr);
  a.join();
  b.join();
  for (size_t i = 0; i < latencies_ms.size(); ++i)
    EXPECT_LT(latencies_ms[i], kBound.count()) << "round " << i << ": the posted completion waited "
                                               << latencies_ms[i] << " ms for a busy thread";
}
