// Operations that end with an error: local close, CancelIoEx, a reset from the peer.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "completion.h"
#include "handles.h"
#include "sockets.h"
#include "wine_check.h"

using namespace conf;

// Error a pending recv completes with when its own socket is closed: WSA_OPERATION_ABORTED,
// "canceled due to the closure of the socket" (Winsock error reference, docs/PLATFORM.md).
// Wine 8 reports ERROR_HANDLES_CLOSED (676) instead, so that check is skipped on Wine.
constexpr DWORD kClosedRecvError = err(ERROR_OPERATION_ABORTED);
constexpr DWORD kWineClosedRecvError = 676;  // ERROR_HANDLES_CLOSED
// Error a pending recv completes with when the peer resets the connection.
constexpr DWORD kResetRecvError = err(ERROR_NETNAME_DELETED);

TEST(Abort, ClosesocketWithARecvPendingCompletesItWithAnErrorOnce) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 6));
  char buf[16];
  WSABUF wb{sizeof buf, buf};
  Overlapped ov;
  ASSERT_EQ(start_recv(pair.server.get(), &wb, 1, &ov), WSA_IO_PENDING);

  ASSERT_EQ(pair.server.close(), 0);
  Completion c = wait_completion(port.get());
  EXPECT_FALSE(c.ok) << c;
  EXPECT_EQ(c.overlapped, &ov) << "a failed operation still returns its OVERLAPPED";
  EXPECT_EQ(c.key, static_cast<ULONG_PTR>(6));
  EXPECT_EQ(c.bytes, 0u);
  EXPECT_EQ(drain_completions(port.get()), 0) << "the aborted recv completed more than once";
  if (running_under_wine() && c.error == kWineClosedRecvError) {
    GTEST_SKIP() << "Wine reports error " << c.error << " (ERROR_HANDLES_CLOSED), Windows "
                 << kClosedRecvError << "; everything else about the completion was checked";
  }
  EXPECT_EQ(c.error, kClosedRecvError) << c;
}

TEST(Abort, CancelIoExAbortsAPendingRecvOnce) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 7));
  char buf[16];
  WSABUF wb{sizeof buf, buf};
  Overlapped ov;
  ASSERT_EQ(start_recv(pair.server.get(), &wb, 1, &ov), WSA_IO_PENDING);

  EXPECT_TRUE(CancelIoEx(reinterpret_cast<HANDLE>(pair.server.get()), &ov)) << GetLastError();
  Completion c = wait_completion(port.get());
  EXPECT_FALSE(c.ok) << c;
  EXPECT_EQ(c.overlapped, &ov);
  EXPECT_EQ(c.error, err(ERROR_OPERATION_ABORTED)) << c;
  EXPECT_EQ(drain_completions(port.get()), 0);

  SetLastError(0);
  EXPECT_FALSE(CancelIoEx(reinterpret_cast<HANDLE>(pair.server.get()), &ov))
      << "the recv is already finished";
  EXPECT_EQ(GetLastError(), err(ERROR_NOT_FOUND));
}

TEST(Abort, CancelIoExOfAnOverlappedNotInFlightFailsWithNotFound) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 7));
  Overlapped never_started;
  SetLastError(0);
  EXPECT_FALSE(CancelIoEx(reinterpret_cast<HANDLE>(pair.server.get()), &never_started));
  EXPECT_EQ(GetLastError(), err(ERROR_NOT_FOUND));
  EXPECT_EQ(drain_completions(port.get()), 0);
}

TEST(Abort, CancelIoExOfEverythingWithNothingPendingFailsWithNotFound) {
  if (running_under_wine()) {
    GTEST_SKIP() << "Wine 8 returns TRUE from CancelIoEx(socket, NULL) with nothing to "
                    "cancel; Windows documents FALSE with ERROR_NOT_FOUND";
  }
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 7));
  SetLastError(0);
  EXPECT_FALSE(CancelIoEx(reinterpret_cast<HANDLE>(pair.server.get()), nullptr));
  EXPECT_EQ(GetLastError(), err(ERROR_NOT_FOUND));
  EXPECT_EQ(drain_completions(port.get()), 0);
}

TEST(Abort, SocketStillReceivesAfterACancelledRecv) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 7));
  char buf[16];
  WSABUF wb{sizeof buf, buf};
  Overlapped first;
  ASSERT_EQ(start_recv(pair.server.get(), &wb, 1, &first), WSA_IO_PENDING);
  ASSERT_TRUE(CancelIoEx(reinterpret_cast<HANDLE>(pair.server.get()), &first));
  Completion cancelled = wait_completion(port.get());
  ASSERT_FALSE(cancelled.ok) << cancelled;

  Overlapped second;
  ASSERT_TRUE(started(start_recv(pair.server.get(), &wb, 1, &second)));
  ASSERT_TRUE(send_all(pair.client.get(), "again", 5));
  Completion c = wait_completion(port.get());
  ASSERT_TRUE(c.ok) << c;
  EXPECT_EQ(c.overlapped, &second);
  ASSERT_EQ(c.bytes, 5u);
  EXPECT_EQ(std::string(buf, 5), "again");
}

TEST(Abort, PeerResetFailsAPendingRecv) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), 8));
  char buf[16];
  WSABUF wb{sizeof buf, buf};
  Overlapped ov;
  ASSERT_EQ(start_recv(pair.server.get(), &wb, 1, &ov), WSA_IO_PENDING);

  ASSERT_TRUE(reset_on_close(pair.client.get()));
  ASSERT_EQ(pair.client.close(), 0);
  Completion c = wait_completion(port.get());
  EXPECT_FALSE(c.ok) << "a reset is an error, not end of stream: " << c;
  EXPECT_EQ(c.overlapped, &ov);
  EXPECT_EQ(c.bytes, 0u);
  EXPECT_EQ(c.error, kResetRecvError) << c;
  EXPECT_EQ(drain_completions(port.get()), 0);
}

TEST(Abort, CancelIoExTouchesOnlyTheSocketItNames) {
  SocketPair one = connected_pair();
  SocketPair two = connected_pair();
  ASSERT_TRUE(one.server.valid() && two.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(one.server.get(), 1));
  ASSERT_TRUE(port.associate(two.server.get(), 2));
  char buf1[8], buf2[8];
  WSABUF wb1{sizeof buf1, buf1}, wb2{sizeof buf2, buf2};
  Overlapped ov1, ov2;
  ASSERT_EQ(start_recv(one.server.get(), &wb1, 1, &ov1), WSA_IO_PENDING);
  ASSERT_EQ(start_recv(two.server.get(), &wb2, 1, &ov2), WSA_IO_PENDING);

  ASSERT_TRUE(CancelIoEx(reinterpret_cast<HANDLE>(one.server.get()), nullptr));
  Completion cancelled = wait_completion(port.get());
  EXPECT_FALSE(cancelled.ok) << cancelled;
  EXPECT_EQ(cancelled.overlapped, &ov1);
  EXPECT_EQ(cancelled.error, err(ERROR_OPERATION_ABORTED));
  EXPECT_EQ(drain_completions(port.get(), 50), 0) << "the other socket's recv was touched";

  ASSERT_TRUE(send_all(two.client.get(), "x", 1));
  Completion c = wait_completion(port.get());
  EXPECT_TRUE(c.ok) << c;
  EXPECT_EQ(c.overlapped, &ov2);
  EXPECT_EQ(c.bytes, 1u);
}

// Sends pile up towards a peer that never reads; then the connection ends, by the peer's
// reset or by our own closesocket. Every pending send and the pending recv must complete,
// each exactly once, or a server that frees a client at "nothing pending" waits forever.
namespace {

struct PiledUpSends {
  static constexpr int kSends = 8192;
  static constexpr size_t kSize = 1024;  // 8 MiB in all: more than both socket buffers
  SocketPair pair = connected_pair();
  Port port;
  std::vector<char> payload = std::vector<char>(kSize, 's');
  std::vector<Overlapped> sends = std::vector<Overlapped>(kSends);
  Overlapped recv;
  char recv_buf[16];
  int started_sends = 0;
  int pending_sends = 0;  // of those, the ones that did not complete at once

  bool start() {
    if (!pair.server.valid() || !port.associate(pair.server.get(), 9)) return false;
    WSABUF rb{sizeof recv_buf, recv_buf};
    if (start_recv(pair.server.get(), &rb, 1, &recv) != WSA_IO_PENDING) return false;
    for (int i = 0; i < kSends; ++i) {
      WSABUF wb{static_cast<ULONG>(kSize), payload.data()};
      int rc = start_send(pair.server.get(), &wb, 1, &sends[i]);
      if (!started(rc)) break;
      ++started_sends;
      if (rc == WSA_IO_PENDING) ++pending_sends;
    }
    return started_sends == kSends && pending_sends > 0;
  }

  // Takes completions until every started operation (the sends and the recv) has reported
  // once, or kWaitMs passes with none; returns how many reported, failing on a duplicate.
  int collect(std::set<OVERLAPPED*> seen = {}) {
    const int expected = started_sends + 1;
    while (static_cast<int>(seen.size()) < expected) {
      Completion c = wait_completion(port.get());
      if (c.overlapped == nullptr) break;  // timed out
      EXPECT_TRUE(seen.insert(c.overlapped).second) << "completed twice: " << c;
    }
    EXPECT_EQ(drain_completions(port.get()), 0);
    return static_cast<int>(seen.size());
  }
};

}  // namespace

TEST(Abort, APeerResetWithSendsPendingThenClosesocketCompletesEachOperationOnce) {
  PiledUpSends pile;
  ASSERT_TRUE(pile.start()) << pile.started_sends << " sends started, " << pile.pending_sends << " pending";
  ASSERT_TRUE(reset_on_close(pile.pair.client.get()));
  ASSERT_EQ(pile.pair.client.close(), 0);  // the reset
  std::set<OVERLAPPED*> seen;  // sends done before the reset complete fine; wait for a failure
  for (;;) {
    Completion c = wait_completion(pile.port.get());
    ASSERT_NE(c.overlapped, nullptr) << "no operation failed after the reset";
    seen.insert(c.overlapped);
    if (!c.ok) break;
  }
  ASSERT_EQ(pile.pair.server.close(), 0);  // what a server does on that failure
  EXPECT_EQ(pile.collect(seen), pile.started_sends + 1);
}

// Windows cancels every pending operation of a closed socket. Wine 8 sometimes leaves the
// pending sends pending for ever (about one run in three here: 2794 of 8193 operations came
// back); CancelIoEx first does cancel them (the next test), so server/ calls both.
TEST(Abort, ClosesocketWithSendsPendingCompletesEachOperationOnce) {
  if (running_under_wine())
    GTEST_SKIP() << "Wine 8 can leave a closed socket's pending WSASends pending for ever";
  PiledUpSends pile;
  ASSERT_TRUE(pile.start()) << pile.started_sends << " sends started, " << pile.pending_sends << " pending";
  ASSERT_EQ(pile.pair.server.close(), 0);
  EXPECT_EQ(pile.collect(), pile.started_sends + 1);
}

TEST(Abort, CancelIoExWithSendsPendingCompletesEachOperationOnce) {
  PiledUpSends pile;
  ASSERT_TRUE(pile.start()) << pile.started_sends << " sends started, " << pile.pending_sends << " pending";
  ASSERT_TRUE(CancelIoEx(reinterpret_cast<HANDLE>(pile.pair.server.get()), nullptr));
  ASSERT_EQ(pile.pair.server.close(), 0);
  EXPECT_EQ(pile.collect(), pile.started_sends + 1);
}
