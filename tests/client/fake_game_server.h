// fake_game_server.h — a small single-threaded game server for the client's tests:
// PROTOCOL.md login/move/view/chat/logout rules and telemetry frames 17-19, over poll()
// on 127.0.0.1, port 0. Not the product's server: just enough to check the client
// against a known world. Thread-safe snapshot() for the test thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace iocplab::client::testing {

class FakeGameServer {
 public:
  struct Player {
    uint32_t id = 0;
    uint16_t x = 0, y = 0;
    bool online = false;
    uint64_t frames_in = 0, frames_out = 0;  // frames received from / queued to its connection
  };
  static constexpr uint16_t kWorld = 100, kView = 7;

  FakeGameServer();  // binds and listens; port() is valid after construction
  ~FakeGameServer();
  uint16_t port() const { return port_; }
  std::map<std::string, Player> snapshot() const;  // by name, including logged-out players
  uint64_t violations() const { return violations_; }

 private:
  struct Conn;
  void run();
  void handle(Conn& c, const uint8_t* frame, size_t size);
  void send_to(Conn& c, const std::vector<uint8_t>& frame);
  void leave(Conn& c);
  void telemetry();

  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex mutex_;  // guards players_ (read by snapshot)
  std::map<std::string, Player> players_;
  std::map<std::string, std::string> passwords_;
  std::map<int, std::unique_ptr<Conn>> conns_;  // by fd; server thread only
  uint32_t next_id_ = 1, spawned_ = 0;
  uint64_t packets_in_ = 0, packets_out_ = 0, bytes_in_ = 0, bytes_out_ = 0, recvs_ = 0, sends_ = 0;
  std::atomic<uint64_t> violations_{0};
  int64_t start_ms_ = 0;
};

}  // namespace iocplab::client::testing
