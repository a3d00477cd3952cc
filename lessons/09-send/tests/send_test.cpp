// Stage 09 checks: a broadcast reaches every other client in order, packets from two
// senders never mix, many sends are in flight on one socket at once, and each send's
// context goes back to the pool once, after its completion.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

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

// Connects every client and waits until the server has seen them all.
void connect_all(Server& server, LogWatcher& watcher, std::initializer_list<TestClient*> clients,
                 int receive_buffer = 0) {
  int n = 0;
  for (TestClient* t : clients) {
    ASSERT_TRUE(t->connect(server.port(), receive_buffer));
    ASSERT_TRUE(watcher.wait_for_count("connected (slot", ++n));
  }
}

TEST(Send, ABroadcastReachesEveryOtherClientInOrder) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient a, b, c;
  connect_all(server, watcher, {&a, &b, &c});
  std::string all;
  for (int i = 0; i < 200; ++i) all += make_packet(1, "move " + std::to_string(i));
  ASSERT_TRUE(a.send_all(all));
  EXPECT_EQ(b.recv_exact(all.size()), all);
  EXPECT_EQ(c.recv_exact(all.size()), all);
  // The sender got none of its own: the next thing it receives is b's packet.
  std::string from_b = make_packet(2, "hello a");
  ASSERT_TRUE(b.send_all(from_b));
  EXPECT_EQ(a.recv_exact(from_b.size()), from_b);
}

TEST(Send, PacketsFromTwoSendersArriveWholeAndEachInItsOrder) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient a, b, to;
  connect_all(server, watcher, {&a, &b, &to});
  std::string from_a, from_b;
  for (int i = 0; i < 300; ++i) {
    from_a += make_packet(1, "a" + std::to_string(i));
    from_b += make_packet(2, "b" + std::to_string(i) + std::string(40, '.'));
  }
  std::thread second([&] { b.send_all(from_b); });
  ASSERT_TRUE(a.send_all(from_a));
  second.join();
  // `to` gets both streams mixed at packet boundaries only: cut them apart by type.
  std::string got = to.recv_exact(from_a.size() + from_b.size());
  ASSERT_EQ(got.size(), from_a.size() + from_b.size());
  std::string got_a, got_b;
  for (size_t at = 0; at + 3 <= got.size();) {
    size_t size = packet_size(got.data() + at);
    ASSERT_GE(size, 3u) << "a packet cut apart at byte " << at;
    (packet_type(got.data() + at) == 1 ? got_a : got_b) += got.substr(at, size);
    at += size;
  }
  EXPECT_EQ(got_a, from_a);
  EXPECT_EQ(got_b, from_b);
}

TEST(Send, ManySendsAreInFlightOnOneSocketAtOnce) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient writer, sleeper;
  ASSERT_TRUE(sleeper.connect(server.port(), 4096));  // a small window, and it does not read yet
  ASSERT_TRUE(writer.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for_count("connected (slot", 2));
  const std::string packet = make_packet(4, std::string(997, 's'));  // 1000 bytes
  std::string batch;
  for (int k = 0; k < 100; ++k) batch += packet;
  // Send until many sends are in flight at once (bounded by count): every packet is
  // posted without waiting for the one before it, each with its own context, and the
  // ones the kernel cannot take yet stay in flight.
  int sent = 0;
  long most_lent = 0;
  while (sent < 20000 && most_lent <= 10) {
    ASSERT_TRUE(writer.send_all(batch));
    sent += 100;
    ASSERT_TRUE(watcher.wait_for_count("packet type", sent, 20000));
    most_lent = std::max(most_lent, server.send_contexts_lent());
  }
  EXPECT_GT(most_lent, 10) << "sends in flight at once, after " << sent << " packets";
  std::string got = sleeper.recv_exact(sent * packet.size(), 30000);
  EXPECT_EQ(got.size(), sent * packet.size());
  size_t wrong = 0;
  for (size_t at = 0; at < got.size(); at += packet.size()) wrong += got.compare(at, packet.size(), packet) != 0;
  EXPECT_EQ(wrong, 0u) << "every packet whole, in call order";
}

TEST(Send, ThePoolReusesItsContexts) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient a, b;
  connect_all(server, watcher, {&a, &b});
  std::string p = make_packet(3, std::string(500, 'p'));
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(a.send_all(p));
    ASSERT_EQ(b.recv_exact(p.size()), p) << "packet " << i;
  }
  EXPECT_LE(server.send_contexts_allocated(), 16u) << "300 sends, a handful of contexts";
}

TEST(Send, EveryContextComesBackOnceAfterItsCompletion) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient a, b, c;
  connect_all(server, watcher, {&a, &b, &c});
  std::string all;
  for (int i = 0; i < 100; ++i) all += make_packet(5, std::string(200, 'c'));
  ASSERT_TRUE(a.send_all(all));
  ASSERT_EQ(b.recv_exact(all.size()), all);
  ASSERT_EQ(c.recv_exact(all.size()), all);
  // The bytes are there; the completions follow. Watch the count of contexts lent out
  // for a second: never below 0 (given back twice), and 0 at the end (none lost).
  long lent = 0;
  for (int i = 0; i < 100; ++i) {
    lent = server.send_contexts_lent();
    ASSERT_GE(lent, 0) << "a context was given back before its completion, then again";
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(lent, 0);
}

}  // namespace
