// Operations that end with an error: local close, CancelIoEx, a reset from the peer.
#include <gtest/gtest.h>

#include <string>

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
