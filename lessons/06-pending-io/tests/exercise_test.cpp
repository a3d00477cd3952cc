// Stage 06 exercise check: a kick says how many operations of the client were still pending
// when it was closed: "client N kicked (P pending)". Solved in solution/solution.patch; check
// your server.cpp with ./lab lesson 06 --check.
#include <gtest/gtest.h>

#include <string>

#include "server.h"
#include "test_support.h"

namespace {

TEST(Exercise06, AKickNamesThePendingOperations) {
  LogWatcher watcher;
  ServerConfig config;
  config.workers = 2;
  config.max_clients = 4;
  config.log = watcher.sink();
  Server server;
  ASSERT_TRUE(server.start(config));
  TestClient a;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for("client 0 connected (slot 0)")) << watcher.all();
  ASSERT_TRUE(server.kick(0));
  EXPECT_TRUE(watcher.wait_for("client 0 kicked (1 pending)", 2000)) << watcher.all();
  EXPECT_TRUE(server.wait_until_empty(5000));
}

}  // namespace
