// in_process_server.h — the real server (net::Server + game::Game, wired as main.cpp does)
// inside the test process, so sanitizers see both sides. One timer thread ticks the game.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "game/game.h"
#include "server.h"

namespace iocplab::testing {

struct ServerOptions {
  uint16_t world = 400, view = 7;
  std::string db = ":memory:";
  uint32_t max_sessions = 1000;
  size_t send_limit = 1u << 20;
  uint32_t login_timeout = 10;
  unsigned workers = 2;
  bool step = false;  // --step
};

class InProcessServer {
 public:
  explicit InProcessServer(ServerOptions o) : net_(net_config(o)), game_(game_config(o), net_, net_) {}
  ~InProcessServer() { stop(); }

  bool start(std::string* error) {
    if (!game_.start(error)) return false;
    if (!net_.start(&game_, error)) return false;
    ticker_ = std::thread([this] {
      std::unique_lock lock(mu_);
      while (!quit_) {
        cv_.wait_for(lock, std::chrono::milliseconds(100));
        if (quit_) break;
        lock.unlock();
        game_.tick();
        lock.lock();
      }
    });
    running_ = true;
    return true;
  }
  // As on SIGINT: stop accepting, save every online player, close the rest.
  void stop() {
    if (!running_) return;
    running_ = false;
    {
      std::lock_guard lock(mu_);
      quit_ = true;
    }
    cv_.notify_all();
    ticker_.join();
    net_.stop_accepting();
    game_.shutdown();
    net_.stop();
  }
  uint16_t port() const { return net_.port(); }
  net::Server& net() { return net_; }
  game::Game& game() { return game_; }

 private:
  static net::ServerConfig net_config(const ServerOptions& o) {
    net::ServerConfig c;
    c.address = "127.0.0.1";
    c.port = 0;
    c.workers = o.workers;
    c.max_sessions = o.max_sessions;
    c.send_limit = o.send_limit;
    c.step = o.step;
    return c;
  }
  static game::GameConfig game_config(const ServerOptions& o) {
    game::GameConfig c;
    c.world = o.world;
    c.view = o.view;
    c.db_path = o.db;
    c.login_timeout_s = o.login_timeout;
    c.hash_memory_kib = 8;  // the load-test cost (PROTOCOL.md v1.1): these tests log in thousands
    c.hash_passes = 1;
    return c;
  }

  net::Server net_;
  game::Game game_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool quit_ = false, running_ = false;
  std::thread ticker_;
};

}  // namespace iocplab::testing
