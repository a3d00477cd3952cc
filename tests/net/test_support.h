// test_support.h — small helpers shared by the framework's server tests: frames, shared
// buffers, bounded waits, a running server with an echo handler.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "echo_handler.h"
#include "loopback_client.h"
#include "server.h"

namespace iocplab::testing {

inline std::vector<uint8_t> make_frame(uint8_t type, size_t payload, uint8_t fill = 0) {
  std::vector<uint8_t> f(3 + payload, fill);
  f[0] = static_cast<uint8_t>((3 + payload) & 0xFF);
  f[1] = static_cast<uint8_t>((3 + payload) >> 8);
  f[2] = type;
  return f;
}

inline net::Bytes make_shared_bytes(std::vector<uint8_t> v) {
  return std::make_shared<const std::vector<uint8_t>>(std::move(v));
}

// Bounded wait for a condition no event announces (a counter of the server).
template <class F>
bool eventually(F f, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (!f()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

inline net::ServerConfig loopback_server_config() {
  net::ServerConfig c;
  c.address = "127.0.0.1";
  c.port = 0;
  c.workers = 2;
  c.max_sessions = 256;
  c.linger = std::chrono::milliseconds(2000);
  return c;
}

struct RunningServer {
  explicit RunningServer(net::ServerConfig cfg) : server(std::move(cfg)) {
    handler.set_outbox(&server);
    std::string error;
    started = server.start(&handler, &error);
    EXPECT_TRUE(started) << error;
  }
  ~RunningServer() { server.stop(); }
  EchoHandler handler;
  net::Server server;
  bool started = false;
};

}  // namespace iocplab::testing
