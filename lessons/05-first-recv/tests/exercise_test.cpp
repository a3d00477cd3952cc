// Stage 05 exercise check: the key is ours to choose, as long as both ends agree. Each socket
// gets the key index + 1 (so key 0 never names a client), the connect line says so,
// "client N connected (slot N, key K)", and on_completion still finds the client that sent.
// Solved in solution/solution.patch; check your server.cpp with ./lab lesson 05 --check.
#include <gtest/gtest.h>

#include <string>

#include "server.h"
#include "test_support.h"

namespace {

TEST(Exercise05, TheKeyIsTheIndexPlusOneAndStillFindsTheClient) {
  LogWatcher watcher;
  ServerConfig config;
  config.workers = 2;
  config.max_clients = 4;
  config.log = watcher.sink();
  Server server;
  ASSERT_TRUE(server.start(config));
  TestClient a, b;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for("client 0 connected (slot 0")) << watcher.all();
  EXPECT_TRUE(watcher.wait_for("client 0 connected (slot 0, key 1)", 2000)) << watcher.all();
  ASSERT_TRUE(b.connect(server.port()));
  EXPECT_TRUE(watcher.wait_for("client 1 connected (slot 1, key 2)")) << watcher.all();
  // Both ends agree: each recv completion still lands with the client that sent.
  ASSERT_TRUE(b.send_all("world"));
  EXPECT_TRUE(watcher.wait_for("client 1 sent 5 bytes: world")) << watcher.all();
  ASSERT_TRUE(a.send_all("hello"));
  EXPECT_TRUE(watcher.wait_for("client 0 sent 5 bytes: hello")) << watcher.all();
}

}  // namespace
