// Stage 03 exercise check: the server says where each client connects from. The log line
// "client connected" goes on with " from IP:PORT", the client's own address as the server
// sees it (getpeername). Solved in solution/solution.patch; check your server.cpp with
// ./lab lesson 03 --check.
#include <gtest/gtest.h>

#include <string>

#include "server.h"
#include "test_support.h"

namespace {

TEST(Exercise03, TheConnectLogLineNamesThePeerAddress) {
  LogWatcher watcher;
  ServerConfig config;
  config.workers = 2;
  config.log = watcher.sink();
  Server server;
  ASSERT_TRUE(server.start(config));
  TestClient a;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for("client connected")) << watcher.all();
  EXPECT_TRUE(watcher.wait_for("client connected from 127.0.0.1:", 2000)) << watcher.all();
}

}  // namespace
