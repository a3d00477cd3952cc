// Stage 04 exercise check: the server says how full its client array is. The log line
// "client N connected (slot N)" becomes "client N connected (slot N, K of M in use)": K the
// slots taken, this one counted, M the array's size (--max-clients). Solved in
// solution/solution.patch; check your server.cpp with ./lab lesson 04 --check.
#include <gtest/gtest.h>

#include "server.h"
#include "test_support.h"

namespace {

TEST(Exercise04, TheConnectLogLineSaysHowManySlotsAreInUse) {
  LogWatcher watcher;
  ServerConfig config;
  config.workers = 2;
  config.max_clients = 4;
  config.log = watcher.sink();
  Server server;
  ASSERT_TRUE(server.start(config));
  TestClient a, b, c;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for("client 0 connected (slot 0")) << watcher.all();
  EXPECT_TRUE(watcher.wait_for("client 0 connected (slot 0, 1 of 4 in use)", 2000)) << watcher.all();
  ASSERT_TRUE(b.connect(server.port()));
  ASSERT_TRUE(c.connect(server.port()));
  EXPECT_TRUE(watcher.wait_for("client 2 connected (slot 2, 3 of 4 in use)", 2000)) << watcher.all();
}

}  // namespace
