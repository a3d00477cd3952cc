// The plain blocking Winsock calls the lessons' clients and tools use next to the port.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "completion.h"
#include "handles.h"
#include "sockets.h"

using namespace conf;

TEST(Blocking, RecvHonoursTheReceiveTimeout) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  set_io_timeouts(pair.server.get(), 200);
  Watchdog guard(pair.server.get(), 5000);  // if SO_RCVTIMEO is ignored, fail instead of hang
  char byte = 0;
  auto start = std::chrono::steady_clock::now();
  int n = recv(pair.server.get(), &byte, 1, 0);
  int error = WSAGetLastError();
  auto waited = std::chrono::steady_clock::now() - start;

  EXPECT_EQ(n, SOCKET_ERROR);
  EXPECT_EQ(error, WSAETIMEDOUT);
  EXPECT_FALSE(guard.fired()) << "recv ignored SO_RCVTIMEO (200 ms) and blocked for 5 s";
  EXPECT_GE(waited, std::chrono::milliseconds(150));
}

TEST(Blocking, SendAndRecvCarryBytesBothWays) {
  SocketPair pair = connected_pair();
  ASSERT_TRUE(pair.server.valid());
  ASSERT_TRUE(send_all(pair.client.get(), "ping", 4));
  char got[4];
  ASSERT_TRUE(recv_exact(pair.server.get(), got, 4));
  EXPECT_EQ(std::string(got, 4), "ping");
  ASSERT_TRUE(send_all(pair.server.get(), "pong", 4));
  ASSERT_TRUE(recv_exact(pair.client.get(), got, 4));
  EXPECT_EQ(std::string(got, 4), "pong");
}
