// Stage 08 checks on the server: packets joined or split by TCP come back whole, and a
// bad size closes only that connection.
#include <gtest/gtest.h>

#include "server.h"
#include "test_support.h"

namespace {

ServerConfig config_with(LogWatcher& watcher) {
  ServerConfig config;
  config.workers = 2;
  config.max_clients = 16;
  config.log = watcher.sink();
  return config;
}

TEST(ReassemblyServer, SeveralPacketsInOneSendComeBackOneByOne) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient client;
  ASSERT_TRUE(client.connect(server.port()));
  std::string three = make_packet(1, "a") + make_packet(2, "bb") + make_packet(3, "ccc");
  ASSERT_TRUE(client.send_all(three));
  EXPECT_EQ(client.recv_exact(three.size()), three);
  EXPECT_TRUE(watcher.wait_for_count("packet type", 3)) << watcher.all();
}

TEST(ReassemblyServer, APacketSplitOverManySendsComesBackWhole) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient client;
  ASSERT_TRUE(client.connect(server.port()));
  std::string packet = make_packet(7, std::string(900, 'q'));
  for (size_t at = 0; at < packet.size(); at += 100) {
    ASSERT_TRUE(client.send_all(packet.substr(at, 100)));
    // Wait until the server has this piece: the next one then arrives in a separate recv.
    ASSERT_TRUE(watcher.wait_for_count("sent ", (int)(at / 100) + 1)) << watcher.all();
  }
  EXPECT_EQ(client.recv_exact(packet.size()), packet);
  EXPECT_EQ(watcher.count("packet type 7, 903 bytes"), 1) << watcher.all();
}

TEST(ReassemblyServer, ABadSizeClosesThatClientOnly) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient bad, good;
  ASSERT_TRUE(bad.connect(server.port()));
  ASSERT_TRUE(good.connect(server.port()));
  ASSERT_TRUE(bad.send_all(std::string("\xff\xff\x01", 3)));  // size 65535
  EXPECT_TRUE(bad.wait_closed());
  EXPECT_TRUE(watcher.wait_for("invalid packet size")) << watcher.all();
  std::string p = make_packet(2, "still here");
  ASSERT_TRUE(good.send_all(p));
  EXPECT_EQ(good.recv_exact(p.size()), p);
}

TEST(ReassemblyServer, AReusedSlotStartsWithAnEmptyAssembler) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  {
    TestClient first;
    ASSERT_TRUE(first.connect(server.port()));
    ASSERT_TRUE(first.send_all(make_packet(5, "half").substr(0, 4)));  // leaves half a packet
    ASSERT_TRUE(watcher.wait_for("sent 4 bytes")) << watcher.all();
  }
  ASSERT_TRUE(watcher.wait_for("client 0 disconnected")) << watcher.all();
  ASSERT_TRUE(server.wait_until_empty(5000));
  TestClient second;
  ASSERT_TRUE(second.connect(server.port()));
  std::string p = make_packet(6, "fresh");
  ASSERT_TRUE(second.send_all(p));
  EXPECT_EQ(second.recv_exact(p.size()), p);
}

}  // namespace
