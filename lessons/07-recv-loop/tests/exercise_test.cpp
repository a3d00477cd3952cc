// Stage 07 exercise check: describe() (exercise/describe.cpp; solved in
// solution/describe.cpp) tells data, a goodbye (0 bytes), a failed connection and the
// cancellation of our own recv apart, on real completions of a connected pair.
#include <gtest/gtest.h>

#include <string>

#include "describe.h"
#include "test_support.h"

namespace {

// A connected pair: `server_side` has a recv posted through `port`.
struct Pair {
  HANDLE port = create_completion_port();
  SOCKET listener = INVALID_SOCKET, server_side = INVALID_SOCKET, client = INVALID_SOCKET;
  OVERLAPPED ov{};
  WSABUF buf{};
  char data[64];

  Pair() {
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    listener = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listener, reinterpret_cast<sockaddr*>(&addr), (int)sizeof addr);
    listen(listener, 4);
    int len = (int)sizeof addr;
    getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
    client = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
    connect(client, reinterpret_cast<sockaddr*>(&addr), (int)sizeof addr);
    server_side = accept(listener, nullptr, nullptr);
    CreateIoCompletionPort(reinterpret_cast<HANDLE>(server_side), port, 1, 0);
  }
  bool post_recv() {
    ov = {};
    buf.buf = data;
    buf.len = sizeof data;
    DWORD flags = 0;
    return WSARecv(server_side, &buf, 1, nullptr, &flags, &ov, nullptr) == 0 ||
           WSAGetLastError() == WSA_IO_PENDING;
  }
  ~Pair() {
    if (client != INVALID_SOCKET) closesocket(client);
    if (server_side != INVALID_SOCKET) closesocket(server_side);
    closesocket(listener);
    CloseHandle(port);
    WSACleanup();
  }
};

TEST(Exercise07, DataThenGoodbye) {
  Pair p;
  ASSERT_TRUE(p.post_recv());
  ASSERT_EQ(send(p.client, "abc", 3, 0), 3);
  EXPECT_EQ(describe(dequeue_completion(p.port, 5000), false), "data");
  ASSERT_TRUE(p.post_recv());
  shutdown(p.client, SD_SEND);  // the peer says goodbye
  EXPECT_EQ(describe(dequeue_completion(p.port, 5000), false), "peer closed");
}

TEST(Exercise07, AResetIsAFailedConnection) {
  Pair p;
  ASSERT_TRUE(p.post_recv());
  linger hard{};
  hard.l_onoff = 1;
  hard.l_linger = 0;
  setsockopt(p.client, SOL_SOCKET, SO_LINGER, reinterpret_cast<const char*>(&hard), (int)sizeof hard);
  closesocket(p.client);
  p.client = INVALID_SOCKET;
  Completion c = dequeue_completion(p.port, 5000);
  EXPECT_EQ(describe(c, false), "connection failed") << "error " << c.error;
}

TEST(Exercise07, ClosingOurOwnSocketCancelsItsRecv) {
  Pair p;
  ASSERT_TRUE(p.post_recv());
  closesocket(p.server_side);
  p.server_side = INVALID_SOCKET;
  Completion c = dequeue_completion(p.port, 5000);
  EXPECT_EQ(c.overlapped, &p.ov) << "the cancelled recv still completes, exactly once";
  EXPECT_EQ(describe(c, true), "cancelled") << "error " << c.error;
  EXPECT_FALSE(c.ok) << "a cancelled recv is a failed completion";
  EXPECT_EQ(describe(dequeue_completion(p.port, 100), true), "nothing dequeued");
}

}  // namespace
