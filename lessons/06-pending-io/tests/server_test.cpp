// Stage 06 checks: stage 05's, and closing while I/O is pending: a kicked client's recv comes
// back with an error before its slot is given to anyone, stop() waits for every cancelled recv,
// a wait that times out says so, and a lasting accept error does not make the thread spin.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
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

// A log sink that holds the worker logging "sent 5 bytes: block" until open() (bounded):
// while it is held the worker cannot take the next completion from the port.
class Gate {
 public:
  std::function<void(const std::string&)> sink(LogWatcher& watcher) {
    auto forward = watcher.sink();
    return [this, forward](const std::string& line) {
      forward(line);
      if (line.find("sent 5 bytes: block") == std::string::npos) return;
      std::unique_lock<std::mutex> guard(lock_);
      opened_.wait_for(guard, std::chrono::seconds(10), [this] { return open_; });
    };
  }
  void open() {
    std::lock_guard<std::mutex> guard(lock_);
    open_ = true;
    opened_.notify_all();
  }

 private:
  std::mutex lock_;
  std::condition_variable opened_;
  bool open_ = false;
};

// Slot 0's recv is cancelled by the kick, but its completion waits behind the one worker, held
// in slot 1's log line. Until it comes back slot 0 must not be given to the next client: if
// it were, that cancelled completion would land on the newcomer and close it.
TEST(PendingIo, AKickedSlotIsNotReusedUntilItsCancelledRecvComesBack) {
  LogWatcher watcher;
  Gate gate;
  ServerConfig config = config_with(watcher);
  config.workers = 1;
  config.log = gate.sink(watcher);
  Server server;
  ASSERT_TRUE(server.start(config));
  TestClient a, held, next;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for("client 0 connected (slot 0)")) << watcher.all();
  ASSERT_TRUE(held.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for("client 1 connected (slot 1)")) << watcher.all();
  ASSERT_TRUE(held.send_all("block"));
  ASSERT_TRUE(watcher.wait_for("sent 5 bytes: block")) << watcher.all();  // the worker is held now
  ASSERT_TRUE(server.kick(0));
  ASSERT_TRUE(next.connect(server.port()));
  bool reused = watcher.wait_for_count("connected (slot 0)", 2, 500);
  gate.open();
  EXPECT_FALSE(reused) << "slot 0 was given away while its recv was pending\n" << watcher.all();
  EXPECT_TRUE(watcher.wait_for("client 0: recv came back with error")) << watcher.all();
  ASSERT_TRUE(watcher.wait_for_count("connected (slot", 3)) << watcher.all();
  ASSERT_TRUE(next.send_all("hi"));
  EXPECT_TRUE(watcher.wait_for("sent 2 bytes: hi")) << "the newcomer is heard\n" << watcher.all();
  EXPECT_EQ(watcher.count("disconnected"), 0) << watcher.all();
}

TEST(PendingIo, StopReturnsOnlyAfterEveryCancelledRecvCameBack) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient a, b;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(b.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for("client 1 connected")) << watcher.all();
  server.stop();
  EXPECT_EQ(watcher.count("recv came back with error"), 2) << watcher.all();  // no waiting here
  EXPECT_EQ(server.clients_in_use(), 0);
}

TEST(PendingIo, AWaitThatTimesOutSaysSo) {
  LogWatcher watcher;
  Server server;
  ASSERT_TRUE(server.start(config_with(watcher)));
  TestClient a;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(watcher.wait_for("client 0 connected")) << watcher.all();
  EXPECT_FALSE(server.wait_until_empty(50)) << "a connected client: the slot is in use";
  EXPECT_FALSE(server.kick(5)) << "no client in slot 5";
  EXPECT_TRUE(server.kick(0));
  EXPECT_TRUE(server.wait_until_empty(5000));
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
