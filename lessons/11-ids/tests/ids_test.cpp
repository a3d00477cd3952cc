// Stage 11 checks: every client gets an ID in a welcome packet, a reused slot gets a new
// one, a packet for an ID that has left is dropped, and a completion posted for an
// earlier occupant of a slot is dropped without touching the new one.
#include <gtest/gtest.h>

#include <cstring>

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

int read_welcome(TestClient& client) {
  std::string w = client.recv_exact(7);
  if (w.size() != 7 || packet_size(w.data()) != 7 || packet_type(w.data()) != kWelcome) return -1;
  int id;
  std::memcpy(&id, w.data() + 3, 4);
  return id;
}

TEST(Ids, AReusedSlotGetsANewIdAndTheOldIdReachesNoOne) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  int first_id;
  {
    TestClient first;
    ASSERT_TRUE(first.connect(server.port()));
    first_id = read_welcome(first);
    EXPECT_EQ(first_id, make_id(0, 1));
  }
  ASSERT_TRUE(server.wait_until_empty(5000));
  TestClient second;
  ASSERT_TRUE(second.connect(server.port()));
  int second_id = read_welcome(second);
  EXPECT_EQ(index_of(second_id), 0) << "same slot";
  EXPECT_NE(second_id, first_id) << "but a new ID";
  std::string p = make_packet(9, "for you");
  EXPECT_FALSE(server.send_to(first_id, p)) << "a packet for the old occupant is dropped";
  EXPECT_TRUE(server.send_to(second_id, p));
  EXPECT_EQ(second.recv_exact(p.size()), p);
}

TEST(Ids, TwoClientsAtOnceHaveDifferentSlotsAndIds) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient a, b;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(b.connect(server.port()));
  int id_a = read_welcome(a), id_b = read_welcome(b);
  ASSERT_GE(id_a, 0);
  ASSERT_GE(id_b, 0);
  EXPECT_NE(index_of(id_a), index_of(id_b));
  std::string p = make_packet(1, "hello b");  // the broadcast of stage 09 still works
  ASSERT_TRUE(a.send_all(p));
  EXPECT_EQ(b.recv_exact(p.size()), p);
}

TEST(Ids, AStaleCompletionIsDroppedAndTheNewOccupantIsUntouched) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  int old_id;
  {
    TestClient first;
    ASSERT_TRUE(first.connect(server.port()));
    old_id = read_welcome(first);
  }
  ASSERT_TRUE(server.wait_until_empty(5000));
  TestClient now, other;
  ASSERT_TRUE(now.connect(server.port()));
  int now_id = read_welcome(now);
  ASSERT_EQ(index_of(now_id), index_of(old_id)) << "the slot was reused";
  ASSERT_TRUE(other.connect(server.port()));
  ASSERT_GE(read_welcome(other), 0);

  // A late completion for the old occupant, as a timer or a database thread would post it:
  // same key (the slot), an IoContext that names the old ID, 5 bytes "received".
  IoContext late{};
  late.op = Op::Recv;
  late.id = old_id;
  ASSERT_TRUE(PostQueuedCompletionStatus(server.completion_port(), 5, (ULONG_PTR)index_of(old_id),
                                         &late.overlapped));
  ASSERT_TRUE(watcher.wait_for("stale completion for client " + std::to_string(old_id)))
      << watcher.all();
  // The new occupant's stream is whole: its packets still reach the other client, intact.
  std::string p = make_packet(2, "still in one piece");
  ASSERT_TRUE(now.send_all(p));
  EXPECT_EQ(other.recv_exact(p.size()), p);
  ASSERT_TRUE(other.send_all(p));
  EXPECT_EQ(now.recv_exact(p.size()), p);
  EXPECT_EQ(watcher.count("invalid packet size"), 0);
}

}  // namespace
