// WSARecv through a completion port: data, scatter, end of stream, keys, a long stream.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "byte_pattern.h"
#include "completion.h"
#include "handles.h"
#include "sockets.h"

using namespace conf;

TEST(Recv, PendingRecvCompletesWhenDataArrives) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 3));

  char buf[64];
  WSABUF wb{sizeof buf, buf};
  Overlapped ov;
  ASSERT_EQ(start_recv(pair.server.get(), &wb, 1, &ov), WSA_IO_PENDING)
      << "nothing was sent yet, so the recv must be pending";
  EXPECT_EQ(drain_completions(port.get(), 50), 0) << "completed before any data was sent";

  ASSERT_TRUE(send_all(pair.client.get(), "hello", 5));
  Completion c = wait_completion(port.get());
  ASSERT_TRUE(c.ok) << c;
  EXPECT_EQ(c.overlapped, &ov);
  EXPECT_EQ(c.key, static_cast<ULONG_PTR>(3));
  ASSERT_EQ(c.bytes, 5u);
  EXPECT_EQ(std::string(buf, 5), "hello");
}

TEST(Recv, DataAlreadyWaitingStillCompletesThroughThePortOnce) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 4));
  ASSERT_TRUE(send_all(pair.client.get(), "abcde", 5));
  ASSERT_TRUE(wait_readable(pair.server.get()));

  char buf[64];
  WSABUF wb{sizeof buf, buf};
  Overlapped ov;
  int rc = start_recv(pair.server.get(), &wb, 1, &ov);
  ASSERT_TRUE(started(rc)) << rc;

  Completion c = wait_completion(port.get());
  ASSERT_TRUE(c.ok) << c;
  EXPECT_EQ(c.overlapped, &ov);
  ASSERT_EQ(c.bytes, 5u);
  EXPECT_EQ(std::string(buf, 5), "abcde");
  EXPECT_EQ(drain_completions(port.get()), 0) << "an immediate success is queued exactly once";
}

TEST(Recv, ScattersIntoSeveralBuffersInOrder) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 1));
  ASSERT_TRUE(send_all(pair.client.get(), "0123456789", 10));
  ASSERT_TRUE(wait_readable(pair.server.get()));

  char a[3], b[4], c8[8];
  std::memset(c8, '.', sizeof c8);
  WSABUF bufs[3] = {{sizeof a, a}, {sizeof b, b}, {sizeof c8, c8}};
  Overlapped ov;
  ASSERT_TRUE(started(start_recv(pair.server.get(), bufs, 3, &ov)));
  Completion c = wait_completion(port.get());
  ASSERT_TRUE(c.ok) << c;
  ASSERT_EQ(c.bytes, 10u);
  EXPECT_EQ(std::string(a, 3), "012");
  EXPECT_EQ(std::string(b, 4), "3456");
  EXPECT_EQ(std::string(c8, 3), "789");
  EXPECT_EQ(c8[3], '.') << "wrote past the received bytes";
}

TEST(Recv, PendingRecvCompletesWithZeroBytesWhenPeerCloses) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 5));
  char buf[16];
  WSABUF wb{sizeof buf, buf};
  Overlapped ov;
  ASSERT_EQ(start_recv(pair.server.get(), &wb, 1, &ov), WSA_IO_PENDING);

  ASSERT_EQ(pair.client.close(), 0);
  Completion c = wait_completion(port.get());
  EXPECT_TRUE(c.ok) << "a graceful close is end of stream, not an error: " << c;
  EXPECT_EQ(c.overlapped, &ov);
  EXPECT_EQ(c.bytes, 0u);
  EXPECT_EQ(drain_completions(port.get()), 0);
}

TEST(Recv, RecvAfterPeerShutdownCompletesWithZeroBytes) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 5));
  ASSERT_EQ(shutdown(pair.client.get(), SD_SEND), 0);
  char probe = 0;
  {
    Watchdog guard(pair.server.get(), 10000);
    ASSERT_EQ(recv(pair.server.get(), &probe, 1, MSG_PEEK), 0) << "end of stream not seen";
  }

  char buf[16];
  WSABUF wb{sizeof buf, buf};
  Overlapped ov;
  ASSERT_TRUE(started(start_recv(pair.server.get(), &wb, 1, &ov)));
  Completion c = wait_completion(port.get());
  EXPECT_TRUE(c.ok) << c;
  EXPECT_EQ(c.overlapped, &ov);
  EXPECT_EQ(c.bytes, 0u);
  EXPECT_EQ(drain_completions(port.get()), 0);
}

// The last bytes and the end of stream can arrive together; reading the bytes (fewer than
// the buffer holds) must not hide the end of stream from the next recv. (The epoll
// engine once took "fewer bytes than asked" to mean "wait for more" and never saw it.)
TEST(Recv, EndOfStreamRightBehindTheLastBytesStillCompletesTheNextRecv) {
  for (int round = 0; round < 2; ++round) {  // 0: the event seen first; 1: the recv first
    SocketPair pair = connected_pair();
    ASSERT_TRUE(pair.server.valid());
    Port port;
    ASSERT_TRUE(port.associate(pair.server.get(), 5));
    if (round == 0) {  // a recv waiting when both arrive
      char first[64];
      WSABUF wb0{sizeof first, first};
      Overlapped ov0;
      ASSERT_EQ(start_recv(pair.server.get(), &wb0, 1, &ov0), WSA_IO_PENDING);
      ASSERT_TRUE(send_all(pair.client.get(), "last words", 10));
      ASSERT_EQ(pair.client.close(), 0);
      Completion c0 = wait_completion(port.get());
      ASSERT_TRUE(c0.ok) << c0;
      ASSERT_EQ(c0.bytes, 10u);
    } else {  // both already there when the recv is posted
      ASSERT_TRUE(send_all(pair.client.get(), "last words", 10));
      ASSERT_EQ(pair.client.close(), 0);
      Sleep(50);
      char first[64];
      WSABUF wb0{sizeof first, first};
      Overlapped ov0;
      ASSERT_TRUE(started(start_recv(pair.server.get(), &wb0, 1, &ov0)));
      Completion c0 = wait_completion(port.get());
      ASSERT_TRUE(c0.ok) << c0;
      ASSERT_EQ(c0.bytes, 10u);
    }
    char buf[64];
    WSABUF wb{sizeof buf, buf};
    Overlapped ov;
    ASSERT_TRUE(started(start_recv(pair.server.get(), &wb, 1, &ov)));
    Completion c = wait_completion(port.get());
    EXPECT_TRUE(c.ok) << "round " << round << ": " << c;
    EXPECT_EQ(c.overlapped, &ov) << "round " << round << ": end of stream never reported";
    EXPECT_EQ(c.bytes, 0u);
  }
}

TEST(Recv, GetOverlappedResultReportsTheCompletedTransfer) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 1));
  char buf[32];
  WSABUF wb{sizeof buf, buf};
  Overlapped ov;
  ASSERT_TRUE(started(start_recv(pair.server.get(), &wb, 1, &ov)));
  ASSERT_TRUE(send_all(pair.client.get(), "overlapped", 10));
  Completion c = wait_completion(port.get());
  ASSERT_TRUE(c.ok) << c;

  DWORD bytes = 0, flags = 0xFFFF;
  EXPECT_TRUE(WSAGetOverlappedResult(pair.server.get(), &ov, &bytes, FALSE, &flags))
      << WSAGetLastError();
  EXPECT_EQ(bytes, c.bytes);
  EXPECT_EQ(bytes, 10u);
  EXPECT_EQ(flags, 0u);
}

TEST(Recv, KeysOfTwoSocketsOnOnePortStayDistinct) {
  SocketPair one = connected_pair();
  SocketPair two = connected_pair();
  ASSERT_TRUE(one.server.valid() && two.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(one.server.get(), 111));
  ASSERT_TRUE(port.associate(two.server.get(), 222));
  char buf1[8], buf2[8];
  WSABUF wb1{sizeof buf1, buf1}, wb2{sizeof buf2, buf2};
  Overlapped ov1, ov2;
  ASSERT_TRUE(started(start_recv(one.server.get(), &wb1, 1, &ov1)));
  ASSERT_TRUE(started(start_recv(two.server.get(), &wb2, 1, &ov2)));

  ASSERT_TRUE(send_all(two.client.get(), "2", 1));
  Completion first = wait_completion(port.get());
  ASSERT_TRUE(first.ok) << first;
  EXPECT_EQ(first.key, static_cast<ULONG_PTR>(222));
  EXPECT_EQ(first.overlapped, &ov2);

  ASSERT_TRUE(send_all(one.client.get(), "1", 1));
  Completion second = wait_completion(port.get());
  ASSERT_TRUE(second.ok) << second;
  EXPECT_EQ(second.key, static_cast<ULONG_PTR>(111));
  EXPECT_EQ(second.overlapped, &ov1);
}

TEST(Recv, OneRecvRepostedInALoopReceivesALargeStreamByteExact) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 9));
  constexpr size_t kTotal = 2 * 1024 * 1024;
  std::vector<char> stream = make_pattern(kTotal);
  std::thread sender([&] { send_all(pair.client.get(), stream.data(), stream.size()); });

  char buf[4096];
  size_t received = 0, mismatch_at = kTotal;
  int completions = 0;
  Overlapped ov;
  // Bounded: at most one completion per byte, each wait bounded by kWaitMs.
  while (received < kTotal && completions < static_cast<int>(kTotal)) {
    WSABUF wb{sizeof buf, buf};
    int rc = start_recv(pair.server.get(), &wb, 1, &ov);
    if (!started(rc)) {
      ADD_FAILURE() << "WSARecv failed: " << rc;
      break;
    }
    Completion c = wait_completion(port.get());
    ++completions;
    if (!c.ok || c.overlapped != &ov || c.bytes == 0) {
      ADD_FAILURE() << "after " << received << " bytes: " << c;
      break;
    }
    size_t bad = pattern_mismatch(buf, c.bytes, received);
    if (bad < c.bytes && mismatch_at == kTotal) mismatch_at = received + bad;
    received += c.bytes;
  }
  sender.join();
  EXPECT_EQ(received, kTotal);
  EXPECT_EQ(mismatch_at, kTotal) << "first wrong byte at offset " << mismatch_at;
  EXPECT_EQ(drain_completions(port.get()), 0);
}

// A zero-byte WSARecv (the classic way to wait for data without pinning a buffer) stays
// pending until data arrives, then completes with TRUE and 0 bytes, consuming nothing.
TEST(Recv, ZeroByteRecvCompletesWhenDataArrivesAndConsumesNothing) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 12));
  WSABUF empty{0, nullptr};
  Overlapped ov;
  ASSERT_EQ(start_recv(pair.server.get(), &empty, 1, &ov), WSA_IO_PENDING);
  EXPECT_EQ(drain_completions(port.get(), 50), 0) << "completed before any data was sent";

  ASSERT_TRUE(send_all(pair.client.get(), "data", 4));
  Completion c = wait_completion(port.get());
  EXPECT_TRUE(c.ok) << c;
  EXPECT_EQ(c.overlapped, &ov);
  EXPECT_EQ(c.bytes, 0u);
  char got[4];
  ASSERT_TRUE(recv_exact(pair.server.get(), got, 4)) << "the zero-byte recv ate the data";
  EXPECT_EQ(std::string(got, 4), "data");
}

// shutdown(SD_SEND) closes only our direction: the peer sees end of stream, and our
// pending recv keeps waiting for what the peer still sends.
TEST(Recv, HalfCloseLeavesOurRecvPendingForThePeersData) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 13));
  char buf[8];
  WSABUF wb{sizeof buf, buf};
  Overlapped ov;
  ASSERT_EQ(start_recv(pair.server.get(), &wb, 1, &ov), WSA_IO_PENDING);

  ASSERT_EQ(shutdown(pair.server.get(), SD_SEND), 0);
  char probe = 0;
  {
    Watchdog guard(pair.client.get(), 10000);
    EXPECT_EQ(recv(pair.client.get(), &probe, 1, 0), 0) << "the peer did not see end of stream";
  }
  EXPECT_EQ(drain_completions(port.get(), 50), 0) << "our recv ended with our own shutdown";

  ASSERT_TRUE(send_all(pair.client.get(), "late", 4));
  Completion c = wait_completion(port.get());
  ASSERT_TRUE(c.ok) << c;
  EXPECT_EQ(c.overlapped, &ov);
  ASSERT_EQ(c.bytes, 4u);
  EXPECT_EQ(std::string(buf, 4), "late");
}

// The thread that posted a recv goes on computing, with no system call, when the bytes come.
// The completion must still reach the thread asleep on the port: on Windows the kernel
// completes it whatever the poster does. IOCP Lab's io_uring engine has the kernel finish a
// request on its poster's next entry into the kernel (IORING_SETUP_COOP_TASKRUN, no IPI);
// a busy poster still enters it at the next timer tick.
TEST(Recv, ARecvCompletesWhileThePosterComputesWithoutSystemCalls) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 8));
  Completion got;
  std::atomic<bool> done{false};
  std::thread sleeper([&] {
    got = wait_completion(port.get());
    done = true;
  });
  char buf[16];
  WSABUF wb{sizeof buf, buf};
  Overlapped ov;
  std::atomic<int> rc{-1};
  std::atomic<bool> posted{false};
  std::thread poster([&] {
    rc = start_recv(pair.server.get(), &wb, 1, &ov);
    posted = true;
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);  // vDSO: no kernel entry
    while (!done.load() && std::chrono::steady_clock::now() < until) {
    }
  });
  for (int i = 0; i < 500 && !posted.load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the poster is spinning now
  ASSERT_TRUE(send_all(pair.client.get(), "busy", 4));
  sleeper.join();
  poster.join();
  ASSERT_TRUE(started(rc.load())) << rc.load();
  ASSERT_TRUE(got.ok) << got;
  EXPECT_EQ(got.overlapped, &ov);
  ASSERT_EQ(got.bytes, 4u);
  EXPECT_EQ(std::string(buf, 4), "busy");
}

// A thread that has waited on the port (as a worker does) posts a recv for bytes already
// there, then waits no more; another thread already sleeps on the port. The recv must
// still reach that thread: Windows completes it at once, and IOCP Lab's epoll engine,
// which holds a worker's recv back until a worker runs out of completions, must not hold
// it for ever (its progress thread tries held recvs every round).
TEST(Recv, ARecvPostedByAThreadThatWaitsNoMoreStillCompletes) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 8));
  ASSERT_TRUE(send_all(pair.client.get(), "late", 4));
  ASSERT_TRUE(wait_readable(pair.server.get()));

  Completion got;
  std::thread sleeper([&] { got = wait_completion(port.get()); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // asleep on the port by now
  char buf[16];
  WSABUF wb{sizeof buf, buf};
  Overlapped ov;
  int rc = -1;
  std::thread poster([&] {
    DWORD bytes;
    ULONG_PTR key;
    OVERLAPPED* o;
    GetQueuedCompletionStatus(port.get(), &bytes, &key, &o, 0);  // nothing queued: times out
    rc = start_recv(pair.server.get(), &wb, 1, &ov);
  });
  poster.join();
  sleeper.join();
  ASSERT_TRUE(started(rc)) << rc;
  ASSERT_TRUE(got.ok) << got;
  EXPECT_EQ(got.overlapped, &ov);
  ASSERT_EQ(got.bytes, 4u);
  EXPECT_EQ(std::string(buf, 4), "late");
}
