// Stage 03 checks: the accept thread gives each client a slot, the completion key finds
// the slot again, a slot is freed when its client leaves, and stop() ends everything.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <thread>

#ifndef _WIN32
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

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

TEST(AcceptThread, ListensOnAFreePort) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  EXPECT_NE(server.port(), 0);
  EXPECT_EQ(server.clients_in_use(), 0);
}

TEST(AcceptThread, EachClientGetsASlotAndItsKeyFindsItAgain) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient a, b;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for("client 0 connected (slot 0)")) << watcher.all();
  ASSERT_TRUE(b.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for("client 1 connected (slot 1)")) << watcher.all();
  EXPECT_EQ(server.clients_in_use(), 2);

  // Each recv completion carries the key of its socket: the data lands with the right client.
  ASSERT_TRUE(b.send_all("world"));
  ASSERT_TRUE(watcher.wait_for("client 1 sent 5 bytes: world")) << watcher.all();
  ASSERT_TRUE(a.send_all("hello"));
  ASSERT_TRUE(watcher.wait_for("client 0 sent 5 bytes: hello")) << watcher.all();
}

TEST(AcceptThread, ALeavingClientFreesItsSlotForTheNextOne) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  {
    TestClient a;
    ASSERT_TRUE(a.connect(server.port()));
    ASSERT_TRUE(watcher.wait_for("client 0 connected")) << watcher.all();
  }  // a closes here: its pending recv completes with 0 bytes
  ASSERT_TRUE(watcher.wait_for("client 0 disconnected")) << watcher.all();
  ASSERT_TRUE(server.wait_until_empty(5000));
  TestClient c;
  ASSERT_TRUE(c.connect(server.port()));
  EXPECT_TRUE(watcher.wait_for_count("connected (slot 0)", 2)) << "slot 0 is reused\n" << watcher.all();
  EXPECT_EQ(server.clients_in_use(), 1);
}

TEST(AcceptThread, AFullServerRefusesTheExtraClient) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher, 2)));
  TestClient a, b, extra;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(b.connect(server.port()));
  ASSERT_TRUE(extra.connect(server.port()));  // the kernel completes the handshake anyway
  ASSERT_TRUE(watcher.wait_for("server full")) << watcher.all();
  EXPECT_TRUE(extra.wait_closed());
  EXPECT_EQ(server.clients_in_use(), 2);
}

TEST(AcceptThread, StopClosesEveryClientAndFreesEverySlot) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient a, b;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(b.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for("client 1 connected")) << watcher.all();
  server.stop();
  EXPECT_EQ(server.clients_in_use(), 0);
  EXPECT_TRUE(a.wait_closed());
  EXPECT_TRUE(b.wait_closed());
}

#ifndef _WIN32
// With no file descriptors left, accept fails at once, again and again (EMFILE, WSAEMFILE
// on Windows): the accept thread must pause between tries, not spin and flood the log.
TEST(AcceptThread, APersistentAcceptErrorDoesNotSpin) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient a;  // makes its own completion port now, before the limit
  int lowest_free = open("/dev/null", O_RDONLY);
  ASSERT_GE(lowest_free, 0);
  close(lowest_free);
  rlimit old{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &old), 0);
  rlimit tight = old;
  tight.rlim_cur = (rlim_t)lowest_free + 1;  // room for the client's socket, none for accept's
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &tight), 0);
  bool connected = a.connect(server.port());
  bool failed = watcher.wait_for("accept failed", 2000);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  int failures = watcher.count("accept failed");
  setrlimit(RLIMIT_NOFILE, &old);
  ASSERT_TRUE(connected);
  ASSERT_TRUE(failed) << watcher.all();
  std::printf("accept failures in about 0.5 s: %d\n", failures);
  EXPECT_LE(failures, 20) << "the accept thread retried " << failures << " times in about 0.5 s";
  EXPECT_TRUE(watcher.wait_for("client 0 connected")) << "it recovers once descriptors are free again";
}
#endif

}  // namespace
