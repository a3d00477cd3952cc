// fake_game_server.h — a tiny stand-in for iocplab-server, for testing the stress tool
// while (or where) the real server is not built: one thread, poll(), loopback, port 0.
// It answers CS_LOGIN with SC_LOGIN_OK, tells every client about every other one
// (SC_ADD_PLAYER) and relays each CS_MOVE as SC_MOVE_PLAYER to the mover and to every
// other client, so the tool must drain others' traffic too. A send the client's socket
// cannot take counts as `slow_reader_drops` (a tool bug: bots must always read).
// Optionally delays each echo by echo_delay_per_client_us × clients online, so the
// delay grows with the load like a saturating server.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <set>
#include <thread>

namespace stress_test {

struct FakeServerCounters {
  std::atomic<uint64_t> logins{0};
  std::atomic<uint64_t> moves{0};
  std::atomic<uint64_t> frames_out{0};
  std::atomic<uint64_t> slow_reader_drops{0};
  std::atomic<uint64_t> bad_frames{0};
};

class FakeGameServer {
 public:
  explicit FakeGameServer(uint64_t echo_delay_per_client_us = 0);
  ~FakeGameServer();  // stops the thread, closes every socket
  FakeGameServer(const FakeGameServer&) = delete;
  FakeGameServer& operator=(const FakeGameServer&) = delete;

  uint16_t port() const { return port_; }
  // The distinct IPv4 source addresses clients connected from (host byte order).
  std::set<uint32_t> source_addresses() const {
    std::lock_guard lock(mu_);
    return sources_;
  }
  int pid_for_cpu() const;  // this process, for --server-pid
  const FakeServerCounters& counters() const { return counters_; }

 private:
  void run();

  uint64_t delay_per_client_us_;
  int listen_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: tells the thread to stop
  uint16_t port_ = 0;
  FakeServerCounters counters_;
  mutable std::mutex mu_;
  std::set<uint32_t> sources_;
  std::thread thread_;
};

}  // namespace stress_test
