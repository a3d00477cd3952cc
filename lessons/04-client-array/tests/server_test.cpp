// Stage 04 checks: the accept thread gives each client the first free slot of the client
// array, in order, ID = index; a client that left keeps its slot (nothing hears it go yet);
// one more than the array holds is refused; stop() closes every client still in a slot.
#include <gtest/gtest.h>

#include <string>

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

TEST(ClientArray, SlotsAreGivenInOrderAndTheIdIsTheIndex) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient a, b, c;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for("client 0 connected (slot 0)")) << watcher.all();
  ASSERT_TRUE(b.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for("client 1 connected (slot 1)")) << watcher.all();
  ASSERT_TRUE(c.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for("client 2 connected (slot 2)")) << watcher.all();
  EXPECT_EQ(watcher.count("connected (slot"), 3) << watcher.all();
  std::string ignored;
  EXPECT_EQ(a.recv_some(ignored, 200), -2) << "a client with a slot stays connected (a timeout, not a close)";
}

TEST(ClientArray, AFullServerRefusesTheExtraClient) {
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

TEST(ClientArray, AClientThatLeftKeepsItsSlot) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher, 1)));
  {
    TestClient gone;
    ASSERT_TRUE(gone.connect(server.port()));
    ASSERT_TRUE(watcher.wait_for("client 0 connected (slot 0)")) << watcher.all();
  }  // it closes here; without a recv the server cannot tell
  TestClient next;
  ASSERT_TRUE(next.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for("server full")) << "slot 0 is still taken\n" << watcher.all();
  EXPECT_TRUE(next.wait_closed());
}

TEST(ClientArray, StopClosesEveryClientInASlotAndTheListeningSocket) {
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
