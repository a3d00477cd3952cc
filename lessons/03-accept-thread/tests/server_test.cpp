// Stage 03 checks: the server listens, the accept thread gives each client its own slot and
// refuses one more than the array holds, and stop() wakes the blocked accept thread, closes
// every client and the listening socket.
#include <gtest/gtest.h>

#include <chrono>

#include "server.h"
#include "test_support.h"

namespace {

ServerConfig config_with(LogWatcher& watcher, int max_clients = 8) {
  ServerConfig config;
  config.workers = 2;
  config.max_clients = max_clients;
  config.log = watcher.sink();
  return config;
}

TEST(AcceptThread, ListensOnAFreePort) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  EXPECT_NE(server.port(), 0);
}

TEST(AcceptThread, EachClientGetsItsOwnSlot) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient a, b;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for("client 0 connected (slot 0)")) << watcher.all();
  ASSERT_TRUE(b.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for("client 1 connected (slot 1)")) << watcher.all();
  EXPECT_EQ(watcher.count("connected (slot"), 2) << watcher.all();
}

TEST(AcceptThread, AFullServerRefusesTheExtraClient) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher, 2)));
  TestClient a, b, extra;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(b.connect(server.port()));
  ASSERT_TRUE(extra.connect(server.port()));  // the kernel completes the handshake anyway
  ASSERT_TRUE(watcher.wait_for("server full")) << watcher.all();
  EXPECT_TRUE(extra.wait_closed());
  EXPECT_EQ(watcher.count("connected (slot"), 2);
}

TEST(AcceptThread, StopWakesTheBlockedAcceptThreadAtOnce) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  // The accept thread is blocked in accept(): stop() must wake it, not wait for a client.
  auto begin = std::chrono::steady_clock::now();
  server.stop();
  auto took = std::chrono::steady_clock::now() - begin;
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(took).count(), 2000);
  EXPECT_EQ(watcher.count("connected (slot"), 0) << "the wake-up is not a client\n" << watcher.all();
}

TEST(AcceptThread, StopClosesEveryClientAndTheListeningSocket) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  uint16_t port = server.port();
  TestClient a, b;
  ASSERT_TRUE(a.connect(port));
  ASSERT_TRUE(b.connect(port));
  ASSERT_TRUE(watcher.wait_for("client 1 connected")) << watcher.all();
  server.stop();
  EXPECT_TRUE(a.wait_closed());
  EXPECT_TRUE(b.wait_closed());
  TestClient late;
  EXPECT_FALSE(late.connect(port)) << "nobody listens after stop()";
}

}  // namespace
