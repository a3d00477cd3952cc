// Stage 10 checks: a client that never reads is cut off once it holds more than the limit,
// the clients that read get every broadcast, a client that keeps up is never cut off, and
// the memory held in send contexts stays bounded by the limit.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "server.h"
#include "test_support.h"

namespace {

ServerConfig config_with(LogWatcher& watcher, size_t send_limit) {
  ServerConfig config;
  config.workers = 2;
  config.max_clients = 16;
  config.send_limit = send_limit;
  config.log = watcher.sink();
  return config;
}

const std::string kPacket = make_packet(4, std::string(997, 'b'));  // 1000 bytes

TEST(SlowReader, ANonReaderIsCutOffWhileTheOthersGetEverything) {
  constexpr size_t kLimit = 64 * 1024;
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher, kLimit)));
  TestClient writer, slow, reader1, reader2;
  ASSERT_TRUE(slow.connect(server.port(), 4096));  // a small window: its sends back up fast
  TestClient* readers[] = {&reader1, &reader2};
  for (TestClient* r : readers) ASSERT_TRUE(r->connect(server.port()));
  ASSERT_TRUE(writer.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for_count("connected (slot", 4));

  // The readers read everything, each on its own thread, until they have `expected` bytes.
  std::atomic<size_t> expected{~size_t(0)};
  std::atomic<size_t> got[2] = {{0}, {0}};
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i)
    threads.emplace_back([&, i] {
      std::string buf;  // only counted, never kept
      auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      while (got[i] < expected && std::chrono::steady_clock::now() < end) {
        buf.clear();
        int n = readers[i]->recv_some(buf, 200);  // -2: nothing within 200 ms, try again
        if (n == 0 || n == -1) break;
        if (n > 0) got[i] += (size_t)n;
      }
    });

  // The writer sends until the server gives up on the slow reader (bounded by count).
  int sent = 0;
  while (sent < 40000 && watcher.count("slow reader") == 0) {
    std::string batch;
    for (int k = 0; k < 10; ++k) batch += kPacket;
    ASSERT_TRUE(writer.send_all(batch));
    sent += 10;
  }
  expected = sent * kPacket.size();
  for (std::thread& t : threads) t.join();

  EXPECT_EQ(watcher.count("slow reader"), 1) << "sent " << sent << " packets";
  EXPECT_TRUE(slow.wait_closed(10000)) << "the slow reader is disconnected";
  EXPECT_EQ(got[0].load(), expected.load()) << "reader 1 got every broadcast";
  EXPECT_EQ(got[1].load(), expected.load()) << "reader 2 got every broadcast";
  // Memory stayed bounded: at most the limit per client (plus one packet), in contexts.
  size_t bound = 4 * (kLimit / kPacket.size() + 2);
  EXPECT_LE(server.send_contexts_allocated(), bound);
}

TEST(SlowReader, AReaderThatKeepsUpIsNeverCutOff) {
  constexpr size_t kLimit = 16 * 1024;
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher, kLimit)));
  TestClient writer, reader;
  ASSERT_TRUE(reader.connect(server.port()));
  ASSERT_TRUE(writer.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for_count("connected (slot", 2));
  // Twenty times the limit in all, one packet at a time, each read before the next:
  // the bytes of every completed send are given back, so the count never nears the limit.
  for (int i = 0; i < 20 * (int)(kLimit / kPacket.size()); ++i) {
    ASSERT_TRUE(writer.send_all(kPacket));
    ASSERT_EQ(reader.recv_exact(kPacket.size()), kPacket) << "packet " << i;
  }
  EXPECT_EQ(watcher.count("slow reader"), 0);
  EXPECT_EQ(server.clients_in_use(), 2);
}

TEST(SlowReader, TheOthersCarryOnAfterTheCut) {
  constexpr size_t kLimit = 8 * 1024;
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher, kLimit)));
  TestClient writer, slow, reader;
  ASSERT_TRUE(slow.connect(server.port(), 4096));
  ASSERT_TRUE(reader.connect(server.port()));
  ASSERT_TRUE(writer.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for_count("connected (slot", 3));
  std::string drained;
  for (int sent = 0; sent < 40000 && watcher.count("slow reader") == 0; ++sent) {
    ASSERT_TRUE(writer.send_all(kPacket));
    ASSERT_EQ(reader.recv_exact(kPacket.size()), kPacket);
  }
  ASSERT_EQ(watcher.count("slow reader"), 1);
  // The cut client's slot comes free once its last send has completed; the others stay.
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (server.clients_in_use() != 2 && std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(server.clients_in_use(), 2);
  std::string p = make_packet(5, "still here");
  ASSERT_TRUE(writer.send_all(p));
  EXPECT_EQ(reader.recv_exact(p.size()), p);
}

}  // namespace
