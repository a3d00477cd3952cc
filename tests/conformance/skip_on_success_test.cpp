// SetFileCompletionNotificationModes(FILE_SKIP_COMPLETION_PORT_ON_SUCCESS): an overlapped
// call that succeeds at once queues no completion (the caller handles it inline); one that
// is pending completes through the port as usual; one that fails at once queues nothing,
// with or without the mode. Each test accepts both valid outcomes of an overlapped call
// (done now, or pending) and checks the completions that each outcome implies.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "accept_ex.h"
#include "completion.h"
#include "handles.h"
#include "sockets.h"

using namespace conf;

namespace {
constexpr ULONG_PTR kKey = 77;

bool skip_on_success(SOCKET s, UCHAR extra = 0) {
  return SetFileCompletionNotificationModes(reinterpret_cast<HANDLE>(s),
                                            FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | extra) != FALSE;
}

// A connected pair whose server side is on `port` under kKey with the mode set.
SocketPair skipping_pair(Port& port) {
  SocketPair pair = connected_pair();
  if (!pair.server.valid() || !port.associate(pair.server.get(), kKey) || !skip_on_success(pair.server.get()))
    return {};
  return pair;
}
}  // namespace

TEST(SkipOnSuccess, BothModesAreAccepted) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), kKey));
  EXPECT_TRUE(skip_on_success(pair.server.get(), FILE_SKIP_SET_EVENT_ON_HANDLE)) << GetLastError();
}

TEST(SkipOnSuccess, RecvThatFindsDataQueuesNoCompletion) {
  Port port;
  SocketPair pair = skipping_pair(port);
  ASSERT_TRUE(pair.server.valid()) << GetLastError();
  ASSERT_TRUE(send_all(pair.client.get(), "ready", 5));
  ASSERT_TRUE(wait_readable(pair.server.get()));

  char buf[16];
  WSABUF wb{sizeof buf, buf};
  Overlapped ov;
  DWORD got = 0, flags = 0;
  int rc = WSARecv(pair.server.get(), &wb, 1, &got, &flags, &ov, nullptr) == 0 ? 0 : WSAGetLastError();
  ASSERT_TRUE(started(rc)) << rc;
  if (rc == 0) {
    EXPECT_EQ(got, 5u) << "done at once: the byte count comes back from the call";
    EXPECT_EQ(std::string(buf, 5), "ready");
    EXPECT_EQ(drain_completions(port.get()), 0) << "a success at once must not queue a completion";
  } else {
    Completion c = wait_completion(port.get());
    EXPECT_TRUE(c.ok) << c;
    EXPECT_EQ(c.overlapped, &ov);
    EXPECT_EQ(c.bytes, 5u);
    EXPECT_EQ(drain_completions(port.get()), 0);
  }
}

TEST(SkipOnSuccess, WithoutTheModeARecvThatFindsDataStillQueuesItsCompletion) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  Port port;
  ASSERT_TRUE(port.associate(pair.server.get(), kKey));
  ASSERT_TRUE(send_all(pair.client.get(), "ready", 5));
  ASSERT_TRUE(wait_readable(pair.server.get()));
  char buf[16];
  WSABUF wb{sizeof buf, buf};
  Overlapped ov;
  ASSERT_TRUE(started(start_recv(pair.server.get(), &wb, 1, &ov)));
  Completion c = wait_completion(port.get());
  EXPECT_TRUE(c.ok) << c;
  EXPECT_EQ(c.overlapped, &ov);
  EXPECT_EQ(c.bytes, 5u);
}

TEST(SkipOnSuccess, PendingRecvStillCompletesThroughThePort) {
  Port port;
  SocketPair pair = skipping_pair(port);
  ASSERT_TRUE(pair.server.valid()) << GetLastError();
  char buf[16];
  WSABUF wb{sizeof buf, buf};
  Overlapped ov;
  ASSERT_EQ(start_recv(pair.server.get(), &wb, 1, &ov), WSA_IO_PENDING);
  ASSERT_TRUE(send_all(pair.client.get(), "late", 4));
  Completion c = wait_completion(port.get());
  EXPECT_TRUE(c.ok) << c;
  EXPECT_EQ(c.overlapped, &ov);
  EXPECT_EQ(c.key, kKey);
  EXPECT_EQ(c.bytes, 4u);
  EXPECT_EQ(drain_completions(port.get()), 0);
}

TEST(SkipOnSuccess, PendingRecvThatFailsStillReportsThroughThePort) {
  Port port;
  SocketPair pair = skipping_pair(port);
  ASSERT_TRUE(pair.server.valid()) << GetLastError();
  char buf[16];
  WSABUF wb{sizeof buf, buf};
  Overlapped ov;
  ASSERT_EQ(start_recv(pair.server.get(), &wb, 1, &ov), WSA_IO_PENDING);
  ASSERT_TRUE(CancelIoEx(reinterpret_cast<HANDLE>(pair.server.get()), &ov));
  Completion c = wait_completion(port.get());
  EXPECT_FALSE(c.ok) << c;
  EXPECT_EQ(c.overlapped, &ov);
  EXPECT_EQ(c.error, err(ERROR_OPERATION_ABORTED)) << c;
}

TEST(SkipOnSuccess, SendDoneAtOnceQueuesNoCompletionAndTheBytesArrive) {
  Port port;
  SocketPair pair = skipping_pair(port);
  ASSERT_TRUE(pair.server.valid()) << GetLastError();
  char data[] = "inline";
  WSABUF wb{6, data};
  Overlapped ov;
  DWORD sent = 0;
  int rc = WSASend(pair.server.get(), &wb, 1, &sent, 0, &ov, nullptr) == 0 ? 0 : WSAGetLastError();
  ASSERT_TRUE(started(rc)) << rc;
  if (rc == 0) {
    EXPECT_EQ(sent, 6u);
    EXPECT_EQ(drain_completions(port.get()), 0) << "a success at once must not queue a completion";
  } else {
    Completion c = wait_completion(port.get());
    EXPECT_TRUE(c.ok) << c;
    EXPECT_EQ(c.bytes, 6u);
  }
  char got[6];
  ASSERT_TRUE(recv_exact(pair.client.get(), got, sizeof got));
  EXPECT_EQ(std::string(got, 6), "inline");
}

TEST(SkipOnSuccess, SendThatFailsAtOnceQueuesNothing) {
  Port port;
  SocketPair pair = skipping_pair(port);
  ASSERT_TRUE(pair.server.valid()) << GetLastError();
  ASSERT_EQ(shutdown(pair.server.get(), SD_SEND), 0);
  char data[] = "x";
  WSABUF wb{1, data};
  Overlapped ov;
  int rc = start_send(pair.server.get(), &wb, 1, &ov);
  ASSERT_NE(rc, 0) << "a send after shutdown(SD_SEND) cannot succeed";
  if (rc == WSA_IO_PENDING) {  // a valid outcome too: then the failure comes through the port
    Completion c = wait_completion(port.get());
    EXPECT_FALSE(c.ok) << c;
    EXPECT_EQ(c.overlapped, &ov);
  } else {
    EXPECT_EQ(rc, WSAESHUTDOWN);
    EXPECT_EQ(drain_completions(port.get()), 0) << "a call that fails at once queues nothing";
  }
}

TEST(SkipOnSuccess, AcceptExDoneAtOnceQueuesNoCompletion) {
  Port port;
  uint16_t listen_port = 0;
  Socket listener = loopback_listener(&listen_port);
  ASSERT_TRUE(listener.valid());
  ASSERT_TRUE(port.associate(listener.get(), kKey));
  ASSERT_TRUE(skip_on_success(listener.get())) << GetLastError();
  AcceptExFunctions fns;
  int load_error = 0;
  ASSERT_TRUE(load_accept_ex(listener.get(), &fns, &load_error)) << load_error;
  Socket client = connect_to(listen_port);  // waiting in the backlog before AcceptEx
  ASSERT_TRUE(client.valid());
  Socket into = tcp_socket();
  PendingAccept pending;
  pending.accepted = into.get();
  int rc = start_accept(fns, listener.get(), &pending);
  ASSERT_TRUE(started(rc)) << rc;
  if (rc == 0) {
    EXPECT_EQ(drain_completions(port.get()), 0) << "a success at once must not queue a completion";
  } else {
    Completion c = wait_completion(port.get());
    EXPECT_TRUE(c.ok) << c;
    EXPECT_EQ(c.overlapped, &pending.ov);
  }
  SOCKET listen_socket = listener.get();
  ASSERT_EQ(setsockopt(into.get(), SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT,
                       reinterpret_cast<const char*>(&listen_socket), sizeof listen_socket), 0);
  sockaddr_in peer;
  std::memset(&peer, 0, sizeof peer);
  int peer_len = sizeof peer;
  ASSERT_EQ(getpeername(into.get(), reinterpret_cast<sockaddr*>(&peer), &peer_len), 0) << WSAGetLastError();
  EXPECT_EQ(ntohs(peer.sin_port), local_port(client.get()));
}
