// Stage 04 exercise check: the disconnect line tells a goodbye from a reset. A recv that
// completes with 0 bytes (the client closed) still logs "client N disconnected"; one that
// completes with an error (the client reset) logs "client N disconnected (error E)".
// Solved in solution/solution.patch; check your server.cpp with ./lab lesson 04 --check.
#include <gtest/gtest.h>

#include <string>

#include "server.h"
#include "test_support.h"

namespace {

ServerConfig config_with(LogWatcher& watcher) {
  ServerConfig config;
  config.workers = 2;
  config.max_clients = 4;
  config.log = watcher.sink();
  return config;
}

TEST(Exercise04, AResetNamesItsError) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient a;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for("client 0 connected (slot 0)")) << watcher.all();
  a.reset();
  EXPECT_TRUE(watcher.wait_for("client 0 disconnected (error ", 3000)) << watcher.all();
}

TEST(Exercise04, AGoodbyeStaysPlain) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient a;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for("client 0 connected (slot 0)")) << watcher.all();
  a.close();
  ASSERT_TRUE(watcher.wait_for("client 0 disconnected", 3000)) << watcher.all();
  EXPECT_EQ(watcher.count("(error"), 0) << watcher.all();
}

}  // namespace
