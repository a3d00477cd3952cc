// Stage 06 checks: IDs name occupants, broadcasts reach every other client in order, the
// pool reuses its contexts, and a reader that never reads is cut off while the others
// keep getting everything and memory stays bounded.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "server.h"
#include "test_support.h"

namespace {

ServerConfig config_with(LogWatcher& watcher, size_t send_limit = 1 << 20) {
  ServerConfig config;
  config.workers = 2;
  config.max_clients = 16;
  config.send_limit = send_limit;
  config.log = watcher.sink();
  return config;
}

int read_welcome(TestClient& client) {
  std::string w = client.recv_exact(7);
  if (w.size() != 7 || packet_size(w.data()) != 7 || packet_type(w.data()) != kWelcomePacket) return -1;
  int id;
  std::memcpy(&id, w.data() + 3, 4);
  return id;
}

TEST(Send, EveryClientGetsAnIdAndAReusedSlotGetsANewOne) {
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

TEST(Send, ABroadcastReachesEveryOtherClientInOrder) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient a, b, c;
  for (TestClient* t : {&a, &b, &c}) {
    ASSERT_TRUE(t->connect(server.port()));
    ASSERT_GE(read_welcome(*t), 0);
  }
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

TEST(Send, ThePoolReusesItsContexts) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient a, b;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_GE(read_welcome(a), 0);
  ASSERT_TRUE(b.connect(server.port()));
  ASSERT_GE(read_welcome(b), 0);
  std::string p = make_packet(3, std::string(500, 'p'));
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(a.send_all(p));
    ASSERT_EQ(b.recv_exact(p.size()), p) << "packet " << i;
  }
  EXPECT_LE(server.send_contexts_allocated(), 16u) << "302 sends, a handful of contexts";
}

TEST(Send, ASlowReaderIsCutOffWhileTheOthersGetEverything) {
  constexpr size_t kLimit = 64 * 1024;
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher, kLimit)));
  TestClient writer, slow, reader1, reader2;
  ASSERT_TRUE(slow.connect(server.port(), 4096));  // a small window: its sends back up fast
  ASSERT_GE(read_welcome(slow), 0);
  TestClient* readers[] = {&reader1, &reader2};
  for (TestClient* r : readers) {
    ASSERT_TRUE(r->connect(server.port()));
    ASSERT_GE(read_welcome(*r), 0);
  }
  ASSERT_TRUE(writer.connect(server.port()));
  ASSERT_GE(read_welcome(writer), 0);

  // The readers read everything, each on its own thread, until they have `expected` bytes.
  const std::string packet = make_packet(4, std::string(997, 'b'));  // 1000 bytes
  std::atomic<size_t> expected{~size_t(0)};
  std::atomic<size_t> got[2] = {{0}, {0}};
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i)
    threads.emplace_back([&, i] {
      std::string buf;  // only counted, never kept
      auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      while (got[i] < expected && std::chrono::steady_clock::now() < end) {
        int n = readers[i]->recv_some(buf, 200);  // -2: nothing within 200 ms, try again
        if (n == 0 || n == -1) break;
        if (n > 0) got[i] += (size_t)n;
      }
    });

  // The writer sends until the server gives up on the slow reader (bounded by count).
  int sent = 0;
  while (sent < 40000 && watcher.count("slow reader") == 0) {
    std::string batch;
    for (int k = 0; k < 10; ++k) batch += packet;
    ASSERT_TRUE(writer.send_all(batch));
    sent += 10;
  }
  expected = sent * packet.size();
  for (std::thread& t : threads) t.join();

  EXPECT_EQ(watcher.count("slow reader"), 1) << "sent " << sent << " packets";
  EXPECT_TRUE(slow.wait_closed(10000)) << "the slow reader is disconnected";
  EXPECT_EQ(got[0].load(), expected.load()) << "reader 1 got every broadcast";
  EXPECT_EQ(got[1].load(), expected.load()) << "reader 2 got every broadcast";
  // Memory stayed bounded: at most the limit per client (plus one packet), in contexts.
  size_t bound = 4 * (kLimit / packet.size() + 2);
  EXPECT_LE(server.send_contexts_allocated(), bound);
}

}  // namespace
