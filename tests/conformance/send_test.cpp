// WSASend through a completion port: always a completion, all bytes, never interleaved.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "byte_pattern.h"
#include "completion.h"
#include "handles.h"
#include "sockets.h"
#include "start_line.h"
#include "wine_check.h"

using namespace conf;

TEST(Send, ImmediateSuccessStillQueuesItsCompletionOnce) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.client.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.client.get(), 2));
  char msg[] = "ping";
  WSABUF wb{4, msg};
  Overlapped ov;
  int rc = start_send(pair.client.get(), &wb, 1, &ov);
  ASSERT_TRUE(started(rc)) << rc;

  Completion c = wait_completion(port.get());
  ASSERT_TRUE(c.ok) << c;
  EXPECT_EQ(c.overlapped, &ov);
  EXPECT_EQ(c.key, static_cast<ULONG_PTR>(2));
  EXPECT_EQ(c.bytes, 4u);
  EXPECT_EQ(drain_completions(port.get()), 0) << "rc was " << rc;
  char got[4];
  ASSERT_TRUE(recv_exact(pair.server.get(), got, 4));
  EXPECT_EQ(std::string(got, 4), "ping");
}

TEST(Send, GathersSeveralBuffersInOrder) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.client.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.client.get(), 2));
  char a[] = "ab", b[] = "cde", c3[] = "fghi";
  WSABUF bufs[3] = {{2, a}, {3, b}, {4, c3}};
  Overlapped ov;
  ASSERT_TRUE(started(start_send(pair.client.get(), bufs, 3, &ov)));

  Completion c = wait_completion(port.get());
  ASSERT_TRUE(c.ok) << c;
  EXPECT_EQ(c.bytes, 9u);
  char got[9];
  ASSERT_TRUE(recv_exact(pair.server.get(), got, 9));
  EXPECT_EQ(std::string(got, 9), "abcdefghi");
}

TEST(Send, LargeSendToASlowReaderCompletesOnceWithAllBytes) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.client.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.client.get(), 8));
  constexpr size_t kTotal = 6 * 1024 * 1024;
  std::vector<char> data = make_pattern(kTotal);
  WSABUF wb{static_cast<ULONG>(kTotal), data.data()};
  Overlapped ov;
  ASSERT_TRUE(started(start_send(pair.client.get(), &wb, 1, &ov)));

  // The reader starts late and reads in small pieces, so the send has to wait for it.
  std::vector<Completion> seen;
  Completion early = wait_completion(port.get(), 200);
  if (!early.timed_out()) seen.push_back(early);
  size_t read = 0, mismatch_at = kTotal;
  std::thread reader([&] {
    Watchdog guard(pair.server.get(), 3 * kWaitMs);
    std::vector<char> buf(8192);
    while (read < kTotal) {
      int n = recv(pair.server.get(), buf.data(), static_cast<int>(buf.size()), 0);
      if (n <= 0) break;
      size_t bad = pattern_mismatch(buf.data(), static_cast<size_t>(n), read);
      if (bad < static_cast<size_t>(n) && mismatch_at == kTotal) mismatch_at = read + bad;
      read += static_cast<size_t>(n);
    }
  });
  if (seen.empty()) seen.push_back(wait_completion(port.get(), 3 * kWaitMs));
  reader.join();
  if (drain_completions(port.get()) != 0) ADD_FAILURE() << "the send completed more than once";

  ASSERT_EQ(seen.size(), 1u);
  EXPECT_TRUE(seen[0].ok) << seen[0];
  EXPECT_EQ(seen[0].overlapped, &ov);
  EXPECT_EQ(seen[0].bytes, static_cast<DWORD>(kTotal)) << "a send completes with all its bytes";
  EXPECT_EQ(read, kTotal);
  EXPECT_EQ(mismatch_at, kTotal) << "first wrong byte at offset " << mismatch_at;
}

TEST(Send, SeveralOutstandingSendsArriveWholeAndInIssueOrder) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.client.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.client.get(), 4));
  constexpr int kSends = 16;
  constexpr size_t kSize = 128 * 1024;
  std::vector<std::vector<char>> payloads;
  for (int i = 0; i < kSends; ++i) payloads.emplace_back(kSize, static_cast<char>(i + 1));
  std::vector<Overlapped> ovs(kSends);
  for (int i = 0; i < kSends; ++i) {
    WSABUF wb{static_cast<ULONG>(kSize), payloads[i].data()};  // WSASend copies the WSABUFs
    ASSERT_TRUE(started(start_send(pair.client.get(), &wb, 1, &ovs[i]))) << "send " << i;
  }
  std::vector<char> stream(kSize * kSends);
  size_t received = 0;
  std::thread reader([&] { received = recv_all(pair.server.get(), stream.data(), stream.size()); });
  int completed = 0;
  for (int i = 0; i < kSends; ++i) {
    Completion c = wait_completion(port.get());
    if (!c.ok) {
      ADD_FAILURE() << "send completion " << i << ": " << c;
      break;
    }
    EXPECT_EQ(c.bytes, static_cast<DWORD>(kSize)) << c;
    ++completed;
  }
  reader.join();
  EXPECT_EQ(completed, kSends);
  ASSERT_EQ(received, stream.size());
  for (int i = 0; i < kSends; ++i) {
    const char* run = stream.data() + i * kSize;
    size_t same = 0;
    while (same < kSize && run[same] == static_cast<char>(i + 1)) ++same;
    EXPECT_EQ(same, kSize) << "send " << i << " is not whole at its place in the stream";
  }
}

TEST(Send, ConcurrentSendsFromSeveralThreadsNeverInterleave) {
  if (running_under_wine()) {
    GTEST_SKIP() << "Wine 8 sometimes completes one of several WSASends issued at once from "
                    "different threads with TRUE, 0 bytes and Internal == STATUS_PENDING, and "
                    "never sends its bytes; Windows completes every send with all its bytes";
  }
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.client.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.client.get(), 4));
  constexpr int kThreads = 4, kPerThread = 8, kSends = kThreads * kPerThread;
  constexpr size_t kSize = 64 * 1024;
  // Send i is kSize copies of marker byte i + 1, so every send is one recognisable run.
  std::vector<std::vector<char>> payloads;
  for (int i = 0; i < kSends; ++i) payloads.emplace_back(kSize, static_cast<char>(i + 1));
  std::vector<Overlapped> ovs(kSends);
  std::atomic<int> start_failures{0};
  StartLine go(kThreads);
  std::vector<std::thread> senders;
  for (int t = 0; t < kThreads; ++t) {
    senders.emplace_back([&, t] {
      go.arrive_and_wait();
      for (int j = 0; j < kPerThread; ++j) {
        int i = t * kPerThread + j;
        WSABUF wb{static_cast<ULONG>(kSize), payloads[i].data()};
        if (!started(start_send(pair.client.get(), &wb, 1, &ovs[i]))) ++start_failures;
      }
    });
  }
  // The peer reads on its own thread while this one waits on the port, as a server would.
  std::vector<char> stream(kSize * kSends);
  size_t received = 0;
  std::thread reader([&] { received = recv_all(pair.server.get(), stream.data(), stream.size()); });
  for (auto& t : senders) t.join();
  EXPECT_EQ(start_failures.load(), 0);
  std::set<OVERLAPPED*> completed;
  for (int i = 0; i < kSends; ++i) {
    Completion c = wait_completion(port.get());
    if (!c.ok) {
      ADD_FAILURE() << "send completion " << i << ": " << c;
      break;
    }
    EXPECT_EQ(c.bytes, static_cast<DWORD>(kSize));
    EXPECT_TRUE(completed.insert(c.overlapped).second) << "one send completed twice";
  }
  reader.join();
  EXPECT_EQ(drain_completions(port.get()), 0);
  ASSERT_EQ(received, stream.size());

  std::set<int> markers;
  for (int block = 0; block < kSends; ++block) {
    const char* run = stream.data() + block * kSize;
    int marker = static_cast<unsigned char>(run[0]);
    size_t same = 0;
    while (same < kSize && run[same] == run[0]) ++same;
    EXPECT_EQ(same, kSize) << "send with marker " << marker << " was interleaved at offset "
                           << block * kSize + same;
    EXPECT_TRUE(marker >= 1 && marker <= kSends && markers.insert(marker).second)
        << "marker " << marker << " at block " << block;
  }
}

// On Windows the kernel moves an overlapped send's bytes whether or not any thread waits
// on the port; the completion only reports it afterwards.
TEST(Send, SendProgressesWithNoThreadWaitingOnThePort) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.client.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.client.get(), 8));
  constexpr size_t kTotal = 16 * 1024 * 1024;  // far more than the socket buffers hold
  std::vector<char> data = make_pattern(kTotal);
  WSABUF wb{static_cast<ULONG>(kTotal), data.data()};
  Overlapped ov;
  ASSERT_TRUE(started(start_send(pair.client.get(), &wb, 1, &ov)));

  std::vector<char> got(kTotal);
  size_t received = recv_all(pair.server.get(), got.data(), got.size());
  EXPECT_EQ(received, kTotal) << "the peer got only " << received
                              << " bytes while no thread waited on the port";
  EXPECT_EQ(pattern_mismatch(got.data(), received, 0), received);

  Completion c = wait_completion(port.get());
  EXPECT_TRUE(c.ok) << c;
  EXPECT_EQ(c.overlapped, &ov);
  if (received == kTotal) {
    EXPECT_EQ(c.bytes, static_cast<DWORD>(kTotal));
  }
}
