// PostQueuedCompletionStatus: what goes in comes out, once, in order.
#include <gtest/gtest.h>

#include <cstdlib>
#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

#include "completion.h"
#include "handles.h"

using namespace conf;

TEST(PortPost, KeyBytesAndOverlappedRoundTrip) {
  Port port;
  ASSERT_TRUE(port.valid());
  OVERLAPPED ov;
  std::memset(&ov, 0, sizeof ov);
  ASSERT_TRUE(PostQueuedCompletionStatus(port.get(), 1234, 0xABCD, &ov));

  Completion c = wait_completion(port.get());
  EXPECT_TRUE(c.ok) << c;
  EXPECT_EQ(c.bytes, 1234u);
  EXPECT_EQ(c.key, static_cast<ULONG_PTR>(0xABCD));
  EXPECT_EQ(c.overlapped, &ov);
  EXPECT_EQ(drain_completions(port.get()), 0) << "a single post was delivered more than once";
}

TEST(PortPost, PointerSizedKeyAndMaximumByteCountSurvive) {
  Port port;
  ASSERT_TRUE(port.valid());
  int object = 0;
  const ULONG_PTR key = reinterpret_cast<ULONG_PTR>(&object);
  ASSERT_TRUE(PostQueuedCompletionStatus(port.get(), 0xFFFFFFFFu, key, nullptr));

  Completion c = wait_completion(port.get());
  EXPECT_TRUE(c.ok) << c;
  EXPECT_EQ(c.bytes, 0xFFFFFFFFu);
  EXPECT_EQ(c.key, key);
}

TEST(PortPost, NullOverlappedIsDeliveredAsSuccess) {
  Port port;
  ASSERT_TRUE(port.valid());
  ASSERT_TRUE(PostQueuedCompletionStatus(port.get(), 0, 42, nullptr));

  Completion c = wait_completion(port.get());
  EXPECT_TRUE(c.ok) << "a posted packet with a NULL OVERLAPPED is not a failure: " << c;
  EXPECT_EQ(c.key, static_cast<ULONG_PTR>(42));
  EXPECT_EQ(c.overlapped, nullptr);
  EXPECT_EQ(c.bytes, 0u);
}

TEST(PortPost, CompletionsDequeueInPostOrder) {
  Port port;
  ASSERT_TRUE(port.valid());
  constexpr int kCount = 32;
  OVERLAPPED ov[kCount];
  std::memset(ov, 0, sizeof ov);
  for (int i = 0; i < kCount; ++i)
    ASSERT_TRUE(PostQueuedCompletionStatus(port.get(), static_cast<DWORD>(i), 7, &ov[i]));

  for (int i = 0; i < kCount; ++i) {
    Completion c = wait_completion(port.get());
    ASSERT_TRUE(c.ok) << c;
    EXPECT_EQ(c.bytes, static_cast<DWORD>(i)) << "completions are queued first in, first out";
    EXPECT_EQ(c.overlapped, &ov[i]);
  }
  EXPECT_EQ(drain_completions(port.get()), 0);
}

TEST(PortPost, PostsFromManyThreadsAreEachDeliveredOnce) {
  Port port;
  ASSERT_TRUE(port.valid());
  constexpr int kProducers = 4, kConsumers = 3, kPerProducer = 2000;
  constexpr int kTotal = kProducers * kPerProducer;
  // seen[i] counts deliveries of packet i (bytes = i); consumers stop on key 0 packets.
  std::vector<std::atomic<int>> seen(kTotal);
  std::atomic<int> failures{0};
  std::vector<std::thread> consumers;
  for (int c = 0; c < kConsumers; ++c) {
    consumers.emplace_back([&] {
      for (int n = 0; n <= kTotal; ++n) {
        Completion got = wait_completion(port.get());
        if (!got.ok) {
          ++failures;
          return;
        }
        if (got.key == 0) return;
        if (got.bytes < static_cast<DWORD>(kTotal)) ++seen[got.bytes];
        else ++failures;
      }
    });
  }
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      for (int i = 0; i < kPerProducer; ++i)
        if (!PostQueuedCompletionStatus(port.get(), p * kPerProducer + i, 1, nullptr)) ++failures;
    });
  }
  for (auto& t : producers) t.join();
  for (int c = 0; c < kConsumers; ++c) PostQueuedCompletionStatus(port.get(), 0, 0, nullptr);
  for (auto& t : consumers) t.join();

  EXPECT_EQ(failures.load(), 0);
  int missing = 0, doubled = 0;
  for (auto& count : seen) {
    if (count.load() == 0) ++missing;
    if (count.load() > 1) ++doubled;
  }
  EXPECT_EQ(missing, 0) << "posted packets never delivered";
  EXPECT_EQ(doubled, 0) << "posted packets delivered more than once";
}

#if !defined(_WIN32)
// The Linux run must test the engine it was asked for, not silently the default one.
TEST(PortPost, LinuxEngineIsTheOneAskedFor) {
  Port port;  // the engine is fixed once the first port exists
  ASSERT_TRUE(port.valid());
  const char* asked = std::getenv("IOCPLAB_ENGINE");
  if (asked == nullptr || *asked == '\0') asked = "epoll";
  EXPECT_STREQ(iocplab_engine_name(), asked) << iocplab_engine_error();
}
#endif
