// Stage 09 exercise check: the other way to send (exercise/gather_sender.cpp; solved in
// solution/). ONE send in flight per socket; packets that arrive meanwhile wait in a queue,
// and when the send completes, everything queued goes out in a single WSASend with several
// WSABUFs (a "gather" send). Fewer calls and completions; server/net sends this way.
#include <gtest/gtest.h>

#include <string>

#include "gather_sender.h"
#include "test_support.h"

namespace {

TEST(Exercise09, GatheredSendsDeliverEverythingInOrderWithFewerCalls) {
  WSADATA wsa;
  ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &wsa), 0);
  HANDLE port = create_completion_port();
  SOCKET listener = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), (int)sizeof addr), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  int len = (int)sizeof addr;
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  TestClient receiver;
  ASSERT_TRUE(receiver.connect(ntohs(addr.sin_port)));
  SOCKET s = accept(listener, nullptr, nullptr);
  ASSERT_NE(s, INVALID_SOCKET);
  ASSERT_NE(CreateIoCompletionPort(reinterpret_cast<HANDLE>(s), port, 1, 0), nullptr);

  GatherSender sender(s);
  std::string expected;
  int completions = 0;
  for (int i = 0; i < 300; ++i) {  // one send starts, the other 299 packets queue behind it
    std::string packet = "[" + std::to_string(i) + "]";
    expected += packet;
    ASSERT_TRUE(sender.send(packet));
  }
  // Drain: every posted send completes once; the last one leaves nothing queued.
  while (completions < sender.sends_posted()) {
    Completion c = dequeue_completion(port, 5000);
    ASSERT_NE(c.overlapped, nullptr) << "a send never completed";
    ASSERT_TRUE(c.ok);
    ASSERT_EQ(c.overlapped, sender.overlapped());
    ++completions;
    ASSERT_TRUE(sender.on_completion());
  }
  EXPECT_EQ(receiver.recv_exact(expected.size()), expected);
  EXPECT_EQ(sender.sends_posted(), 2) << "the first packet alone, then the 299 queued in one WSASend";

  closesocket(s);
  closesocket(listener);
  CloseHandle(port);
  WSACleanup();
}

}  // namespace
