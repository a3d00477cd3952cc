// Stage 03 exercise check: the server says where each client connects from. The log line
// "client N connected (slot N)" goes on with " from IP:PORT", the client's own address as
// the server sees it (getpeername). Solved in solution/solution.patch; check your
// server.cpp with ./lab lesson 03 --check.
#include <gtest/gtest.h>

#include <string>

#include "server.h"
#include "test_support.h"

namespace {

TEST(Exercise03, TheConnectLogLineNamesThePeerAddress) {
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
  EXPECT_TRUE(watcher.wait_for("client 0 connected (slot 0) from 127.0.0.1:", 2000)) << watcher.all();
}

}  // namespace
