// Stage 03 checks: the server listens, the accept thread takes every client in (and, with
// nowhere to keep it yet, logs it and closes it), a second server cannot take the same port,
// and stop() wakes the blocked accept thread and closes the listening socket.
#include <gtest/gtest.h>

#include <chrono>

#include "server.h"
#include "test_support.h"

namespace {

ServerConfig config_with(LogWatcher& watcher) {
  ServerConfig config;
  config.workers = 2;
  config.log = watcher.sink();
  return config;
}

TEST(AcceptThread, ListensOnAFreePort) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  EXPECT_NE(server.port(), 0);
}

TEST(AcceptThread, AConnectIsAcceptedLoggedAndClosed) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient a;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for("client connected")) << watcher.all();
  EXPECT_TRUE(a.wait_closed()) << "with nowhere to keep it, the server closes the client";
}

TEST(AcceptThread, EveryConnectIsTakenInOneAfterTheOther) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  for (int i = 1; i <= 3; ++i) {
    TestClient c;
    ASSERT_TRUE(c.connect(server.port())) << "client " << i;
    ASSERT_TRUE(watcher.wait_for_count("client connected", i)) << watcher.all();
    EXPECT_TRUE(c.wait_closed()) << "client " << i;
  }
  EXPECT_EQ(watcher.count("client connected"), 3) << watcher.all();
}

TEST(AcceptThread, ASecondServerOnTheSamePortFails) {
  LogWatcher first_log, second_log;
  Server first;
  ASSERT_TRUE(first.start(config_with(first_log)));
  ServerConfig config = config_with(second_log);
  config.port = first.port();
  Server second;
  EXPECT_FALSE(second.start(config)) << "port " << first.port() << " is taken";
  TestClient a;  // the first server still takes clients
  ASSERT_TRUE(a.connect(first.port()));
  EXPECT_TRUE(first_log.wait_for("client connected")) << first_log.all();
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
  EXPECT_EQ(watcher.count("client connected"), 0) << "the wake-up is not a client\n" << watcher.all();
}

TEST(AcceptThread, StopClosesTheListeningSocket) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  uint16_t port = server.port();
  server.stop();
  TestClient late;
  EXPECT_FALSE(late.connect(port)) << "nobody listens after stop()";
}

}  // namespace
