// Stage 14 checks: AcceptEx accepts through the port with several accepts posted, posts
// each one again after every completion, reads the peer's address, and stop() takes the
// posted accepts back before it frees anything.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "game_client.h"
#include "server.h"

namespace {

ServerConfig with_accepts(LogWatcher& watcher, int accepts) {
  ServerConfig config;
  config.workers = 2;
  config.max_clients = 64;
  config.world = 21;
  config.accepts = accepts;
  config.log = watcher.sink();
  config.db = ":memory:";  // never a file the two engines' runs would share
  config.hash_memory_kib = 8;  // the load-test cost of docs/PROTOCOL.md
  config.hash_passes = 1;
  return config;
}

TEST(AcceptEx, ManyClientsConnectingTogetherAreAllAccepted) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(with_accepts(watcher, 2)));
  std::vector<std::unique_ptr<GameClient>> clients;
  for (int i = 0; i < 20; ++i) {  // connect all first: the kernel queues them in the backlog
    clients.push_back(std::make_unique<GameClient>());
    ASSERT_TRUE(clients.back()->connect(server.port())) << "client " << i;
  }
  for (int i = 0; i < 20; ++i)
    ASSERT_TRUE(clients[i]->login("p" + std::to_string(i))) << "client " << i;
  EXPECT_EQ(watcher.count("connected (slot"), 20);
}

TEST(AcceptEx, EachAcceptIsPostedAgainAfterItsCompletion) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(with_accepts(watcher, 1)));  // one accept: it must come back every time
  for (int i = 0; i < 30; ++i) {
    GameClient c;
    ASSERT_TRUE(c.connect(server.port()));
    ASSERT_TRUE(c.login("again")) << "connection " << i;
    c.close();
    ASSERT_TRUE(server.wait_until_empty(5000));
  }
}

TEST(AcceptEx, ThePeersAddressComesFromGetAcceptExSockaddrs) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(with_accepts(watcher, 2)));
  WSADATA wsa;
  ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &wsa), 0);
  SOCKET s = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(server.port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(s, reinterpret_cast<sockaddr*>(&addr), (int)sizeof addr), 0);
  sockaddr_in mine{};
  int len = (int)sizeof mine;
  ASSERT_EQ(getsockname(s, reinterpret_cast<sockaddr*>(&mine), &len), 0);
  EXPECT_TRUE(watcher.wait_for("accepted from port " + std::to_string(ntohs(mine.sin_port))))
      << watcher.all();
  closesocket(s);
  WSACleanup();
}

TEST(AcceptEx, StopTakesThePostedAcceptsBack) {
  for (int round = 0; round < 5; ++round) {  // start and stop with accepts posted, no client
    LogWatcher watcher;
    Server server;
    ASSERT_TRUE(server.start(with_accepts(watcher, 8)));
    server.stop();
    EXPECT_EQ(watcher.count("accept failed"), 0) << "aborted accepts are not failures: " << watcher.all();
  }
}

}  // namespace
